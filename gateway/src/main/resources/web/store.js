// What the board keeps in localStorage: the watchlist, and the view (sort column, tape symbol).
import { CFG, SYMBOL_RE } from './config.js';

/** The stored watchlist, or null when there is none (a first visit). */
export function loadWatchlist() {
  try {
    const v = JSON.parse(localStorage.getItem(CFG.storeKey));
    if (Array.isArray(v)) return v.filter((s) => typeof s === 'string' && SYMBOL_RE.test(s));
  } catch { /* ignore */ }
  return null;
}

export function saveWatchlist(order) {
  try { localStorage.setItem(CFG.storeKey, JSON.stringify(order)); } catch { /* quota/private mode */ }
}

/** {sortKey, sortDir, tape}, or {} */
export function loadPrefs() {
  try { return JSON.parse(localStorage.getItem(CFG.prefsKey)) || {}; } catch { return {}; }
}

export function savePrefs(prefs) {
  try {
    localStorage.setItem(CFG.prefsKey, JSON.stringify(prefs));
  } catch { /* ignore */ }
}
