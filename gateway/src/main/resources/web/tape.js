// The tape: one symbol in full mode on a second connection. Every tick is listed (the last
// CFG.tapeMax kept), and a jump in seq is flagged where it happened.
import { CFG, SYMBOL_RE } from './config.js';
import { $ } from './dom.js';
import { hooks, recordError } from './hooks.js';
import { TickConn, streamUrl, closeReason } from './conn.js';
import { servedSpelling } from './symbols.js';
import { addStream, onStreamClosed, withToken } from './auth.js';
import { numText, cmpDecimal, fmtInt, fmtTimeMicros } from './decimal.js';

const tape = {
  symbol: null, conn: null, lastSeq: -1, count: 0, gaps: 0, pending: [], seqs: [], subId: null,
};
let tapeBody;
let prevLast = NaN;
let onSelect; // given to initTape

/**
 * What a quote's seq says about the tape's continuity after lastSeq: null when it follows on (or
 * starts the tape, or is a snapshot of the seq already shown), else the jump {from, to, kind}:
 * 'gap' (seqs missed), 'resync' (missed across a reconnect: the snapshot is past them),
 * 'rewind' (a snapshot below: the stream was re-based), 'backwards' (a tick below).
 */
export function seqJump(lastSeq, m) {
  if (lastSeq < 0) return null;
  const snapshot = m.type === 'snapshot';
  let gap = null;
  if (m.seq > lastSeq + 1) gap = { from: lastSeq + 1, to: m.seq - 1, kind: snapshot ? 'resync' : 'gap' };
  else if (m.seq <= lastSeq) gap = { from: m.seq, to: lastSeq, kind: snapshot ? 'rewind' : 'backwards' };
  return gap && !(snapshot && m.seq === lastSeq) ? gap : null;
}

/** The line the tape shows for a jump. */
export function jumpText(g) {
  const n = g.to - g.from + 1;
  return g.kind === 'backwards'
    ? `⚠ seq went backwards: ${g.to} → ${g.from}`
    : g.kind === 'rewind'
      ? `⚠ stream re-based at seq ${g.from} (was ${g.to})`
      : `⚠ ${g.kind === 'resync' ? 'reconnect ' : ''}gap: missed seq ${g.from}${n > 1 ? '–' + g.to : ''} (${n})`;
}

/** Wire the tape's box; select(sym) is called with each newly selected symbol. */
export function initTape(select) {
  onSelect = select;
  tapeBody = $('tape-rows');
  $('tape-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = $('tape-input').value.trim();
    if (!SYMBOL_RE.test(v)) {
      $('tape-msg').textContent = `invalid symbol "${v.slice(0, 24)}"`;
      return;
    }
    selectTape(v);
  });
}

/** The tape's symbol, or null. */
export const tapeSymbol = () => tape.symbol;

/** The tape as the test hooks show it. */
export const tapeInfo = () => ({ symbol: tape.symbol, seqs: tape.seqs.slice(), gaps: tape.gaps, count: tape.count, state: hooks.tapeState });

/** Reconnect now, if the tape has a connection. */
export function retryTape() {
  if (tape.conn) tape.conn.retryNow();
}

export function selectTape(sym) {
  if (!sym || !SYMBOL_RE.test(sym)) return;
  sym = servedSpelling(sym);
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
  onSelect(sym);
  if (!tape.conn) {
    tape.conn = new TickConn({
      name: 'tape',
      url: () => withToken(streamUrl('stream')),
      onMessages: onTapeMessages,
      onLive: subscribeTape,
      onState: (s, info) => {
        hooks.tapeState = s;
        renderTapeState();
        const why = closeReason(tape.conn && tape.conn.closeInfo);
        // e.g. 1008: a full-mode client that fell too far behind is cut off by the gateway
        if (s === 'reconnecting' && why) $('tape-msg').textContent = `closed by gateway: ${why}`;
        if (s === 'reconnecting' && info.delay !== undefined) onStreamClosed(info);
      },
      onProtocolError: (msg) => recordError({ code: 'CLIENT', message: msg, source: 'tape' }),
    });
    addStream(tape.conn);
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
      const gap = seqJump(tape.lastSeq, m);
      if (gap) {
        tape.gaps++;
        hooks.counters.tapeGaps++;
        tape.pending.push({ gap });
      }
      tape.lastSeq = m.seq;
      tape.count++;
      hooks.counters.tapeTicks++;
      tape.seqs.push(m.seq);
      if (tape.seqs.length > CFG.tapeMax) tape.seqs.splice(0, tape.seqs.length - CFG.tapeMax);
      tape.pending.push({ q: m });
      if (tape.pending.length > CFG.tapeMax * 2) tape.pending.splice(0, tape.pending.length - CFG.tapeMax);
    } else if (m.type === 'error') {
      recordError({ code: m.code, message: m.message, symbols: m.symbols, id: m.id, source: 'tape' });
      $('tape-msg').textContent = `${m.code || 'ERROR'}: ${m.message || ''}`;
    } else if (m.type === 'subscribed' && m.id === tape.subId) {
      $('tape-msg').textContent = '';
    }
  }
}

/** Add what arrived since the last frame, newest on top. */
export function renderTapeIfPending() {
  if (!tape.pending.length) return;
  const items = tape.pending.length > CFG.tapeMax ? tape.pending.slice(-CFG.tapeMax) : tape.pending;
  tape.pending = [];
  const frag = document.createDocumentFragment();
  for (let i = items.length - 1; i >= 0; i--) { // newest on top
    const it = items[i];
    const tr = document.createElement('tr');
    if (it.gap) {
      tr.className = 'gap';
      const cell = td('', jumpText(it.gap));
      cell.colSpan = 6;
      tr.appendChild(cell);
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
    const d = Number.isFinite(prevLast) ? cmpDecimal(it.q.last, prevLast) : 0;
    it.dir = d;
    prevLast = it.q.last;
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
