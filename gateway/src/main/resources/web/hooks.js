// The page's hooks for tests and ops, published as window.__tickgate by app.js: state, counters,
// frame times, errors, metrics. Every module reports into this one object.

const FRAME_SAMPLES = 600;

export const hooks = {
  version: 1,
  config: null,        // the settings, set by app.js
  state: 'connecting',
  tapeState: 'idle',
  server: null,
  auth: 'none',        // 'none' (never asked), 'needed' (the token form is shown), 'token' (one was entered)
  delay: 0,            // the welcome's delay, seconds
  subject: null,       // the welcome's sub
  tokenExp: null,      // the welcome's exp, seconds since the epoch
  counters: {
    wsFrames: 0, messages: 0, quotes: 0, snapshots: 0, ticks: 0, errors: 0, ignored: 0,
    framesRendered: 0, rowsRendered: 0, sparklines: 0, reconnects: 0, welcomes: 0,
    tapeTicks: 0, tapeGaps: 0, metricsPolls: 0, metricsFailures: 0, drainings: 0,
  },
  frameTimes: [],      // ms of render work per animation frame (last 600)
  frameIntervals: [],  // ms between animation frames (last 600)
  lastError: null,     // last error shown: {code, message, symbols, id, source, at}
  errors: [],          // last 20
  metrics: { p50: NaN, p99: NaN, p999: NaN, connections: NaN, ticksInPerSec: NaN },
  updatesPerSec: 0,
};

export function pushSample(arr, v) {
  arr.push(v);
  if (arr.length > FRAME_SAMPLES) arr.splice(0, arr.length - FRAME_SAMPLES);
}

export function recordError(e) {
  const err = { ...e, at: Date.now() };
  hooks.lastError = err;
  hooks.errors.push(err);
  if (hooks.errors.length > 20) hooks.errors.shift();
  hooks.counters.errors++;
}
