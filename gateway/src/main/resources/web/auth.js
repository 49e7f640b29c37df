// The access token, for a gateway that requires one (a gateway without authentication never asks,
// and then nothing here shows). The token is kept in sessionStorage (this tab, until it closes),
// sent as access_token on /stream (a browser cannot set headers on a WebSocket) and as
// "Authorization: Bearer" on HTTP. The form appears when /api/symbols answers 401, when a stream
// closes before its welcome and /api/symbols then says 401, or when the token expires (close 1008
// "token expired"); the streams wait for a token meanwhile instead of retrying.
import { $ } from './dom.js';
import { hooks } from './hooks.js';

export const TOKEN_KEY = 'tickgate.token.v1';

const streams = [];   // the TickConns that present the token
const waiting = [];   // resolvers of tokenEntered() calls
let probing = false;

/** The token, or null. */
export function token() {
  try { return sessionStorage.getItem(TOKEN_KEY) || null; } catch { return null; }
}

/** url with access_token=TOKEN when there is a token. */
export function withToken(url, t = token()) {
  if (!t) return url;
  const u = new URL(url, globalThis.location ? location.href : undefined);
  u.searchParams.set('access_token', t);
  return u.toString();
}

/** fetch with "Authorization: Bearer TOKEN" when there is a token. */
export function authFetch(url, init = {}) {
  const t = token();
  return fetch(url, t ? { ...init, headers: { ...init.headers, Authorization: `Bearer ${t}` } } : init);
}

/** How a welcome's delay (seconds) is shown: "45 s" under a minute, else minutes ("15 min", "1.5 min"). */
export function delayText(seconds) {
  if (seconds < 60) return `${seconds} s`;
  return `${Math.round((seconds / 60) * 10) / 10} min`;
}

/** True for the close the gateway sends when the token in force expires. */
export function isTokenExpiredClose(ci) {
  return !!ci && ci.code === 1008 && /token expired/i.test(ci.reason || '');
}

/** Wire the form; streams are the TickConns to hold while there is no usable token. */
export function initAuth(...conns) {
  streams.push(...conns);
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = $('token-input').value.trim();
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(t)) {
      $('token-msg').textContent = 'not a token: three base64url parts joined by dots';
      return;
    }
    try { sessionStorage.setItem(TOKEN_KEY, t); } catch { /* private mode: kept for the page's life below */ }
    $('token-input').value = '';
    $('auth').hidden = true;
    hooks.auth = 'token';
    for (const resolve of waiting.splice(0)) resolve();
    for (const conn of streams) conn.retryNow();
  });
}

/** A stream is registered after initAuth (the tape's is made on first use). */
export function addStream(conn) {
  streams.push(conn);
}

/** Resolves once a token was entered in the form. */
export function tokenEntered() {
  return new Promise((resolve) => waiting.push(resolve));
}

/** Show the form with why a token is needed; the streams stop retrying until one is entered. */
export function needToken(why) {
  for (const conn of streams) conn.hold('unauthorized');
  if (hooks.auth === 'needed') return; // shown already, with the first reason
  try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* ignore */ }
  hooks.auth = 'needed';
  $('token-msg').textContent = why;
  $('auth').hidden = false;
  $('token-input').focus();
}

/**
 * A stream closed (TickConn's onState 'reconnecting' with its close): an expired token brings the
 * form back; a close before any welcome may be a refused handshake, which the browser does not
 * tell apart from a network failure, so ask /api/symbols with the same token.
 */
export function onStreamClosed(info) {
  if (isTokenExpiredClose(info.close)) {
    needToken('token expired: enter a new one');
    return;
  }
  if (!info.beforeWelcome || probing) return;
  probing = true;
  authFetch('api/symbols', { cache: 'no-store' })
    .then((r) => { if (r.status === 401) needToken(token() ? 'the gateway refused the token' : 'this gateway needs an access token'); })
    .catch(() => { /* gateway down: the streams keep retrying */ })
    .finally(() => { probing = false; });
}

/** A welcome: show its delay (a delayed token) and whom the token is for. */
export function showGrant(m) {
  const badge = $('delay-badge');
  const delay = Number.isInteger(m.delay) && m.delay > 0 ? m.delay : 0;
  badge.hidden = delay === 0;
  badge.textContent = delay ? `delayed ${delayText(delay)}` : '';
  badge.title = delay ? `quotes are ${delay} s late` : '';
  hooks.delay = delay;
  hooks.subject = typeof m.sub === 'string' ? m.sub : null;
  if (Number.isFinite(m.exp)) hooks.tokenExp = m.exp;
}
