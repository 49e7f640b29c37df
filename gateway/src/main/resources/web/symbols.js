// The gateway's symbols (/api/symbols): the add box's autocomplete, and the spelling a typed
// symbol is matched to, case-insensitively (traders type "aapl").
import { $ } from './dom.js';
import { recordError } from './hooks.js';
import { authFetch, needToken, token, tokenEntered } from './auth.js';

let knownSymbols = null;          // array, as served
let knownUpper = new Map();       // UPPER -> symbol as served

/**
 * Fetch the list, retrying with backoff until the gateway answers; resolves to it. A 401 asks for
 * a token and tries again once one is entered.
 */
export async function loadSymbols() {
  for (let delay = 1000; ; delay = Math.min(10000, delay * 2)) {
    try {
      const r = await authFetch('api/symbols', { cache: 'no-store' });
      if (r.status === 401) {
        const entered = tokenEntered();
        needToken(token() ? 'the gateway refused the token' : 'this gateway needs an access token');
        await entered;
        continue;
      }
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const list = await r.json();
      if (!Array.isArray(list)) throw new Error('not a JSON array');
      knownSymbols = list.filter((s) => typeof s === 'string');
      knownUpper = new Map(knownSymbols.map((s) => [s.toUpperCase(), s]));
      const dl = $('symbols-list');
      const frag = document.createDocumentFragment();
      for (const s of knownSymbols) {
        const o = document.createElement('option');
        o.value = s;
        frag.appendChild(o);
      }
      dl.replaceChildren(frag);
      return knownSymbols;
    } catch (e) {
      recordError({ code: 'HTTP', message: `/api/symbols: ${e.message}`, source: 'symbols' });
      await new Promise((res) => setTimeout(res, delay));
    }
  }
}

/** The served spelling of sym, or sym itself when the gateway does not list it. */
export function servedSpelling(sym) {
  return knownUpper.get(sym.toUpperCase()) ?? sym;
}

/** A copy of the list as served, or null before it arrived. */
export function knownSymbolList() {
  return knownSymbols ? knownSymbols.slice() : null;
}
