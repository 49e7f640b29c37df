// One watchlist row: its cells, the latest quote applied to it, and drawing what changed into them.
//
// Row: { sym, tr, td: {...}, ring (recent lasts), q (latest quote), base (first last seen), seq, dp,
//        dirty, visible, updatedAt, stale, error, prev: {...} (what the cells show), flash state }
import { CFG } from './config.js';
import { hooks } from './hooks.js';
import { Ring } from './charts.js';
import { numText, decimalsOf, subDecimal, cmpDecimal, pctChange, fmtInt, fmtTimeMicros } from './decimal.js';

const COLS = ['last', 'chg', 'pct', 'bid', 'ask', 'spread', 'bidSize', 'askSize', 'volume', 'time'];

/** A new row for sym; onRemove(sym) is called by its × button. */
export function makeRow(sym, onRemove) {
  const tr = document.createElement('tr');
  tr.tabIndex = -1;
  tr.dataset.sym = sym;
  tr.setAttribute('role', 'row'); // explicit: the rows are laid out as grids, not table rows
  const tdSym = document.createElement('td');
  tdSym.className = 'sym l';
  tdSym.setAttribute('role', 'rowheader');
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = sym;
  const rm = document.createElement('button');
  rm.type = 'button';
  rm.className = 'rm';
  rm.title = `remove ${sym}`;
  rm.tabIndex = -1;
  rm.textContent = '×';
  rm.addEventListener('click', (e) => { e.stopPropagation(); onRemove(sym); });
  tdSym.append(name, rm);
  const tdSpark = document.createElement('td'); // its sparkline is drawn by the shared spark canvas
  tdSpark.className = 'spark';
  tdSpark.setAttribute('role', 'gridcell');
  tr.append(tdSym, tdSpark);
  const td = {};
  for (const c of COLS) {
    const cell = document.createElement('td');
    cell.className = 'num ' + c;
    cell.setAttribute('role', 'gridcell');
    cell.textContent = c === 'last' ? '…' : '';
    td[c] = cell;
    tr.appendChild(cell);
  }
  const row = {
    sym, tr, td, ring: new Ring(CFG.sparkPoints),
    q: null, base: NaN, seq: -1, dp: 0, dirty: false, visible: true,
    updatedAt: 0, stale: false, error: null, prev: {}, flashUntil: 0, flashCells: [],
  };
  tr.__row = row;
  return row;
}

/** Take a quote into the row (marked dirty); false when ignored. */
export function applyQuote(row, m) {
  // never go backwards within a stream (a snapshot re-bases, e.g. after a reconnect)
  if (m.type === 'tick' && Number.isFinite(m.seq) && m.seq <= row.seq) { hooks.counters.ignored++; return false; }
  if (Number.isFinite(m.seq)) row.seq = m.seq;
  const prev = row.q;
  row.q = m;
  if (!Number.isFinite(row.base) && Number.isFinite(m.last)) row.base = m.last;
  if (Number.isFinite(m.last)) row.ring.push(m.last);
  row.dp = Math.max(row.dp, decimalsOf(m.last), decimalsOf(m.bid), decimalsOf(m.ask));
  row.updatedAt = performance.now();
  row.error = null;
  if (prev) {
    row.flLast = cmpDecimal(m.last, prev.last);
    row.flBid = cmpDecimal(m.bid, prev.bid);
    row.flAsk = cmpDecimal(m.ask, prev.ask);
  }
  row.dirty = true;
  return true;
}

/** Draw the row's changed cells; true when it started flashing (to be ended by endFlash after flashUntil). */
export function renderRow(row, now) {
  const q = row.q, td = row.td, p = row.prev;
  row.tr.classList.toggle('err', !!row.error);
  if (row.error !== p.error) {
    p.error = row.error;
    row.tr.title = row.error || '';
    if (row.error && !q) setCell(td.last, p, 'last', 'refused');
  }
  if (!q) return false;
  setCell(td.last, p, 'last', numText(q.last));
  const chg = Number.isFinite(row.base) ? subDecimal(q.last, row.base, true, row.dp) : '';
  setCell(td.chg, p, 'chg', chg);
  setCell(td.pct, p, 'pct', Number.isFinite(row.base) ? pctChange(q.last, row.base) : '');
  const sgn = Number.isFinite(row.base) ? cmpDecimal(q.last, row.base) : 0;
  if (sgn !== p.sgn) {
    p.sgn = sgn;
    const cls = sgn > 0 ? 'pos' : sgn < 0 ? 'neg' : '';
    td.chg.className = 'num chg ' + cls;
    td.pct.className = 'num pct ' + cls;
  }
  setCell(td.bid, p, 'bid', numText(q.bid));
  setCell(td.ask, p, 'ask', numText(q.ask));
  setCell(td.spread, p, 'spread', subDecimal(q.ask, q.bid, false, row.dp));
  setCell(td.bidSize, p, 'bidSize', fmtInt(q.bidSize));
  setCell(td.askSize, p, 'askSize', fmtInt(q.askSize));
  setCell(td.volume, p, 'volume', fmtInt(q.volume));
  setCell(td.time, p, 'time', fmtTimeMicros(q.ts));
  // flashes: only for changes since the last render
  if (!(row.flLast || row.flBid || row.flAsk)) return false;
  flash(row, td.last, row.flLast, 'last');
  flash(row, td.bid, row.flBid, 'bid');
  flash(row, td.ask, row.flAsk, 'ask');
  row.flLast = row.flBid = row.flAsk = 0;
  row.flashUntil = now + 250;
  return true;
}

export function endFlash(row) {
  for (const c of row.flashCells) c.classList.remove('f');
  row.flashCells.length = 0;
}

/** Mark the row stale when it has had no quote for CFG.staleMs; returns whether it is. */
export function updateStale(row, now) {
  const stale = !row.q || now - row.updatedAt > CFG.staleMs;
  if (stale !== row.stale) {
    row.stale = stale;
    row.tr.classList.toggle('stale', stale);
    row.td.time.title = stale ? `no update for over ${CFG.staleMs / 1000}s` : '';
  }
  return stale;
}

/** The row as the test hooks show it. */
export function describeRow(row) {
  const q = row.q;
  return {
    symbol: row.sym, seq: row.seq, stale: row.stale, error: row.error, base: row.base,
    last: q ? q.last : null, bid: q ? q.bid : null, ask: q ? q.ask : null, ts: q ? q.ts : null,
    updates: row.ring.len,
  };
}

function setCell(cell, prev, key, text) {
  if (prev[key] !== text) {
    prev[key] = text;
    cell.textContent = text;
  }
}

function flash(row, cell, dir, key) {
  if (!dir) return;
  cell.className = `num ${key} ${dir > 0 ? 'up' : 'dn'} f`;
  row.flashCells.push(cell);
}
