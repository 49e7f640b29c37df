// The health bar's latency side: /metrics read every CFG.metricsMs for the gateway's real-time (full-mode)
// fan-out latency quantiles between two reads, its connections and ticks in/s, with a small live chart of them.
// Conflated updates wait for maxRate on purpose: their mode is left out of the headline.
import { CFG } from './config.js';
import { $ } from './dom.js';
import { hooks } from './hooks.js';
import { authFetch } from './auth.js';
import { Ring, drawLatencyChart, parseProm } from './charts.js';
import { fmtInt, fmtLatency } from './decimal.js';

const LAT = {
  p50: new Ring(90), p99: new Ring(90), p999: new Ring(90),
  lastTicks: NaN, lastAt: 0, lastBuckets: null,
};
const latSeries = [
  { ring: LAT.p50, color: '#4ea1ff' },
  { ring: LAT.p99, color: '#f5a524' },
  { ring: LAT.p999, color: '#ff5c5c' },
];
let lastDraw = 0;
let chartDirty = true;

/** The full-mode fan-out histogram's cumulative buckets as [upper bound, count], by bound; null when absent. */
export function fullBuckets(samples) {
  const buckets = [];
  for (const s of samples) {
    if (s.name !== 'tickgate_fanout_latency_seconds_bucket' || s.labels.mode !== 'full') continue;
    buckets.push([s.labels.le === '+Inf' ? Infinity : parseFloat(s.labels.le), s.value]);
  }
  return buckets.length ? buckets.sort((a, b) => a[0] - b[0]) : null;
}

/**
 * The quantile q (seconds) of what the buckets counted since `before` (all of it when null, or when the counts
 * went down: the gateway restarted), interpolated within its bucket as Prometheus's histogram_quantile does;
 * NaN when nothing was counted.
 */
export function histogramQuantile(before, after, q) {
  if (!after) return NaN;
  const reset = !before || before.length !== after.length || after.some(([, c], i) => c < before[i][1]);
  const counts = after.map(([le, c], i) => [le, reset ? c : c - before[i][1]]);
  const total = counts[counts.length - 1][1];
  if (!(total > 0)) return NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, c] of counts) {
    if (c >= rank) return le === Infinity ? lower : lower + ((le - lower) * (rank - below)) / Math.max(c - below, 1e-12);
    lower = le;
    below = c;
  }
  return lower;
}

/** The sum of a metric's series; NaN when absent. */
export function pickSum(samples, name) {
  let sum = NaN;
  for (const s of samples) if (s.name === name) sum = (Number.isNaN(sum) ? 0 : sum) + s.value;
  return sum;
}

export function startMetrics() {
  pollMetrics();
  setInterval(pollMetrics, CFG.metricsMs);
}

/** Redraw the chart after a poll, at most 4 times a second. */
export function drawChartIfDue(now) {
  if (chartDirty && now - lastDraw > 250) {
    lastDraw = now;
    chartDirty = false;
    drawLatencyChart($('lat-chart'), latSeries, 240, 34);
  }
}

async function pollMetrics() {
  const m = hooks.metrics;
  try {
    const r = await authFetch('metrics', { cache: 'no-store' }); // a token needs admin for it
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const samples = parseProm(await r.text());
    hooks.counters.metricsPolls++;
    const buckets = fullBuckets(samples);
    m.p50 = histogramQuantile(LAT.lastBuckets, buckets, 0.5);
    m.p99 = histogramQuantile(LAT.lastBuckets, buckets, 0.99);
    m.p999 = histogramQuantile(LAT.lastBuckets, buckets, 0.999);
    LAT.lastBuckets = buckets;
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
    LAT.lastBuckets = null;
    document.querySelector('.healthbar').classList.add('metrics-down');
  }
  chartDirty = true;
}
