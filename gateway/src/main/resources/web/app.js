// tickgate live board: watchlist (conflated), health bar, and a full-mode tape.
// Plain ES module, no build step. Protocol: protocol v1 (JSON text frames).
import { TickConn, streamUrl } from './conn.js';
import { numText, decimalsOf, subDecimal, cmpDecimal, pctChange, fmtInt, fmtTimeMicros, fmtLatency } from './decimal.js';
import { Ring, fitCanvas, drawSparkline, drawLatencyChart, parseProm } from './charts.js';

// ---------------------------------------------------------------- config
const params = new URLSearchParams(location.search);
const CFG = {
  maxRate: clampInt(params.get('maxRate'), 1, 1000, 10),  // conflated updates/s per symbol
  staleMs: clampInt(params.get('stale'), 1, 3600, 5) * 1000,
  defaultCount: 12,
  tapeMax: 500,
  sparkPoints: 64,
  metricsMs: 2000,
  subscribeChunk: 100,
  resortMs: 1000,
  // DOM updates at most this often: a trader can't read faster, and every
  // frame with changes costs layout+paint+layerize however few cells changed
  renderMs: 1000 / clampInt(params.get('fps'), 1, 120, 30),
  sparkMs: 250,      // each row's sparkline redrawn at most 4x/s
  storeKey: 'tickgate.watchlist.v1',
  prefsKey: 'tickgate.prefs.v1',
};
const SYMBOL_RE = /^[A-Za-z0-9._:/-]{1,16}$/;
function clampInt(v, lo, hi, dflt) {
  const n = parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : dflt;
}
const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- test hooks
const FRAME_SAMPLES = 600;
const hooks = {
  version: 1,
  config: CFG,
  state: 'connecting',
  tapeState: 'idle',
  server: null,
  counters: {
    wsFrames: 0, messages: 0, quotes: 0, snapshots: 0, ticks: 0, errors: 0, ignored: 0,
    framesRendered: 0, rowsRendered: 0, sparklines: 0, reconnects: 0, welcomes: 0,
    tapeTicks: 0, tapeGaps: 0, metricsPolls: 0, metricsFailures: 0,
  },
  frameTimes: [],      // ms of render work per animation frame (last 600)
  frameIntervals: [],  // ms between animation frames (last 600)
  lastError: null,     // last error shown: {code, message, symbols, id, source, at}
  errors: [],          // last 20
  metrics: { p50: NaN, p99: NaN, p999: NaN, connections: NaN, ticksInPerSec: NaN },
  updatesPerSec: 0,
};
window.__tickgate = hooks;

function pushSample(arr, v) {
  arr.push(v);
  if (arr.length > FRAME_SAMPLES) arr.splice(0, arr.length - FRAME_SAMPLES);
}

function recordError(e) {
  const err = { ...e, at: Date.now() };
  hooks.lastError = err;
  hooks.errors.push(err);
  if (hooks.errors.length > 20) hooks.errors.shift();
  hooks.counters.errors++;
}

// ---------------------------------------------------------------- persistence
function loadStored() {
  try {
    const v = JSON.parse(localStorage.getItem(CFG.storeKey));
    if (Array.isArray(v)) return v.filter((s) => typeof s === 'string' && SYMBOL_RE.test(s));
  } catch { /* ignore */ }
  return null;
}
function saveWatchlist() {
  try { localStorage.setItem(CFG.storeKey, JSON.stringify(watch.order)); } catch { /* quota/private mode */ }
}
function loadPrefs() {
  try { return JSON.parse(localStorage.getItem(CFG.prefsKey)) || {}; } catch { return {}; }
}
function savePrefs() {
  try {
    localStorage.setItem(CFG.prefsKey, JSON.stringify({ sortKey: sort.key, sortDir: sort.dir, tape: tape.symbol }));
  } catch { /* ignore */ }
}

// ---------------------------------------------------------------- symbols (/api/symbols)
let knownSymbols = null;          // array, as served
let knownUpper = new Map();       // UPPER -> symbol as served
async function loadSymbols() {
  for (let delay = 1000; ; delay = Math.min(10000, delay * 2)) {
    try {
      const r = await fetch('api/symbols', { cache: 'no-store' });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const list = await r.json();
      if (!Array.isArray(list)) throw new Error('not a JSON array');
      knownSymbols = list.filter((s) => typeof s === 'string');
      knownUpper = new Map(knownSymbols.map((s) => [s.toUpperCase(), s]));
      const dl = $('symbols-list');
      const frag = document.createDocumentFragment();
      for (const s of knownSymbols) {
        const o = document.createElement('option');
        o.value = s;
        frag.appendChild(o);
      }
      dl.replaceChildren(frag);
      return knownSymbols;
    } catch (e) {
      recordError({ code: 'HTTP', message: `/api/symbols: ${e.message}`, source: 'symbols' });
      await new Promise((res) => setTimeout(res, delay));
    }
  }
}

// ---------------------------------------------------------------- watchlist state
/**
 * Row: { sym, tr, td: {...}, spark, ring, q (latest quote), base (first last seen),
 *        seq, dirty, sparkDirty, visible, updatedAt, stale, error, prev: {...} }
 */
const watch = { order: [], rows: new Map() };
const dirty = new Set();
const flashing = new Set();
const pendingAdds = new Map(); // id -> {sym, quote, timer}
const sort = { key: null, dir: 1, lastResort: 0 };
const tbody = $('rows');
const boardWrap = $('board-wrap');
let focusedSym = null;

const COLS = ['last', 'chg', 'pct', 'bid', 'ask', 'spread', 'bidSize', 'askSize', 'volume', 'time'];

const io = new IntersectionObserver((entries) => {
  for (const en of entries) {
    const row = en.target.__row;
    if (!row) continue;
    row.visible = en.isIntersecting;
    if (row.visible && row.dirty) dirty.add(row);
  }
}, { root: boardWrap, rootMargin: '200px 0px' });

function makeRow(sym) {
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
  rm.addEventListener('click', (e) => { e.stopPropagation(); removeSymbol(sym); });
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

function addRow(sym, quote) {
  if (watch.rows.has(sym)) return watch.rows.get(sym);
  const row = makeRow(sym);
  watch.rows.set(sym, row);
  watch.order.push(sym);
  tbody.appendChild(row.tr);
  io.observe(row.tr);
  if (quote) applyQuote(row, quote);
  afterWatchlistChange();
  return row;
}

function dropRow(sym) {
  const row = watch.rows.get(sym);
  if (!row) return;
  io.unobserve(row.tr);
  row.tr.remove();
  watch.rows.delete(sym);
  dirty.delete(row);
  flashing.delete(row);
  watch.order = watch.order.filter((s) => s !== sym);
  afterWatchlistChange();
}

function afterWatchlistChange() {
  spark.moved = true;
  $('wl-count').textContent = `${watch.order.length} symbol${watch.order.length === 1 ? '' : 's'} · ≤${CFG.maxRate}/s each`;
  $('empty').hidden = watch.order.length > 0;
  if (sort.key) resort(true);
  ensureFocusable();
}

// ---------------------------------------------------------------- quotes
const upsWindow = { count: 0, t0: performance.now() };
const receivedBySymbol = new Map(); // quotes received per symbol on the main stream (test hook)

function applyQuote(row, m) {
  // never go backwards within a stream (a snapshot re-bases, e.g. after a reconnect)
  if (m.type === 'tick' && Number.isFinite(m.seq) && m.seq <= row.seq) { hooks.counters.ignored++; return; }
  if (Number.isFinite(m.seq)) row.seq = m.seq;
  const prev = row.q;
  row.q = m;
  if (!Number.isFinite(row.base) && Number.isFinite(m.last)) row.base = m.last;
  if (Number.isFinite(m.last)) row.ring.push(m.last);
  row.dp = Math.max(row.dp, decimalsOf(m.last), decimalsOf(m.bid), decimalsOf(m.ask));
  row.updatedAt = performance.now();
  row.error = null;
  if (prev) {
    row.dirLast = cmpDecimal(m.last, prev.last) || row.dirLast || 0;
    row.flLast = cmpDecimal(m.last, prev.last);
    row.flBid = cmpDecimal(m.bid, prev.bid);
    row.flAsk = cmpDecimal(m.ask, prev.ask);
  }
  row.dirty = true;
  if (row.visible) { dirty.add(row); spark.dirty = true; }
}

function onMainMessages(msgs) {
  const c = hooks.counters;
  c.wsFrames++;
  for (const m of msgs) {
    c.messages++;
    switch (m && m.type) {
      case 'snapshot':
      case 'tick': {
        c.quotes++;
        if (m.type === 'snapshot') c.snapshots++; else c.ticks++;
        upsWindow.count++;
        receivedBySymbol.set(m.symbol, (receivedBySymbol.get(m.symbol) || 0) + 1);
        const row = watch.rows.get(m.symbol);
        if (row) applyQuote(row, m);
        else {
          const p = findPendingAdd(m.symbol);
          if (p) p.quote = m; else c.ignored++; // late update of a removed symbol
        }
        break;
      }
      case 'subscribed': onSubscribed(m); break;
      case 'unsubscribed': break;
      case 'error': onServerError(m, 'stream'); break;
      case 'welcome':
        c.welcomes++;
        hooks.server = m.server;
        $('server').textContent = `${m.server || '?'} · v${m.protocol ?? '?'}`;
        break;
      case 'heartbeat': case 'pong': break;
      default: break;
    }
  }
}

function findPendingAdd(sym) {
  for (const p of pendingAdds.values()) if (p.sym === sym) return p;
  return null;
}

/** The pending add an answer belongs to: by echoed id, else by symbol. */
function matchPending(m) {
  if (m.id !== undefined && pendingAdds.has(m.id)) return [m.id, pendingAdds.get(m.id)];
  if (Array.isArray(m.symbols)) {
    for (const [id, p] of pendingAdds) if (m.symbols.includes(p.sym)) return [id, p];
  }
  return [undefined, null];
}

function onSubscribed(m) {
  const [id, p] = matchPending(m);
  if (!p) return;
  if (Array.isArray(m.symbols) && m.symbols.includes(p.sym)) {
    pendingAdds.delete(id);
    clearTimeout(p.timer);
    const row = addRow(p.sym, p.quote);
    saveWatchlist();
    setAddMsg(`added ${p.sym}`, 'ok');
    showRow(row.sym);
  }
}

function onServerError(m, source) {
  const code = m.code || 'ERROR';
  const text = `${code}: ${m.message || '(no message)'}`;
  recordError({ code, message: m.message, symbols: m.symbols, id: m.id, source });
  const [id, p] = matchPending(m);
  if (p) {
    pendingAdds.delete(id);
    clearTimeout(p.timer);
    setAddMsg(text, 'err');
    return;
  }
  // an error for the watchlist (re)subscription or some other command
  let marked = 0;
  if (Array.isArray(m.symbols)) {
    for (const s of m.symbols) {
      const row = watch.rows.get(s);
      if (row) { row.error = text; row.dirty = true; dirty.add(row); marked++; }
    }
  }
  setAddMsg(marked ? `${text} (${marked} watchlist symbol${marked > 1 ? 's' : ''} marked)` : text, 'err');
}

// ---------------------------------------------------------------- commands
const main = new TickConn({
  name: 'stream',
  url: streamUrl('stream'),
  onMessages: onMainMessages,
  onLive: () => { subscribeWatchlist(); },
  onState: (s, info) => {
    hooks.state = s;
    if (s === 'reconnecting' && info.delay !== undefined) hooks.counters.reconnects++;
    renderConnState(info);
  },
  onProtocolError: (msg) => recordError({ code: 'CLIENT', message: msg, source: 'stream' }),
});

function subscribeWatchlist() {
  if (!main.isLive || watch.order.length === 0) return;
  for (let i = 0; i < watch.order.length; i += CFG.subscribeChunk) {
    main.send({ op: 'subscribe', symbols: watch.order.slice(i, i + CFG.subscribeChunk), maxRate: CFG.maxRate, id: main.id() });
  }
}

function setAddMsg(text, kind) {
  const el = $('add-msg');
  el.textContent = text;
  el.className = kind || '';
}

function addSymbol(input) {
  let sym = String(input || '').trim();
  if (!sym) return { ok: false, reason: 'empty' };
  if (!SYMBOL_RE.test(sym)) {
    const msg = `invalid symbol "${sym.slice(0, 24)}": 1–16 characters of A–Z a–z 0–9 . _ : / -`;
    setAddMsg(msg, 'err');
    recordError({ code: 'INVALID_INPUT', message: msg, symbols: [sym], source: 'client' });
    return { ok: false, reason: 'invalid' };
  }
  // match the served spelling case-insensitively (traders type "aapl")
  if (knownUpper.has(sym.toUpperCase())) sym = knownUpper.get(sym.toUpperCase());
  if (watch.rows.has(sym)) {
    setAddMsg(`${sym} is already on the watchlist`, 'info');
    showRow(sym); // keep typing focus in the box
    return { ok: true, reason: 'exists' };
  }
  if (findPendingAdd(sym)) return { ok: true, reason: 'pending' };
  if (!main.isLive) {
    // offline: keep it; it is subscribed (and checked by the server) on reconnect
    addRow(sym);
    saveWatchlist();
    setAddMsg(`${sym} added; subscribes when the gateway is back`, 'info');
    return { ok: true, reason: 'offline' };
  }
  const id = main.id();
  const p = { sym, quote: null, timer: 0 };
  p.timer = setTimeout(() => {
    if (pendingAdds.get(id) === p) {
      pendingAdds.delete(id);
      // keep an error the gateway sent without our id; else say nothing came back
      if ($('add-msg').textContent === `adding ${sym}…`) setAddMsg(`no answer from the gateway for ${sym}`, 'err');
    }
  }, 5000);
  pendingAdds.set(id, p);
  main.send({ op: 'subscribe', symbols: [sym], maxRate: CFG.maxRate, id });
  setAddMsg(`adding ${sym}…`, 'info');
  return { ok: true, reason: 'sent', id };
}

function removeSymbol(sym) {
  if (!watch.rows.has(sym)) return false;
  const idx = visualOrder().indexOf(sym);
  const row = watch.rows.get(sym);
  const hadFocus = document.activeElement === row.tr;
  const wasCurrent = focusedSym === sym;
  dropRow(sym);
  saveWatchlist();
  main.send({ op: 'unsubscribe', symbols: [sym], id: main.id() });
  setAddMsg(`removed ${sym}`, 'info');
  if (wasCurrent || hadFocus) {
    // the next row (or the new last one) takes the focus, so Delete can be pressed again
    const vo = visualOrder();
    if (vo.length) focusRow(vo[Math.min(idx, vo.length - 1)], hadFocus);
  }
  return true;
}

function setWatchlist(list) {
  const want = list.filter((s) => typeof s === 'string' && SYMBOL_RE.test(s));
  const set = new Set(want);
  const gone = watch.order.filter((s) => !set.has(s));
  for (const s of gone) dropRow(s);
  if (gone.length) main.send({ op: 'unsubscribe', symbols: gone, id: main.id() });
  const added = [];
  for (const s of want) if (!watch.rows.has(s)) { addRow(s); added.push(s); }
  saveWatchlist();
  for (let i = 0; i < added.length; i += CFG.subscribeChunk) {
    main.send({ op: 'subscribe', symbols: added.slice(i, i + CFG.subscribeChunk), maxRate: CFG.maxRate, id: main.id() });
  }
}

// ---------------------------------------------------------------- sorting
function sortValue(row, key) {
  const q = row.q;
  if (key === 'symbol') return row.sym;
  if (!q) return NaN;
  switch (key) {
    case 'chg': return q.last - row.base;
    case 'pct': return row.base ? (q.last - row.base) / row.base : NaN;
    case 'spread': return q.ask - q.bid;
    default: return q[key];
  }
}

function visualOrder() {
  return Array.from(tbody.children, (tr) => tr.dataset.sym);
}

function resort(force) {
  const now = performance.now();
  if (!force && now - sort.lastResort < CFG.resortMs) return;
  sort.lastResort = now;
  let order = watch.order.slice();
  if (sort.key) {
    const k = sort.key, d = sort.dir;
    const vals = new Map(order.map((s) => [s, sortValue(watch.rows.get(s), k)]));
    order.sort((a, b) => {
      const x = vals.get(a), y = vals.get(b);
      if (k === 'symbol') return d * String(x).localeCompare(String(y));
      const xn = Number.isNaN(x), yn = Number.isNaN(y);
      if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1; // no data last
      return d * (x - y);
    });
  }
  // move only what moved
  const cur = tbody.children;
  let same = cur.length === order.length;
  for (let i = 0; same && i < order.length; i++) same = cur[i].dataset.sym === order[i];
  if (same) return;
  const frag = document.createDocumentFragment();
  for (const s of order) frag.appendChild(watch.rows.get(s).tr);
  tbody.appendChild(frag);
  spark.moved = true;
}

function onHeaderClick(key) {
  if (sort.key !== key) { sort.key = key; sort.dir = key === 'symbol' ? 1 : -1; }
  else if ((sort.dir === -1) !== (key === 'symbol')) sort.dir = -sort.dir;
  else sort.key = null; // third click: back to watchlist order
  for (const th of document.querySelectorAll('#board th[data-key]')) {
    th.setAttribute('aria-sort', th.dataset.key === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
  }
  resort(true);
  savePrefs();
}

// ---------------------------------------------------------------- keyboard / focus
function ensureFocusable() {
  const vo = visualOrder();
  if (!vo.length) { focusedSym = null; return; }
  if (!focusedSym || !watch.rows.has(focusedSym)) focusedSym = vo[0];
  for (const [s, r] of watch.rows) r.tr.tabIndex = s === focusedSym ? 0 : -1;
}

/** Scroll a row into view and mark it briefly, without taking the keyboard focus. */
function showRow(sym) {
  const row = watch.rows.get(sym);
  if (!row) return;
  focusRow(sym, false);
  row.tr.scrollIntoView({ block: 'nearest' });
  row.tr.classList.remove('hl');
  void row.tr.offsetWidth; // restart the animation
  row.tr.classList.add('hl');
}

function focusRow(sym, moveFocus = true) {
  const row = watch.rows.get(sym);
  if (!row) return;
  if (focusedSym && watch.rows.has(focusedSym)) watch.rows.get(focusedSym).tr.tabIndex = -1;
  focusedSym = sym;
  row.tr.tabIndex = 0;
  if (moveFocus) {
    row.tr.focus({ preventScroll: true });
    row.tr.scrollIntoView({ block: 'nearest' });
  }
}

tbody.addEventListener('keydown', (e) => {
  const tr = e.target.closest('tr');
  if (!tr || !tr.dataset.sym) return;
  const vo = visualOrder();
  const i = vo.indexOf(tr.dataset.sym);
  const page = Math.max(1, Math.floor(boardWrap.clientHeight / (tr.offsetHeight || 20)) - 1);
  let j = null;
  switch (e.key) {
    case 'ArrowDown': j = Math.min(vo.length - 1, i + 1); break;
    case 'ArrowUp': j = Math.max(0, i - 1); break;
    case 'PageDown': j = Math.min(vo.length - 1, i + page); break;
    case 'PageUp': j = Math.max(0, i - page); break;
    case 'Home': j = 0; break;
    case 'End': j = vo.length - 1; break;
    case 'Delete': case 'Backspace':
      e.preventDefault();
      removeSymbol(tr.dataset.sym);
      return;
    case 'Enter': case 't':
      e.preventDefault();
      selectTape(tr.dataset.sym);
      return;
    default: return;
  }
  e.preventDefault();
  if (j !== null && vo[j]) focusRow(vo[j], true);
});

tbody.addEventListener('click', (e) => {
  const tr = e.target.closest('tr');
  if (!tr || !tr.dataset.sym) return;
  focusRow(tr.dataset.sym, true);
  selectTape(tr.dataset.sym);
});

document.addEventListener('keydown', (e) => {
  if (e.key === '/' && !(e.target instanceof HTMLInputElement)) {
    e.preventDefault();
    $('add-input').focus();
  } else if (e.key === 'Escape' && e.target.id === 'add-input') {
    e.target.value = '';
    if (focusedSym) focusRow(focusedSym, true);
  }
});

$('add-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const inp = $('add-input');
  const r = addSymbol(inp.value);
  if (r.ok) inp.value = '';
});

for (const th of document.querySelectorAll('#board th[data-key]')) {
  th.setAttribute('aria-sort', 'none');
  th.querySelector('button').addEventListener('click', () => onHeaderClick(th.dataset.key));
}

$('conn').addEventListener('click', () => { main.retryNow(); if (tape.conn) tape.conn.retryNow(); });

// ---------------------------------------------------------------- render loop
function renderRow(row, now) {
  const q = row.q, td = row.td, p = row.prev;
  row.tr.classList.toggle('err', !!row.error);
  if (row.error !== p.error) {
    p.error = row.error;
    row.tr.title = row.error || '';
    if (row.error && !q) setCell(td.last, p, 'last', 'refused');
  }
  if (!q) return;
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
  if (row.flLast || row.flBid || row.flAsk) {
    flash(row, td.last, row.flLast, 'last');
    flash(row, td.bid, row.flBid, 'bid');
    flash(row, td.ask, row.flAsk, 'ask');
    row.flLast = row.flBid = row.flAsk = 0;
    row.flashUntil = now + 250;
    flashing.add(row);
  }
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

// ---------------------------------------------------------------- sparklines
// One canvas, sticky over the Trend column, draws the sparklines of the rows in
// view. (A canvas per row costs a compositor layer per row: with 40+ rows in
// view that dominated the frame time at 500 symbols.) Rows have a fixed height,
// so a row's place is its index in the tbody.
const spark = { dirty: true, moved: true, at: -1e9, rowH: 0 };
const sparkCanvas = $('spark-canvas');
boardWrap.addEventListener('scroll', () => { spark.moved = true; }, { passive: true });
window.addEventListener('resize', () => { spark.moved = true; });

function drawSparks(now) {
  spark.dirty = false;
  spark.moved = false;
  spark.at = now;
  const head = document.querySelector('#board thead');
  const th = head.querySelector('th.trend');
  const headerH = head.offsetHeight;
  const rows = tbody.children;
  const viewH = Math.max(0, boardWrap.clientHeight - headerH);
  const colW = th.offsetWidth;
  sparkCanvas.style.left = `${th.offsetLeft - boardWrap.scrollLeft}px`;
  sparkCanvas.style.top = `${headerH}px`;
  sparkCanvas.style.width = `${colW}px`;
  sparkCanvas.style.height = `${viewH}px`;
  const ctx = fitCanvas(sparkCanvas, colW, viewH);
  ctx.clearRect(0, 0, colW, viewH);
  if (!rows.length) return;
  const rowH = spark.rowH || (spark.rowH = rows[0].offsetHeight || 21);
  const st = boardWrap.scrollTop;
  const first = Math.max(0, Math.floor(st / rowH));
  const last = Math.min(rows.length - 1, Math.ceil((st + viewH) / rowH));
  const w = Math.min(76, colW - 12), h = 16;
  for (let i = first; i <= last; i++) {
    const row = rows[i].__row;
    if (!row || row.ring.len < 2) continue;
    const y = Math.round(i * rowH - st + (rowH - 1 - h) / 2);
    ctx.save();
    ctx.translate(6, y);
    drawSparkline(ctx, row.ring, w, h, row.base);
    ctx.restore();
    hooks.counters.sparklines++;
  }
}

let lastFrameAt = 0;
let lastStaleScan = 0;
let lastLatencyDraw = 0;
let latencyDirty = true;

let lastRenderAt = 0;
function frame(now) {
  requestAnimationFrame(frame);
  if (lastFrameAt) pushSample(hooks.frameIntervals, now - lastFrameAt);
  lastFrameAt = now;
  const t0 = performance.now();
  let rendered = 0;
  if (dirty.size && now - lastRenderAt >= CFG.renderMs - 2) {
    lastRenderAt = now;
    for (const row of dirty) {
      if (!row.visible) continue; // rendered when it scrolls into view
      if (row.dirty) { renderRow(row, now); row.dirty = false; rendered++; }
    }
    dirty.clear();
  }
  if (spark.moved || (spark.dirty && now - spark.at >= CFG.sparkMs)) drawSparks(now);
  if (flashing.size && now - lastRenderAt >= CFG.renderMs - 2) {
    // flashes end on the render cadence too, so the DOM changes at most renderMs apart
    lastRenderAt = now;
    for (const row of flashing) {
      if (now >= row.flashUntil) {
        for (const c of row.flashCells) c.classList.remove('f');
        row.flashCells.length = 0;
        flashing.delete(row);
      }
    }
  }
  if (now - lastStaleScan > 500) { lastStaleScan = now; scanStale(now); }
  if (sort.key && sort.key !== 'symbol') resort(false);
  if (tape.pending.length) renderTape();
  if (latencyDirty && now - lastLatencyDraw > 250) { lastLatencyDraw = now; latencyDirty = false; drawLatency(); }
  const dt = performance.now() - t0;
  if (rendered || dt > 0.2) {
    hooks.counters.framesRendered++;
    hooks.counters.rowsRendered += rendered;
  }
  pushSample(hooks.frameTimes, dt);
}

function scanStale(now) {
  let n = 0;
  for (const row of watch.rows.values()) {
    const stale = !row.q || now - row.updatedAt > CFG.staleMs;
    if (stale !== row.stale) {
      row.stale = stale;
      row.tr.classList.toggle('stale', stale);
      row.td.time.title = stale ? `no update for over ${CFG.staleMs / 1000}s` : '';
    }
    if (stale) n++;
  }
  const el = $('stale-count');
  el.textContent = String(n);
  el.className = n ? 'warn' : '';
  // updates/s
  const dt = now - upsWindow.t0;
  if (dt >= 1000) {
    hooks.updatesPerSec = Math.round((upsWindow.count * 1000) / dt);
    upsWindow.count = 0;
    upsWindow.t0 = now;
    $('ups').textContent = fmtInt(hooks.updatesPerSec);
    $('rtt').textContent = Number.isFinite(main.rttMs) ? `${main.rttMs.toFixed(1)} ms` : '–';
    renderConnState();
  }
}

function renderConnState(info) {
  const el = $('conn');
  const s = main.state;
  el.dataset.state = s;
  $('conn-state').textContent = s;
  let detail = '';
  if (s === 'reconnecting') {
    const left = Math.max(0, Math.ceil((main.nextRetryAt - Date.now()) / 1000));
    const ci = main.closeInfo;
    detail = `attempt ${main.attempt}${left ? ` · retry in ${left}s` : ''}${ci && ci.code && ci.code !== 1006 ? ` · closed ${ci.code}${ci.reason ? ' ' + ci.reason : ''}` : ''}`;
  } else if (s === 'live' && main.connects > 1) {
    detail = `reconnected ×${main.connects - 1}`;
  }
  $('conn-detail').textContent = detail;
  void info;
}

// ---------------------------------------------------------------- metrics (/metrics, every 2 s)
const LAT = {
  p50: new Ring(90), p99: new Ring(90), p999: new Ring(90),
  lastTicks: NaN, lastAt: 0,
};
const latSeries = [
  { ring: LAT.p50, color: '#4ea1ff' },
  { ring: LAT.p99, color: '#f5a524' },
  { ring: LAT.p999, color: '#ff5c5c' },
];

function pickQuantile(samples, q) {
  let best = NaN;
  for (const s of samples) {
    if (s.name !== 'tickgate_fanout_latency_seconds') continue;
    const lq = s.labels.quantile;
    if (lq === undefined || Math.abs(parseFloat(lq) - q) > 1e-9) continue;
    // several series (e.g. per IO thread): show the worst
    if (!(best >= s.value)) best = s.value;
  }
  return best;
}
function pickSum(samples, name) {
  let sum = NaN;
  for (const s of samples) if (s.name === name) sum = (Number.isNaN(sum) ? 0 : sum) + s.value;
  return sum;
}

async function pollMetrics() {
  const m = hooks.metrics;
  try {
    const r = await fetch('metrics', { cache: 'no-store' });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const samples = parseProm(await r.text());
    hooks.counters.metricsPolls++;
    m.p50 = pickQuantile(samples, 0.5);
    m.p99 = pickQuantile(samples, 0.99);
    m.p999 = pickQuantile(samples, 0.999);
    m.connections = pickSum(samples, 'tickgate_connections');
    const ticks = pickSum(samples, 'tickgate_ticks_in_total');
    const now = performance.now();
    if (Number.isFinite(LAT.lastTicks) && ticks >= LAT.lastTicks) m.ticksInPerSec = ((ticks - LAT.lastTicks) * 1000) / (now - LAT.lastAt);
    else m.ticksInPerSec = NaN;
    LAT.lastTicks = ticks;
    LAT.lastAt = now;
    LAT.p50.push(m.p50); LAT.p99.push(m.p99); LAT.p999.push(m.p999);
    $('lat-p50').textContent = fmtLatency(m.p50);
    $('lat-p99').textContent = fmtLatency(m.p99);
    $('lat-p999').textContent = fmtLatency(m.p999);
    $('gw-conns').textContent = Number.isFinite(m.connections) ? fmtInt(m.connections) : '–';
    $('gw-tps').textContent = Number.isFinite(m.ticksInPerSec) ? fmtInt(Math.round(m.ticksInPerSec)) : '–';
    document.querySelector('.healthbar').classList.remove('metrics-down');
  } catch (e) {
    hooks.counters.metricsFailures++;
    LAT.p50.push(NaN); LAT.p99.push(NaN); LAT.p999.push(NaN);
    LAT.lastTicks = NaN;
    document.querySelector('.healthbar').classList.add('metrics-down');
  }
  latencyDirty = true;
}

function drawLatency() {
  drawLatencyChart($('lat-chart'), latSeries, 240, 34);
}

// ---------------------------------------------------------------- tape (full mode, 2nd socket)
const tape = {
  symbol: null, conn: null, lastSeq: -1, count: 0, gaps: 0, pending: [], seqs: [], subId: null,
};
const tapeBody = $('tape-rows');

function selectTape(sym) {
  if (!sym || !SYMBOL_RE.test(sym)) return;
  if (knownUpper.has(sym.toUpperCase())) sym = knownUpper.get(sym.toUpperCase());
  if (tape.symbol === sym) return;
  const old = tape.symbol;
  tape.symbol = sym;
  tape.lastSeq = -1; tape.count = 0; tape.gaps = 0; tape.pending = []; tape.seqs = [];
  tapeBody.replaceChildren();
  $('tape-input').value = sym;
  $('tape-msg').textContent = '';
  $('tape-empty').hidden = true;
  hooks.counters.tapeTicks = 0; hooks.counters.tapeGaps = 0;
  renderTapeStats();
  for (const r of watch.rows.values()) r.tr.classList.toggle('taped', r.sym === sym);
  savePrefs();
  if (!tape.conn) {
    tape.conn = new TickConn({
      name: 'tape',
      url: streamUrl('stream'),
      onMessages: onTapeMessages,
      onLive: subscribeTape,
      onState: (s) => {
        hooks.tapeState = s;
        renderTapeState();
        const ci = tape.conn && tape.conn.closeInfo;
        if (s === 'reconnecting' && ci && ci.code && ci.code !== 1006) {
          // e.g. 1008: a full-mode client that fell too far behind is cut off by the gateway
          $('tape-msg').textContent = `closed by gateway: ${ci.code}${ci.reason ? ' ' + ci.reason : ''}`;
        }
      },
      onProtocolError: (msg) => recordError({ code: 'CLIENT', message: msg, source: 'tape' }),
    });
    tape.conn.start();
  } else {
    if (old) tape.conn.send({ op: 'unsubscribe', symbols: [old], id: tape.conn.id() });
    subscribeTape();
  }
}

function subscribeTape() {
  if (!tape.symbol || !tape.conn || !tape.conn.isLive) return;
  tape.subId = tape.conn.id();
  tape.conn.send({ op: 'subscribe', symbols: [tape.symbol], mode: 'full', id: tape.subId });
  renderTapeState();
}

function onTapeMessages(msgs) {
  for (const m of msgs) {
    if (!m) continue;
    if ((m.type === 'tick' || m.type === 'snapshot') && m.symbol === tape.symbol) {
      let gap = null;
      if (tape.lastSeq >= 0) {
        if (m.seq > tape.lastSeq + 1) {
          gap = { from: tape.lastSeq + 1, to: m.seq - 1, kind: m.type === 'snapshot' ? 'resync' : 'gap' };
        } else if (m.seq <= tape.lastSeq) {
          if (m.type === 'snapshot') { gap = { from: m.seq, to: tape.lastSeq, kind: 'rewind' }; }
          else { gap = { from: m.seq, to: tape.lastSeq, kind: 'backwards' }; }
        }
        if (gap && !(m.type === 'snapshot' && m.seq === tape.lastSeq)) {
          tape.gaps++;
          hooks.counters.tapeGaps++;
          tape.pending.push({ gap });
        }
      }
      tape.lastSeq = m.seq;
      tape.count++;
      hooks.counters.tapeTicks++;
      tape.seqs.push(m.seq);
      if (tape.seqs.length > CFG.tapeMax) tape.seqs.splice(0, tape.seqs.length - CFG.tapeMax);
      tape.pending.push({ q: m });
      if (tape.pending.length > CFG.tapeMax * 2) tape.pending.splice(0, tape.pending.length - CFG.tapeMax);
    } else if (m.type === 'error') {
      onTapeError(m);
    } else if (m.type === 'subscribed' && m.id === tape.subId) {
      $('tape-msg').textContent = '';
    }
  }
}

function onTapeError(m) {
  const text = `${m.code || 'ERROR'}: ${m.message || ''}`;
  recordError({ code: m.code, message: m.message, symbols: m.symbols, id: m.id, source: 'tape' });
  $('tape-msg').textContent = text;
}

let tapePrevLast = NaN;
function renderTape() {
  const items = tape.pending.length > CFG.tapeMax ? tape.pending.slice(-CFG.tapeMax) : tape.pending;
  tape.pending = [];
  const frag = document.createDocumentFragment();
  for (let i = items.length - 1; i >= 0; i--) { // newest on top
    const it = items[i];
    const tr = document.createElement('tr');
    if (it.gap) {
      const g = it.gap;
      tr.className = 'gap';
      const td = document.createElement('td');
      td.colSpan = 6;
      const n = g.to - g.from + 1;
      td.textContent = g.kind === 'backwards'
        ? `⚠ seq went backwards: ${g.to} → ${g.from}`
        : g.kind === 'rewind'
          ? `⚠ stream re-based at seq ${g.from} (was ${g.to})`
          : `⚠ ${g.kind === 'resync' ? 'reconnect ' : ''}gap: missed seq ${g.from}${n > 1 ? '–' + g.to : ''} (${n})`;
      tr.appendChild(td);
    } else {
      const q = it.q;
      tr.dataset.seq = q.seq;
      if (q.type === 'snapshot') tr.className = 'snap';
      tr.append(td('l', fmtTimeMicros(q.ts)), td('', String(q.seq)), td('px', numText(q.last)),
        td('', fmtInt(q.lastSize)), td('', numText(q.bid)), td('', numText(q.ask)));
    }
    frag.appendChild(tr);
  }
  // direction colouring for the newest rows, oldest first
  for (const it of items) {
    if (!it.q) continue;
    const d = Number.isFinite(tapePrevLast) ? cmpDecimal(it.q.last, tapePrevLast) : 0;
    it.dir = d;
    tapePrevLast = it.q.last;
  }
  let k = 0;
  for (let i = items.length - 1; i >= 0; i--, k++) {
    const it = items[i];
    if (it.q && it.dir) frag.children[k].children[2].className = 'px ' + (it.dir > 0 ? 'up' : 'dn');
  }
  tapeBody.prepend(frag);
  while (tapeBody.childElementCount > CFG.tapeMax) tapeBody.lastElementChild.remove();
  renderTapeStats();
}

function td(cls, text) {
  const c = document.createElement('td');
  if (cls) c.className = cls;
  c.textContent = text;
  return c;
}

function renderTapeStats() {
  $('tape-count').textContent = fmtInt(tape.count);
  $('tape-seq').textContent = tape.lastSeq >= 0 ? String(tape.lastSeq) : '–';
  const g = $('tape-gaps');
  g.textContent = String(tape.gaps);
  g.className = tape.gaps ? 'err' : '';
}

function renderTapeState() {
  const s = tape.conn ? tape.conn.state : 'idle';
  const el = $('tape-state');
  el.textContent = tape.symbol ? `${s}` : 'idle';
  el.dataset.state = s;
}

$('tape-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const v = $('tape-input').value.trim();
  if (!SYMBOL_RE.test(v)) {
    $('tape-msg').textContent = `invalid symbol "${v.slice(0, 24)}"`;
    return;
  }
  selectTape(v);
});

// ---------------------------------------------------------------- hooks API for tests/ops
Object.assign(hooks, {
  watchlist: () => visualOrder(),
  row(sym) {
    const r = watch.rows.get(sym);
    if (!r) return null;
    const q = r.q;
    return {
      symbol: sym, seq: r.seq, stale: r.stale, error: r.error, base: r.base,
      last: q ? q.last : null, bid: q ? q.bid : null, ask: q ? q.ask : null, ts: q ? q.ts : null,
      updates: r.ring.len,
    };
  },
  received: (sym) => receivedBySymbol.get(sym) || 0,
  tape: () => ({ symbol: tape.symbol, seqs: tape.seqs.slice(), gaps: tape.gaps, count: tape.count, state: hooks.tapeState }),
  addSymbol, removeSymbol, setWatchlist, selectTape,
  send: (cmd) => main.send(cmd),
  resetFrameStats() { hooks.frameTimes.length = 0; hooks.frameIntervals.length = 0; },
  symbols: () => (knownSymbols ? knownSymbols.slice() : null),
});

// ---------------------------------------------------------------- start
const prefs = loadPrefs();
if (prefs.sortKey) { sort.key = prefs.sortKey; sort.dir = prefs.sortDir === 1 ? 1 : -1; }
for (const th of document.querySelectorAll('#board th[data-key]')) {
  th.setAttribute('aria-sort', th.dataset.key === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
}
const stored = loadStored();
if (stored) for (const s of stored) addRow(s);
afterWatchlistChange();
$('foot-info').textContent = `conflated ≤${CFG.maxRate}/s · stale after ${CFG.staleMs / 1000}s`;
main.start();
requestAnimationFrame(frame);
pollMetrics();
setInterval(pollMetrics, CFG.metricsMs);
loadSymbols().then((list) => {
  if (!stored && watch.order.length === 0) {
    setWatchlist(list.slice(0, CFG.defaultCount)); // first visit: a default watchlist
  }
});
if (prefs.tape && SYMBOL_RE.test(prefs.tape)) selectTape(prefs.tape);
