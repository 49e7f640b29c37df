// The watchlist's table: its rows in watchlist order or sorted by a column, redrawn at most every
// CFG.renderMs and only where in view, stale markers, and keyboard focus that moves between rows.
import { CFG } from './config.js';
import { $ } from './dom.js';
import { makeRow, applyQuote, renderRow, endFlash, updateStale, describeRow } from './row.js';
import { sortedOrder, nextSort, ariaSort } from './sorting.js';
import { initSparklines, sparksMoved, sparksChanged, drawSparksIfDue } from './sparklines.js';

const watch = { order: [], rows: new Map() };
const dirty = new Set();
const flashing = new Set();
const sort = { key: null, dir: 1, lastResort: 0 };
let tbody, boardWrap, io;
let focusedSym = null;
let lastRenderAt = 0;
let on; // the handlers given to initBoard

/**
 * Wire the table. handlers: remove(sym) (× or Delete), tape(sym) (click or Enter), sort() (a header
 * click changed the sort).
 */
export function initBoard(handlers) {
  on = handlers;
  tbody = $('rows');
  boardWrap = $('board-wrap');
  io = new IntersectionObserver((entries) => {
    for (const en of entries) {
      const row = en.target.__row;
      if (!row) continue;
      row.visible = en.isIntersecting;
      if (row.visible && row.dirty) dirty.add(row);
    }
  }, { root: boardWrap, rootMargin: '200px 0px' });
  initSparklines();
  tbody.addEventListener('keydown', onKey);
  tbody.addEventListener('click', (e) => {
    const tr = e.target.closest('tr');
    if (!tr || !tr.dataset.sym) return;
    focusRow(tr.dataset.sym, true);
    on.tape(tr.dataset.sym);
  });
  for (const th of document.querySelectorAll('#board th[data-key]')) {
    th.setAttribute('aria-sort', 'none');
    th.querySelector('button').addEventListener('click', () => onHeaderClick(th.dataset.key));
  }
}

// ---------------------------------------------------------------- rows
export const hasRow = (sym) => watch.rows.has(sym);
/** The symbols in watchlist order (not the sorted one). */
export const watchlistOrder = () => watch.order;
export const rowInfo = (sym) => (watch.rows.has(sym) ? describeRow(watch.rows.get(sym)) : null);

export function addRow(sym, quote) {
  if (watch.rows.has(sym)) return watch.rows.get(sym);
  const row = makeRow(sym, (s) => on.remove(s));
  watch.rows.set(sym, row);
  watch.order.push(sym);
  tbody.appendChild(row.tr);
  io.observe(row.tr);
  if (quote) applyQuote(row, quote);
  afterWatchlistChange();
  return row;
}

export function dropRow(sym) {
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

/** Drop a row the user removed; if it had the focus, the next row (or the new last one) takes it, so Delete can be pressed again. */
export function removeRow(sym) {
  const idx = visualOrder().indexOf(sym);
  const hadFocus = document.activeElement === watch.rows.get(sym).tr;
  const wasCurrent = focusedSym === sym;
  dropRow(sym);
  if (wasCurrent || hadFocus) {
    const vo = visualOrder();
    if (vo.length) focusRow(vo[Math.min(idx, vo.length - 1)], hadFocus);
  }
}

export function afterWatchlistChange() {
  sparksMoved();
  $('wl-count').textContent = `${watch.order.length} symbol${watch.order.length === 1 ? '' : 's'} · ≤${CFG.maxRate}/s each`;
  $('empty').hidden = watch.order.length > 0;
  if (sort.key) resort(true);
  ensureFocusable();
}

/** A quote for sym; false when sym has no row. */
export function quote(sym, m) {
  const row = watch.rows.get(sym);
  if (!row) return false;
  if (applyQuote(row, m) && row.visible) { dirty.add(row); sparksChanged(); }
  return true;
}

/** Show an error on sym's row; false when it has none. */
export function markError(sym, text) {
  const row = watch.rows.get(sym);
  if (!row) return false;
  row.error = text;
  row.dirty = true;
  dirty.add(row);
  return true;
}

/** Mark the row on the tape. */
export function markTaped(sym) {
  for (const r of watch.rows.values()) r.tr.classList.toggle('taped', r.sym === sym);
}

// ---------------------------------------------------------------- drawing
/** Draw what changed, at most every CFG.renderMs; returns the rows drawn. */
export function render(now) {
  let rendered = 0;
  if (dirty.size && now - lastRenderAt >= CFG.renderMs - 2) {
    lastRenderAt = now;
    for (const row of dirty) {
      if (!row.visible) continue; // rendered when it scrolls into view
      if (row.dirty) {
        if (renderRow(row, now)) flashing.add(row);
        row.dirty = false;
        rendered++;
      }
    }
    dirty.clear();
  }
  drawSparksIfDue(now);
  if (flashing.size && now - lastRenderAt >= CFG.renderMs - 2) {
    // flashes end on the render cadence too, so the DOM changes at most renderMs apart
    lastRenderAt = now;
    for (const row of flashing) {
      if (now >= row.flashUntil) {
        endFlash(row);
        flashing.delete(row);
      }
    }
  }
  return rendered;
}

/** Update the stale markers; returns how many rows are stale. */
export function scanStale(now) {
  let n = 0;
  for (const row of watch.rows.values()) if (updateStale(row, now)) n++;
  return n;
}

// ---------------------------------------------------------------- sorting
/** The symbols as the table shows them. */
export function visualOrder() {
  return Array.from(tbody.children, (tr) => tr.dataset.sym);
}

/** The sort, for the stored prefs. */
export const sortState = () => ({ key: sort.key, dir: sort.dir });

/** Restore a stored sort. */
export function setSort(key, dir) {
  sort.key = key;
  sort.dir = dir;
  renderSortHeaders();
}

/** Re-sort by a changing column, at most every CFG.resortMs. */
export function resortIfDue() {
  if (sort.key && sort.key !== 'symbol') resort(false);
}

function resort(force) {
  const now = performance.now();
  if (!force && now - sort.lastResort < CFG.resortMs) return;
  sort.lastResort = now;
  const order = sort.key ? sortedOrder(watch.order, (s) => watch.rows.get(s), sort.key, sort.dir) : watch.order.slice();
  // move only what moved
  const cur = tbody.children;
  let same = cur.length === order.length;
  for (let i = 0; same && i < order.length; i++) same = cur[i].dataset.sym === order[i];
  if (same) return;
  const frag = document.createDocumentFragment();
  for (const s of order) frag.appendChild(watch.rows.get(s).tr);
  tbody.appendChild(frag);
  sparksMoved();
}

function onHeaderClick(key) {
  const next = nextSort(sort, key);
  sort.key = next.key;
  sort.dir = next.dir;
  renderSortHeaders();
  resort(true);
  on.sort();
}

function renderSortHeaders() {
  for (const th of document.querySelectorAll('#board th[data-key]')) th.setAttribute('aria-sort', ariaSort(th.dataset.key, sort));
}

// ---------------------------------------------------------------- focus and keys
export const focusedSymbol = () => focusedSym;

function ensureFocusable() {
  const vo = visualOrder();
  if (!vo.length) { focusedSym = null; return; }
  if (!focusedSym || !watch.rows.has(focusedSym)) focusedSym = vo[0];
  for (const [s, r] of watch.rows) r.tr.tabIndex = s === focusedSym ? 0 : -1;
}

/** Scroll a row into view and mark it briefly, without taking the keyboard focus. */
export function showRow(sym) {
  const row = watch.rows.get(sym);
  if (!row) return;
  focusRow(sym, false);
  row.tr.scrollIntoView({ block: 'nearest' });
  row.tr.classList.remove('hl');
  void row.tr.offsetWidth; // restart the animation
  row.tr.classList.add('hl');
}

export function focusRow(sym, moveFocus = true) {
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

function onKey(e) {
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
      on.remove(tr.dataset.sym);
      return;
    case 'Enter': case 't':
      e.preventDefault();
      on.tape(tr.dataset.sym);
      return;
    default: return;
  }
  e.preventDefault();
  if (j !== null && vo[j]) focusRow(vo[j], true);
}
