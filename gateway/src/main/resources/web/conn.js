// A reconnecting client for the tickgate protocol v1 (JSON text frames).
//
// - every server text frame is a JSON array of message objects;
// - state: 'connecting' (first attempt) -> 'live' (after welcome)
//   -> 'reconnecting' (after a close/failure, with exponential backoff + jitter);
// - 'draining' when the gateway says it drains: the socket is left after the reconnectAfterMs the gateway
//   chose (it spreads its clients) and the same url is opened again, where a load balancer picks a serving gateway;
// - a watchdog closes the socket when nothing (not even a heartbeat) arrived
//   for 3 heartbeat intervals, so a half-dead connection is noticed;
// - onLive() is called after every welcome so the owner can (re)subscribe;
// - the url may be a function, asked before every attempt (it carries the current access token);
// - hold() stops retrying until retryNow() (e.g. while the page waits for a token).

export const BACKOFF_BASE_MS = 250;
export const BACKOFF_MAX_MS = 10000;

/** Backoff for the n-th retry (n >= 1): exponential, capped, with "equal jitter". */
export function backoffMs(n, rnd = Math.random) {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 16));
  return Math.round(exp / 2 + rnd() * (exp / 2));
}

/** "code reason" of a close the gateway chose, or '' (none yet, or 1006: the connection just dropped). */
export function closeReason(ci) {
  return ci && ci.code && ci.code !== 1006 ? `${ci.code}${ci.reason ? ' ' + ci.reason : ''}` : '';
}

export function streamUrl(path = '/stream') {
  const u = new URL(path, location.href);
  u.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

export class TickConn {
  /**
   * @param {object} o
   * @param {string} o.name       label for logs/hooks
   * @param {string | (() => string)} o.url
   * @param {(msgs: object[]) => void} o.onMessages  one call per frame
   * @param {() => void} o.onLive  after every welcome
   * @param {(state: string, info: object) => void} o.onState
   * @param {(err: string) => void} o.onProtocolError
   */
  constructor(o) {
    this.name = o.name;
    this.url = o.url;
    this.onMessages = o.onMessages;
    this.onLive = o.onLive || (() => {});
    this.onState = o.onState || (() => {});
    this.onProtocolError = o.onProtocolError || (() => {});
    this.state = 'idle';
    this.ws = null;
    this.attempt = 0;
    this.retryTimer = 0;
    this.watchdog = 0;
    this.pingTimer = 0;
    this.heartbeatMs = 5000;
    this.lastRx = 0;
    this.welcome = null;
    this.nextId = 1;
    this.pings = new Map();
    this.rttMs = NaN;
    this.connects = 0;
    this.closeInfo = null;
    this.nextRetryAt = 0;
    this.welcomed = false; // on the current or last socket
    this.moveTimer = 0;
    this.moveAt = 0;
  }

  start() {
    if (this.ws || this.retryTimer) return;
    this._open();
  }

  id() { return this.nextId++; }

  /** Send a command object; returns false when not open. */
  send(cmd) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(cmd));
    return true;
  }

  get isLive() { return this.state === 'live'; }

  _setState(s, info = {}) {
    this.state = s;
    this.onState(s, info);
  }

  _open() {
    this.retryTimer = 0;
    this._setState(this.connects === 0 && this.attempt === 0 ? 'connecting' : 'reconnecting',
      { attempt: this.attempt });
    this.welcomed = false;
    const url = typeof this.url === 'function' ? this.url() : this.url;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      this.onProtocolError(`cannot open ${url.replace(/access_token=[^&]*/, 'access_token=…')}: ${e.message}`);
      this._scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.lastRx = performance.now();
      this._armWatchdog();
    };
    ws.onmessage = (ev) => {
      this.lastRx = performance.now();
      if (typeof ev.data !== 'string') return; // binary frames are not requested by this client
      let msgs;
      try {
        msgs = JSON.parse(ev.data);
      } catch (e) {
        this.onProtocolError(`bad frame from server (not JSON): ${String(ev.data).slice(0, 80)}`);
        return;
      }
      if (!Array.isArray(msgs)) msgs = [msgs]; // contract says array; be lenient
      for (const m of msgs) {
        if (m && m.type === 'welcome') this._welcome(m);
        else if (m && m.type === 'pong') this._pong(m);
        else if (m && m.type === 'draining') this._draining(m);
      }
      this.onMessages(msgs);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.closeInfo = { code: ev.code, reason: ev.reason, wasClean: ev.wasClean };
      this._teardown();
      this._scheduleRetry();
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  _welcome(m) {
    this.welcome = m;
    this.welcomed = true;
    if (Number.isFinite(m.heartbeatMs) && m.heartbeatMs > 0) this.heartbeatMs = m.heartbeatMs;
    this.attempt = 0;
    this.connects++;
    this._armWatchdog();
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), 5000);
    this._setState('live', { welcome: m });
    this.onLive();
    this.ping();
  }

  /** The gateway drains: leave this socket after reconnectAfterMs and open the url again at once. */
  _draining(m) {
    const after = Number.isFinite(m.reconnectAfterMs) && m.reconnectAfterMs > 0 ? m.reconnectAfterMs : 0;
    const ws = this.ws;
    clearTimeout(this.moveTimer);
    this.moveAt = Date.now() + after;
    this.moveTimer = setTimeout(() => {
      this.moveTimer = 0;
      if (this.ws !== ws) return; // it ended meanwhile: the ordinary retry is under way
      ws.onclose = null;
      try { ws.close(1000, 'leaving a draining gateway'); } catch { /* ignore */ }
      this._teardown();
      this._open();
    }, after);
    this._setState('draining', { reconnectAfterMs: after });
  }

  ping() {
    const id = this.id();
    this.pings.set(id, performance.now());
    if (this.pings.size > 20) this.pings.delete(this.pings.keys().next().value);
    this.send({ op: 'ping', id });
  }

  _pong(m) {
    const t0 = this.pings.get(m.id);
    if (t0 !== undefined) {
      this.rttMs = performance.now() - t0;
      this.pings.delete(m.id);
    }
  }

  _armWatchdog() {
    clearInterval(this.watchdog);
    const limit = Math.max(3 * this.heartbeatMs, 3000);
    this.watchdog = setInterval(() => {
      if (this.ws && performance.now() - this.lastRx > limit) {
        this.onProtocolError(`${this.name}: no data for ${Math.round(limit)} ms, reconnecting`);
        try { this.ws.close(4000, 'heartbeat timeout'); } catch { /* ignore */ }
        const ws = this.ws;
        this._teardown();
        if (ws) { ws.onclose = null; }
        this._scheduleRetry();
      }
    }, Math.min(1000, limit / 3));
  }

  _teardown() {
    clearInterval(this.watchdog);
    clearInterval(this.pingTimer);
    this.watchdog = 0;
    this.pingTimer = 0;
    this.pings.clear();
    this.ws = null;
  }

  _scheduleRetry() {
    if (this.retryTimer) return;
    this.attempt++;
    const delay = backoffMs(this.attempt);
    this.nextRetryAt = Date.now() + delay;
    // armed before the state is told, so that an owner may hold() from onState
    this.retryTimer = setTimeout(() => this._open(), delay);
    this._setState('reconnecting',
      { attempt: this.attempt, delay, close: this.closeInfo, beforeWelcome: !this.welcomed });
  }

  /** Stop retrying, in the given state, until retryNow(). */
  hold(state) {
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    if (!this.ws) this._setState(state, { close: this.closeInfo });
  }

  /** Reconnect now (user asked), skipping the current backoff. */
  retryNow() {
    if (this.ws) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    this._open();
  }
}
