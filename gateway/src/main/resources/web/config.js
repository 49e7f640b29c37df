// The board's settings: limits from the URL (?maxRate, ?stale, ?fps) kept within bounds, and fixed ones.

export const SYMBOL_RE = /^[A-Za-z0-9._:/-]{1,16}$/;

export function clampInt(v, lo, hi, dflt) {
  const n = parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : dflt;
}

/** The settings for a page URL's query string. */
export function readConfig(search) {
  const params = new URLSearchParams(search);
  return {
    maxRate: clampInt(params.get('maxRate'), 1, 1000, 10),  // conflated updates/s per symbol
    staleMs: clampInt(params.get('stale'), 1, 3600, 5) * 1000,
    defaultCount: 12,
    tapeMax: 500,
    sparkPoints: 64,
    metricsMs: 2000,
    subscribeChunk: 100,
    resortMs: 1000,
    // DOM updates at most this often: a trader can't read faster, and every
    // frame with changes costs layout+paint+layerize however few cells changed
    renderMs: 1000 / clampInt(params.get('fps'), 1, 120, 30),
    sparkMs: 250,      // each row's sparkline redrawn at most 4x/s
    storeKey: 'tickgate.watchlist.v1',
    prefsKey: 'tickgate.prefs.v1',
  };
}

// outside a page (the unit tests) there is no location: the defaults
export const CFG = readConfig(globalThis.location ? globalThis.location.search : '');
