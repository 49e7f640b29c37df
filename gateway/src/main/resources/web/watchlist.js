// The watchlist on the main stream: adding a symbol (the row appears once the gateway accepted it),
// removing one, replacing the list, subscribing it on every welcome, and the gateway's answers.
import { CFG, SYMBOL_RE } from './config.js';
import { $ } from './dom.js';
import { hooks, recordError } from './hooks.js';
import { servedSpelling } from './symbols.js';
import { saveWatchlist as store } from './store.js';
import * as board from './board.js';

const pendingAdds = new Map(); // id -> {sym, quote, timer}
const receivedBySymbol = new Map(); // quotes received per symbol on the main stream (test hook)
let main; // the main stream's TickConn

/** Wire the add box; conn is the main stream. */
export function initWatchlist(conn) {
  main = conn;
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault();
      $('add-input').focus();
    } else if (e.key === 'Escape' && e.target.id === 'add-input') {
      e.target.value = '';
      if (board.focusedSymbol()) board.focusRow(board.focusedSymbol(), true);
    }
  });
  $('add-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const inp = $('add-input');
    const r = addSymbol(inp.value);
    if (r.ok) inp.value = '';
  });
}

/** Quotes received for sym on the main stream (test hook). */
export const received = (sym) => receivedBySymbol.get(sym) || 0;

// ---------------------------------------------------------------- the gateway's messages
export function onQuote(m) {
  const c = hooks.counters;
  c.quotes++;
  if (m.type === 'snapshot') c.snapshots++; else c.ticks++;
  receivedBySymbol.set(m.symbol, (receivedBySymbol.get(m.symbol) || 0) + 1);
  if (!board.quote(m.symbol, m)) {
    const p = findPendingAdd(m.symbol);
    if (p) p.quote = m; else c.ignored++; // late update of a removed symbol
  }
}

export function onSubscribed(m) {
  const [id, p] = matchPending(m);
  if (!p) return;
  if (Array.isArray(m.symbols) && m.symbols.includes(p.sym)) {
    pendingAdds.delete(id);
    clearTimeout(p.timer);
    const row = board.addRow(p.sym, p.quote);
    saveWatchlist();
    setAddMsg(`added ${p.sym}`, 'ok');
    board.showRow(row.sym);
  }
}

export function onServerError(m, source) {
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
    for (const s of m.symbols) if (board.markError(s, text)) marked++;
  }
  setAddMsg(marked ? `${text} (${marked} watchlist symbol${marked > 1 ? 's' : ''} marked)` : text, 'err');
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

// ---------------------------------------------------------------- commands
/** Subscribe the whole watchlist, in chunks; after every welcome. */
export function subscribeWatchlist() {
  if (!main.isLive) return;
  subscribe(board.watchlistOrder());
}

function subscribe(symbols) {
  for (let i = 0; i < symbols.length; i += CFG.subscribeChunk) {
    main.send({ op: 'subscribe', symbols: symbols.slice(i, i + CFG.subscribeChunk), maxRate: CFG.maxRate, id: main.id() });
  }
}

export function addSymbol(input) {
  let sym = String(input || '').trim();
  if (!sym) return { ok: false, reason: 'empty' };
  if (!SYMBOL_RE.test(sym)) {
    const msg = `invalid symbol "${sym.slice(0, 24)}": 1–16 characters of A–Z a–z 0–9 . _ : / -`;
    setAddMsg(msg, 'err');
    recordError({ code: 'INVALID_INPUT', message: msg, symbols: [sym], source: 'client' });
    return { ok: false, reason: 'invalid' };
  }
  sym = servedSpelling(sym);
  if (board.hasRow(sym)) {
    setAddMsg(`${sym} is already on the watchlist`, 'info');
    board.showRow(sym); // keep typing focus in the box
    return { ok: true, reason: 'exists' };
  }
  if (findPendingAdd(sym)) return { ok: true, reason: 'pending' };
  if (!main.isLive) {
    // offline: keep it; it is subscribed (and checked by the server) on reconnect
    board.addRow(sym);
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

export function removeSymbol(sym) {
  if (!board.hasRow(sym)) return false;
  board.removeRow(sym);
  saveWatchlist();
  main.send({ op: 'unsubscribe', symbols: [sym], id: main.id() });
  setAddMsg(`removed ${sym}`, 'info');
  return true;
}

/** Replace the watchlist (the first visit's default list, or the test hook). */
export function setWatchlist(list) {
  const want = list.filter((s) => typeof s === 'string' && SYMBOL_RE.test(s));
  const set = new Set(want);
  const gone = board.watchlistOrder().filter((s) => !set.has(s));
  for (const s of gone) board.dropRow(s);
  if (gone.length) main.send({ op: 'unsubscribe', symbols: gone, id: main.id() });
  const added = [];
  for (const s of want) if (!board.hasRow(s)) { board.addRow(s); added.push(s); }
  saveWatchlist();
  subscribe(added);
}

function saveWatchlist() {
  store(board.watchlistOrder());
}

function setAddMsg(text, kind) {
  const el = $('add-msg');
  el.textContent = text;
  el.className = kind || '';
}
