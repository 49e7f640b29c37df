// The health bar's latency side: /metrics read every CFG.metricsMs for the gateway's fan-out latency
// quantiles, its connections and ticks in/s, with a small live chart of the quantiles.
import { CFG } from './config.js';
import { $ } from './dom.js';
import { hooks } from './hooks.js';
import { authFetch } from './auth.js';
import { Ring, drawLatencyChart, parseProm } from './charts.js';
import { fmtInt, fmtLatency } from './decimal.js';

const LAT = {
  p50: new Ring(90), p99: new Ring(90), p999: new Ring(90),
  lastTicks: NaN, lastAt: 0,
};
const latSeries = [
  { ring: LAT.p50, color: '#4ea1ff' },
  { ring: LAT.p99, color: '#f5a524' },
  { ring: LAT.p999, color: '#ff5c5c' },
];
let lastDraw = 0;
let chartDirty = true;

/** The fan-out latency at quantile q (seconds), the worst of its series; NaN when absent. */
export function pickQuantile(samples, q) {
  let best = NaN;
  for (const s of samples) {
    if (s.name !== 'tickgate_fanout_latency_seconds') continue;
    const lq = s.labels.quantile;
    if (lq === undefined || Math.abs(parseFloat(lq) - q) > 1e-9) continue;
    // several series (e.g. per IO thread): show the worst
    if (!(best >= s.value)) best = s.value;
  }
  return best;
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
    m.p50 = pickQuantile(samples, 0.5);
    m.p99 = pickQuantile(samples, 0.99);
    m.p999 = pickQuantile(samples, 0.999);
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
    document.querySelector('.healthbar').classList.add('metrics-down');
  }
  chartDirty = true;
}
