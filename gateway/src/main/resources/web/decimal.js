// Exact decimal helpers for prices.
//
// The gateway writes prices as exact decimals (e.g. 189.12). JSON.parse turns
// them into doubles; String(double) gives back the shortest text that
// round-trips, which is the text the gateway wrote. So we never do float
// arithmetic on prices for display: we go back to that text, scale it to a
// BigInt, subtract there and print with the max number of decimals of the
// inputs. No "0.30000000000000004" can appear.

/** Text of a JSON number exactly as the server wrote it (no exponent). */
export function numText(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // exponent form (1e-7, 1.5e+21): expand it without floating point
  const m = /^(-?)(\d+)(?:\.(\d*))?e([+-]?\d+)$/i.exec(s);
  if (!m) return s;
  const [, sign, ip, fp = '', es] = m;
  const exp = parseInt(es, 10);
  let digits = ip + fp;
  let point = ip.length + exp;
  if (point <= 0) return sign + '0.' + '0'.repeat(-point) + digits;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return sign + digits.slice(0, point) + '.' + digits.slice(point);
}

/** Number of decimals in the number's exact text. */
export function decimalsOf(n) {
  const s = numText(n);
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** BigInt of n scaled by 10^d (d >= decimalsOf(n)). */
function scaled(n, d) {
  const s = numText(n);
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const i = body.indexOf('.');
  const ip = i < 0 ? body : body.slice(0, i);
  const fp = i < 0 ? '' : body.slice(i + 1);
  const v = BigInt((ip || '0') + fp.padEnd(d, '0'));
  return neg ? -v : v;
}

function printScaled(v, d, plus) {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (d > 0) {
    s = s.padStart(d + 1, '0');
    s = s.slice(0, s.length - d) + '.' + s.slice(s.length - d);
  }
  return (neg ? '-' : (plus && v > 0n ? '+' : '')) + s;
}

/**
 * a - b, exact, printed with max(decimals(a), decimals(b), minDecimals) decimals.
 * plus: prefix positive results with '+'. minDecimals: e.g. the most decimals
 * seen for that symbol, so a column of changes lines up (padding zeros is exact).
 */
export function subDecimal(a, b, plus = false, minDecimals = 0) {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return '';
  const d = Math.max(decimalsOf(a), decimalsOf(b), minDecimals);
  return printScaled(scaled(a, d) - scaled(b, d), d, plus);
}

/** Sign of a - b, exactly (-1, 0, 1). */
export function cmpDecimal(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 0;
  const d = Math.max(decimalsOf(a), decimalsOf(b));
  const x = scaled(a, d), y = scaled(b, d);
  return x > y ? 1 : x < y ? -1 : 0;
}

/** (a - b) / b in percent, printed with 2 decimals and a sign. */
export function pctChange(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '';
  const d = Math.max(decimalsOf(a), decimalsOf(b));
  // basis points * 100 (i.e. 1/100 of a percent), rounded half away from zero, in BigInt
  const num = (scaled(a, d) - scaled(b, d)) * 10000n;
  const den = scaled(b, d);
  const neg = (num < 0n) !== (den < 0n) && num !== 0n;
  const an = num < 0n ? -num : num, ad = den < 0n ? -den : den;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  if (q === 0n) return '0.00';
  return printScaled(neg ? -q : q, 2, true);
}

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
/** Integers (sizes, volume) with thousands separators. */
export function fmtInt(n) {
  return Number.isFinite(n) ? intFmt.format(n) : '';
}

const pad2 = (n) => (n < 10 ? '0' : '') + n;
const pad3 = (n) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;
/** Microseconds since epoch -> local HH:MM:SS.mmm */
export function fmtTimeMicros(ts) {
  if (!Number.isFinite(ts)) return '';
  const ms = Math.floor(ts / 1000);
  const d = new Date(ms);
  return pad2(d.getHours()) + ':' + pad2(d.getMinutes()) + ':' + pad2(d.getSeconds()) + '.' + pad3(d.getMilliseconds());
}

/** Seconds -> human latency (µs / ms / s). */
export function fmtLatency(sec) {
  if (!Number.isFinite(sec)) return '–';
  const us = sec * 1e6;
  if (us < 1000) return (us < 10 ? us.toFixed(1) : us.toFixed(0)) + ' µs';
  const ms = us / 1000;
  if (ms < 1000) return (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)) + ' ms';
  return (ms / 1000).toFixed(2) + ' s';
}
