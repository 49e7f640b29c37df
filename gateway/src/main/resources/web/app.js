// tickgate live board: watchlist (conflated), health bar, and a full-mode tape. This shell wires
// the modules, routes the main stream's messages, runs the one animation-frame loop and publishes
// the test hooks (window.__tickgate). Plain ES modules, no build step. Protocol v1 (JSON text frames).
import { CFG, SYMBOL_RE } from './config.js';
import { $ } from './dom.js';
import { hooks, pushSample, recordError } from './hooks.js';
import { TickConn, streamUrl } from './conn.js';
import { initAuth, onStreamClosed, showGrant, withToken } from './auth.js';
import { loadWatchlist, loadPrefs, savePrefs } from './store.js';
import { loadSymbols, knownSymbolList } from './symbols.js';
import * as board from './board.js';
import * as watchlist from './watchlist.js';
import * as health from './health.js';
import { startMetrics, drawChartIfDue } from './metrics.js';
import { initTape, selectTape, tapeSymbol, tapeInfo, retryTape, renderTapeIfPending } from './tape.js';

hooks.config = CFG;
window.__tickgate = hooks;

// ---------------------------------------------------------------- the main stream
const main = new TickConn({
  name: 'stream',
  url: () => withToken(streamUrl('stream')),
  onMessages: onMainMessages,
  onLive: () => { watchlist.subscribeWatchlist(); },
  onState: (s, info) => {
    hooks.state = s;
    if (s === 'draining') hooks.counters.drainings++;
    if (s === 'reconnecting' && info.delay !== undefined) {
      hooks.counters.reconnects++;
      onStreamClosed(info);
    }
    health.renderConnState();
  },
  onProtocolError: (msg) => recordError({ code: 'CLIENT', message: msg, source: 'stream' }),
});

function onMainMessages(msgs) {
  const c = hooks.counters;
  c.wsFrames++;
  for (const m of msgs) {
    c.messages++;
    switch (m && m.type) {
      case 'snapshot':
      case 'tick':
        health.countUpdate();
        watchlist.onQuote(m);
        break;
      case 'subscribed': watchlist.onSubscribed(m); break;
      case 'unsubscribed': break;
      case 'error': watchlist.onServerError(m, 'stream'); break;
      case 'welcome': health.showWelcome(m); showGrant(m); break;
      case 'heartbeat': case 'pong': break;
      default: break;
    }
  }
}

function storePrefs() {
  const sort = board.sortState();
  savePrefs({ sortKey: sort.key, sortDir: sort.dir, tape: tapeSymbol() });
}

// ---------------------------------------------------------------- wiring
board.initBoard({ remove: watchlist.removeSymbol, tape: selectTape, sort: storePrefs });
watchlist.initWatchlist(main);
health.initHealth(main);
initAuth(main);
initTape((sym) => { board.markTaped(sym); storePrefs(); });
$('conn').addEventListener('click', () => { main.retryNow(); retryTape(); });

// ---------------------------------------------------------------- render loop
let lastFrameAt = 0;
let lastStaleScan = 0;

function frame(now) {
  requestAnimationFrame(frame);
  if (lastFrameAt) pushSample(hooks.frameIntervals, now - lastFrameAt);
  lastFrameAt = now;
  const t0 = performance.now();
  const rendered = board.render(now);
  if (now - lastStaleScan > 500) { lastStaleScan = now; health.update(now, board.scanStale(now)); }
  board.resortIfDue();
  renderTapeIfPending();
  drawChartIfDue(now);
  const dt = performance.now() - t0;
  if (rendered || dt > 0.2) {
    hooks.counters.framesRendered++;
    hooks.counters.rowsRendered += rendered;
  }
  pushSample(hooks.frameTimes, dt);
}

// ---------------------------------------------------------------- hooks API for tests/ops
Object.assign(hooks, {
  watchlist: () => board.visualOrder(),
  row: (sym) => board.rowInfo(sym),
  received: (sym) => watchlist.received(sym),
  tape: () => tapeInfo(),
  addSymbol: watchlist.addSymbol,
  removeSymbol: watchlist.removeSymbol,
  setWatchlist: watchlist.setWatchlist,
  selectTape,
  send: (cmd) => main.send(cmd),
  resetFrameStats() { hooks.frameTimes.length = 0; hooks.frameIntervals.length = 0; },
  symbols: () => knownSymbolList(),
});

// ---------------------------------------------------------------- start
const prefs = loadPrefs();
if (prefs.sortKey) board.setSort(prefs.sortKey, prefs.sortDir === 1 ? 1 : -1);
const stored = loadWatchlist();
if (stored) for (const s of stored) board.addRow(s);
board.afterWatchlistChange();
$('foot-info').textContent = `conflated ≤${CFG.maxRate}/s · stale after ${CFG.staleMs / 1000}s`;
main.start();
requestAnimationFrame(frame);
startMetrics();
loadSymbols().then((list) => {
  if (!stored && board.watchlistOrder().length === 0) {
    watchlist.setWatchlist(list.slice(0, CFG.defaultCount)); // first visit: a default watchlist
  }
});
if (prefs.tape && SYMBOL_RE.test(prefs.tape)) selectTape(prefs.tape);
