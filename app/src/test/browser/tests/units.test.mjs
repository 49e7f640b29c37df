// Unit tests of the dashboard's pure modules (no browser, no gateway).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numText, decimalsOf, subDecimal, cmpDecimal, pctChange, fmtInt } from '../../../../../gateway/src/main/resources/web/decimal.js';
import { backoffMs, BACKOFF_MAX_MS } from '../../../../../gateway/src/main/resources/web/conn.js';
import { parseProm, Ring } from '../../../../../gateway/src/main/resources/web/charts.js';

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

test('prometheus text: the summary quantiles and counters are read', () => {
  const s = parseProm([
    '# HELP tickgate_fanout_latency_seconds fan-out latency',
    '# TYPE tickgate_fanout_latency_seconds summary',
    'tickgate_fanout_latency_seconds{quantile="0.5"} 1.2E-5',
    'tickgate_fanout_latency_seconds{quantile="0.999",io="1"} 3.4e-4',
    'tickgate_fanout_latency_seconds_count 17',
    'tickgate_connections 3',
    'tickgate_ticks_in_total 123456 1764100000000',
    'weird_value NaN',
  ].join('\n'));
  assert.equal(s.length, 6);
  assert.deepEqual(s[0], { name: 'tickgate_fanout_latency_seconds', labels: { quantile: '0.5' }, value: 1.2e-5 });
  assert.deepEqual(s[1].labels, { quantile: '0.999', io: '1' });
  assert.equal(s[4].value, 123456);
  assert.ok(Number.isNaN(s[5].value));
});

test('ring buffer keeps the newest values in order', () => {
  const r = new Ring(3);
  for (const v of [1, 2, 3, 4, 5]) r.push(v);
  assert.deepEqual([r.get(0), r.get(1), r.get(2)], [3, 4, 5]);
  assert.equal(r.last(), 5);
});
