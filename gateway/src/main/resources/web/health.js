// The health bar's connection side: the main stream's state, the gateway's name from its welcome,
// updates/s received, round-trip time and the stale count. (The latency side is metrics.js.)
import { $ } from './dom.js';
import { hooks } from './hooks.js';
import { fmtInt } from './decimal.js';
import { closeReason } from './conn.js';

const upsWindow = { count: 0, t0: performance.now() };
let main; // the main stream's TickConn

export function initHealth(conn) {
  main = conn;
}

/** A quote arrived on the main stream. */
export function countUpdate() {
  upsWindow.count++;
}

export function showWelcome(m) {
  hooks.counters.welcomes++;
  hooks.server = m.server;
  $('server').textContent = `${m.server || '?'} · v${m.protocol ?? '?'}`;
}

/** Show the stale count; once a second also updates/s, the round-trip time and the connection state. */
export function update(now, staleCount) {
  const el = $('stale-count');
  el.textContent = String(staleCount);
  el.className = staleCount ? 'warn' : '';
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

export function renderConnState() {
  const el = $('conn');
  el.dataset.state = main.state;
  $('conn-state').textContent = main.state;
  $('conn-detail').textContent = connDetail(main, Date.now());
}

/** What the connection button says after its state: the attempt and retry countdown, or the reconnect count. */
export function connDetail(conn, nowMs) {
  if (conn.state === 'reconnecting') {
    const left = Math.max(0, Math.ceil((conn.nextRetryAt - nowMs) / 1000));
    const why = closeReason(conn.closeInfo);
    return `attempt ${conn.attempt}${left ? ` · retry in ${left}s` : ''}${why ? ` · closed ${why}` : ''}`;
  }
  if (conn.state === 'draining') {
    const left = Math.max(0, Math.ceil((conn.moveAt - nowMs) / 1000));
    return `gateway draining · moving${left ? ` in ${left}s` : ''}`;
  }
  return conn.state === 'live' && conn.connects > 1 ? `reconnected ×${conn.connects - 1}` : '';
}
