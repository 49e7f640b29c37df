// Unit tests of the dashboard's pure functions (no browser, no gateway): its modules touch the DOM only when wired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numText, decimalsOf, subDecimal, cmpDecimal, pctChange, fmtInt } from '../../../../../gateway/src/main/resources/web/decimal.js';
import { backoffMs, BACKOFF_MAX_MS, closeReason } from '../../../../../gateway/src/main/resources/web/conn.js';
import { parseProm, Ring } from '../../../../../gateway/src/main/resources/web/charts.js';
import { readConfig } from '../../../../../gateway/src/main/resources/web/config.js';
import { sortedOrder, nextSort, ariaSort } from '../../../../../gateway/src/main/resources/web/sorting.js';
import { seqJump, jumpText } from '../../../../../gateway/src/main/resources/web/tape.js';
import { fullBuckets, histogramQuantile, pickSum } from '../../../../../gateway/src/main/resources/web/metrics.js';
import { connDetail } from '../../../../../gateway/src/main/resources/web/health.js';
import { delayText, isTokenExpiredClose, withToken } from '../../../../../gateway/src/main/resources/web/auth.js';

test('prices print exactly as the gateway wrote them', () => {
  assert.equal(numText(JSON.parse('189.12')), '189.12');
  assert.equal(numText(JSON.parse('0.00000001')), '0.00000001');
  assert.equal(numText(JSON.parse('1.5e-7')), '0.00000015');
  assert.equal(numText(JSON.parse('92233720368.54775807')), String(92233720368.54775807));
  assert.equal(decimalsOf(1.08512), 5);
  assert.equal(decimalsOf(65023), 0);
});

test('differences have no float noise', () => {
  assert.equal(subDecimal(0.3, 0.1), '0.2');           // 0.3 - 0.1 = 0.19999999999999998 in floats
  assert.equal(subDecimal(189.13, 189.12, true), '+0.01');
  assert.equal(subDecimal(405.1, 405.7, true, 2), '-0.60');
  assert.equal(subDecimal(1.07237, 1.07195), '0.00042');
  assert.equal(subDecimal(100, 100, true), '0');
  assert.equal(subDecimal(65049.02, 65023), '26.02');
  assert.equal(cmpDecimal(0.1 + 0.2, 0.3), 1);          // 0.30000000000000004 is a different number
  assert.equal(cmpDecimal(189.12, 189.12), 0);
});

test('change % is rounded half away from zero to 2 decimals', () => {
  assert.equal(pctChange(101, 100), '+1.00');
  assert.equal(pctChange(99, 100), '-1.00');
  assert.equal(pctChange(100.005, 100), '+0.01');
  assert.equal(pctChange(100.004, 100), '0.00');
  assert.equal(pctChange(1, 0), '');
  assert.equal(fmtInt(1234567), '1,234,567');
});

test('reconnect backoff grows exponentially, is capped, and is jittered', () => {
  assert.equal(backoffMs(1, () => 1), 250);
  assert.equal(backoffMs(1, () => 0), 125);
  assert.equal(backoffMs(4, () => 1), 2000);
  assert.equal(backoffMs(50, () => 1), BACKOFF_MAX_MS);
  assert.ok(backoffMs(50, () => 0) >= BACKOFF_MAX_MS / 2);
});

test('prometheus text: histogram buckets and counters are read', () => {
  const s = parseProm([
    '# HELP tickgate_fanout_latency_seconds fan-out latency',
    '# TYPE tickgate_fanout_latency_seconds histogram',
    'tickgate_fanout_latency_seconds_bucket{mode="full",le="1.0E-5"} 12',
    'tickgate_fanout_latency_seconds_bucket{mode="full",le="+Inf"} 17',
    'tickgate_fanout_latency_seconds_count{mode="full"} 17',
    'tickgate_connections 3',
    'tickgate_ticks_in_total 123456 1764100000000',
    'weird_value NaN',
  ].join('\n'));
  assert.equal(s.length, 6);
  assert.deepEqual(s[0], { name: 'tickgate_fanout_latency_seconds_bucket', labels: { mode: 'full', le: '1.0E-5' }, value: 12 });
  assert.deepEqual(s[1].labels, { mode: 'full', le: '+Inf' });
  assert.equal(s[4].value, 123456);
  assert.ok(Number.isNaN(s[5].value));
});

test('ring buffer keeps the newest values in order', () => {
  const r = new Ring(3);
  for (const v of [1, 2, 3, 4, 5]) r.push(v);
  assert.deepEqual([r.get(0), r.get(1), r.get(2)], [3, 4, 5]);
  assert.equal(r.last(), 5);
});

test('settings from the URL are kept within bounds', () => {
  const d = readConfig('');
  assert.equal(d.maxRate, 10);
  assert.equal(d.staleMs, 5000);
  assert.equal(d.renderMs, 1000 / 30);
  const c = readConfig('?maxRate=5000&stale=0&fps=x');
  assert.equal(c.maxRate, 1000);
  assert.equal(c.staleMs, 1000);
  assert.equal(c.renderMs, 1000 / 30);
  assert.equal(readConfig('?fps=120').renderMs, 1000 / 120);
});

test('sorting: a column sorts descending first, rows without data last; a third click restores', () => {
  const rows = {
    A: { sym: 'A', base: 100, q: { last: 101, bid: 100.9, ask: 101.2 } },
    b: { sym: 'b', base: 50, q: { last: 49, bid: 48.5, ask: 49.5 } },
    C: { sym: 'C', base: NaN, q: null },
    D: { sym: 'D', base: 0, q: { last: 7, bid: 6, ask: 8 } },
  };
  const rowOf = (s) => rows[s];
  const order = ['A', 'b', 'C', 'D'];
  assert.deepEqual(sortedOrder(order, rowOf, 'last', -1), ['A', 'b', 'D', 'C']);
  assert.deepEqual(sortedOrder(order, rowOf, 'last', 1), ['D', 'b', 'A', 'C']);
  assert.deepEqual(sortedOrder(order, rowOf, 'pct', -1), ['A', 'b', 'C', 'D'], 'no base: no % change');
  assert.deepEqual(sortedOrder(order, rowOf, 'spread', 1), ['A', 'b', 'D', 'C']);
  assert.deepEqual(sortedOrder(order, rowOf, 'symbol', 1), ['A', 'b', 'C', 'D']);
  assert.deepEqual(order, ['A', 'b', 'C', 'D'], 'the watchlist order is left as it is');

  let sort = { key: null, dir: 1 };
  const clicks = [];
  for (const key of ['last', 'last', 'last', 'symbol', 'symbol', 'symbol']) {
    sort = nextSort(sort, key);
    clicks.push(`${sort.key}:${sort.key ? ariaSort(sort.key, sort) : ariaSort('last', sort)}`);
  }
  assert.deepEqual(clicks, ['last:descending', 'last:ascending', 'null:none',
    'symbol:ascending', 'symbol:descending', 'null:none']);
});

test('tape: a jump in seq is told apart from a continuation', () => {
  const tick = (seq) => ({ type: 'tick', seq });
  const snap = (seq) => ({ type: 'snapshot', seq });
  assert.equal(seqJump(-1, tick(5)), null, 'the first quote starts the tape');
  assert.equal(seqJump(5, tick(6)), null);
  assert.equal(seqJump(5, snap(5)), null, 'a resubscribe with nothing missed');
  assert.equal(seqJump(5, tick(undefined)), null);
  assert.deepEqual(seqJump(5, tick(9)), { from: 6, to: 8, kind: 'gap' });
  assert.deepEqual(seqJump(5, snap(9)), { from: 6, to: 8, kind: 'resync' });
  assert.deepEqual(seqJump(5, snap(3)), { from: 3, to: 5, kind: 'rewind' });
  assert.deepEqual(seqJump(5, tick(5)), { from: 5, to: 5, kind: 'backwards' });
  assert.equal(jumpText({ from: 6, to: 8, kind: 'gap' }), '⚠ gap: missed seq 6–8 (3)');
  assert.equal(jumpText({ from: 6, to: 6, kind: 'resync' }), '⚠ reconnect gap: missed seq 6 (1)');
  assert.equal(jumpText({ from: 3, to: 5, kind: 'rewind' }), '⚠ stream re-based at seq 3 (was 5)');
  assert.equal(jumpText({ from: 5, to: 5, kind: 'backwards' }), '⚠ seq went backwards: 5 → 5');
});

test('metrics: full-mode quantiles from histogram buckets between two polls, and sums of counters', () => {
  const poll = (full, conflated) => parseProm([
    '# TYPE tickgate_fanout_latency_seconds histogram',
    ...[['1.0E-4', 0], ['0.001', 1], ['0.01', 2], ['+Inf', 3]].map(([le, i]) =>
      `tickgate_fanout_latency_seconds_bucket{mode="full",le="${le}"} ${full[i]}`),
    // a conflated client waits for its maxRate on purpose: never in the headline
    `tickgate_fanout_latency_seconds_bucket{mode="conflated",le="+Inf"} ${conflated}`,
    'tickgate_connections{io="1"} 3',
    'tickgate_connections{io="2"} 4',
  ].join('\n'));
  const first = fullBuckets(poll([0, 90, 100, 100], 50));
  assert.deepEqual(first.map(b => b[0]), [1e-4, 1e-3, 1e-2, Infinity]);
  // since start: rank 50 of 100 lies in (0.1 ms, 1 ms], 50/90 of the way
  assert.ok(Math.abs(histogramQuantile(null, first, 0.5) - (1e-4 + 9e-4 * 50 / 90)) < 1e-12);
  // between polls: 100 more, all in (1 ms, 10 ms]
  const second = fullBuckets(poll([0, 90, 200, 200], 5000));
  assert.ok(Math.abs(histogramQuantile(first, second, 0.99) - (1e-3 + 9e-3 * 0.99)) < 1e-12);
  assert.ok(Number.isNaN(histogramQuantile(second, second, 0.99)), 'nothing sent in between');
  assert.equal(histogramQuantile(second, first, 0.5), histogramQuantile(null, first, 0.5), 'a restart counts afresh');
  assert.equal(histogramQuantile(null, fullBuckets(poll([0, 0, 0, 4], 0)), 0.5), 0.01, 'past the last bound');
  assert.equal(fullBuckets(parseProm('tickgate_connections 1')), null);
  assert.ok(Number.isNaN(histogramQuantile(null, null, 0.5)));
  const s = poll([0, 0, 0, 0], 0);
  assert.equal(pickSum(s, 'tickgate_connections'), 7);
  assert.ok(Number.isNaN(pickSum(s, 'tickgate_ticks_in_total')));
});

test('connection detail: retry countdown, the close the gateway chose, reconnect count, a drain', () => {
  const reconnecting = { state: 'reconnecting', attempt: 3, nextRetryAt: 10_500, closeInfo: { code: 1008, reason: 'too slow' } };
  assert.equal(connDetail(reconnecting, 8_000), 'attempt 3 · retry in 3s · closed 1008 too slow');
  assert.equal(connDetail({ ...reconnecting, closeInfo: { code: 1006, reason: '' } }, 11_000), 'attempt 3');
  assert.equal(connDetail({ state: 'live', connects: 3 }, 0), 'reconnected ×2');
  assert.equal(connDetail({ state: 'live', connects: 1 }, 0), '');
  assert.equal(connDetail({ state: 'draining', moveAt: 2_500 }, 1_000), 'gateway draining · moving in 2s');
  assert.equal(connDetail({ state: 'draining', moveAt: 1_000 }, 1_000), 'gateway draining · moving');
  assert.equal(closeReason({ code: 1001, reason: '' }), '1001');
  assert.equal(closeReason(null), '');
});

test('access token: delay badge text, the expired-token close, the token on the stream URL', () => {
  assert.equal(delayText(1), '1 s');
  assert.equal(delayText(59), '59 s');
  assert.equal(delayText(60), '1 min');
  assert.equal(delayText(90), '1.5 min');
  assert.equal(delayText(900), '15 min');
  assert.equal(delayText(86400), '1440 min');
  assert.ok(isTokenExpiredClose({ code: 1008, reason: 'token expired' }));
  assert.ok(!isTokenExpiredClose({ code: 1008, reason: 'slow consumer: 262100 bytes queued, limit 262144' }));
  assert.ok(!isTokenExpiredClose({ code: 1006, reason: '' }));
  assert.ok(!isTokenExpiredClose(null));
  assert.equal(withToken('ws://127.0.0.1:8080/stream', 'a.b.c'), 'ws://127.0.0.1:8080/stream?access_token=a.b.c');
  assert.equal(withToken('ws://127.0.0.1:8080/stream?format=json', 'a.b-_.c'),
    'ws://127.0.0.1:8080/stream?format=json&access_token=a.b-_.c');
  assert.equal(withToken('ws://127.0.0.1:8080/stream', null), 'ws://127.0.0.1:8080/stream');
});
