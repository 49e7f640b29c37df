// Small canvas charts: per-row sparklines and the fan-out latency chart.

const DPR = () => Math.min(2, window.devicePixelRatio || 1);

/** Size a canvas' backing store to its CSS size * DPR; returns the 2d context. */
export function fitCanvas(cv, w, h) {
  const r = DPR();
  const W = Math.round(w * r), H = Math.round(h * r);
  if (cv.width !== W || cv.height !== H) {
    cv.width = W;
    cv.height = H;
  }
  const ctx = cv.getContext('2d', { willReadFrequently: true }); // software canvas: no compositor layer per row
  ctx.setTransform(r, 0, 0, r, 0, 0);
  return ctx;
}

/** Fixed-size ring buffer of doubles. */
export class Ring {
  constructor(n) {
    this.a = new Float64Array(n);
    this.n = n;
    this.len = 0;
    this.head = 0; // next write index
  }
  push(v) {
    this.a[this.head] = v;
    this.head = (this.head + 1) % this.n;
    if (this.len < this.n) this.len++;
  }
  get(i) { // 0 = oldest
    return this.a[(this.head - this.len + i + this.n) % this.n];
  }
  last() { return this.len ? this.get(this.len - 1) : NaN; }
  clear() { this.len = 0; this.head = 0; }
}

const UP = '#26c281', DOWN = '#ff5c5c', FLAT = '#8a94a6';

/** Draw a sparkline of a Ring of prices into ctx, in the box (0,0)-(w,h). */
export function drawSparkline(ctx, ring, w, h, baseline) {
  const n = ring.len;
  if (n < 2) return;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = ring.get(i);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const hasBase = Number.isFinite(baseline) && baseline >= lo && baseline <= hi;
  const span = hi - lo || 1;
  const pad = 2;
  const x = (i) => (i / (n - 1)) * (w - 1) + 0.5;
  const y = (v) => h - pad - ((v - lo) / span) * (h - 2 * pad);
  if (hasBase) {
    ctx.strokeStyle = 'rgba(138,148,166,0.35)';
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 2]);
    ctx.beginPath();
    ctx.moveTo(0, Math.round(y(baseline)) + 0.5);
    ctx.lineTo(w, Math.round(y(baseline)) + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  const first = ring.get(0), last = ring.get(n - 1);
  ctx.strokeStyle = last > first ? UP : last < first ? DOWN : FLAT;
  ctx.lineWidth = 1.25;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(x(0), y(first));
  for (let i = 1; i < n; i++) ctx.lineTo(x(i), y(ring.get(i)));
  ctx.stroke();
  ctx.fillStyle = ctx.strokeStyle;
  ctx.fillRect(x(n - 1) - 1.5, y(last) - 1.5, 3, 3);
}

/**
 * Latency chart: several series (seconds) on a log scale, with decade grid lines.
 * series: [{ring, color, label}]
 */
export function drawLatencyChart(cv, series, w, h) {
  const ctx = fitCanvas(cv, w, h);
  ctx.clearRect(0, 0, w, h);
  let lo = Infinity, hi = -Infinity, n = 0;
  for (const s of series) {
    n = Math.max(n, s.ring.len);
    for (let i = 0; i < s.ring.len; i++) {
      const v = s.ring.get(i);
      if (v > 0 && Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  ctx.font = '9px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace';
  if (!Number.isFinite(lo)) {
    ctx.fillStyle = '#5b6577';
    ctx.fillText('waiting for /metrics…', 4, h / 2 + 3);
    return;
  }
  let dlo = Math.floor(Math.log10(lo)), dhi = Math.ceil(Math.log10(hi));
  if (dhi === dlo) dhi++;
  const left = 30;
  const y = (v) => h - 2 - ((Math.log10(v) - dlo) / (dhi - dlo)) * (h - 4);
  ctx.strokeStyle = 'rgba(255,255,255,0.07)';
  ctx.fillStyle = '#5b6577';
  ctx.lineWidth = 1;
  for (let d = dlo; d <= dhi; d++) {
    const yy = Math.round(y(10 ** d)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left, yy);
    ctx.lineTo(w, yy);
    ctx.stroke();
    if (d !== dlo && d !== dhi && dhi - dlo > 2) continue; // keep the small chart legible
    const label = d >= 0 ? `${10 ** d}s` : d >= -3 ? `${10 ** (d + 3)}ms` : `${Math.round(10 ** (d + 6))}µs`;
    ctx.fillText(label, 1, Math.min(h - 1, Math.max(8, yy + 3)));
  }
  const cap = series[0].ring.n;
  const x = (i, len) => left + ((cap - len + i) / (cap - 1)) * (w - left - 1);
  for (const s of series) {
    const len = s.ring.len;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < len; i++) {
      const v = s.ring.get(i);
      if (!(v > 0) || !Number.isFinite(v)) { pen = false; continue; }
      if (!pen) { ctx.moveTo(x(i, len), y(v)); pen = true; } else ctx.lineTo(x(i, len), y(v));
    }
    ctx.stroke();
  }
}

/**
 * Parse Prometheus text format into [{name, labels, value}].
 * Only what we need: comments skipped, labels parsed, value as float
 * (NaN, +Inf, -Inf understood).
 */
export function parseProm(text) {
  const out = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line[0] === '#') continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;
      let lm;
      while ((lm = re.exec(m[3]))) labels[lm[1]] = lm[2].replace(/\\(.)/g, '$1');
    }
    const vs = m[4];
    const value = vs === '+Inf' ? Infinity : vs === '-Inf' ? -Infinity : parseFloat(vs);
    out.push({ name: m[1], labels, value });
  }
  return out;
}
