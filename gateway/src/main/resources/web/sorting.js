// Sorting the watchlist by a column: the value a row sorts by, the order, and what a header click does.

/** What a row sorts by under a column key; NaN while it has no quote (sorted last). */
export function sortValue(row, key) {
  const q = row.q;
  if (key === 'symbol') return row.sym;
  if (!q) return NaN;
  switch (key) {
    case 'chg': return q.last - row.base;
    case 'pct': return row.base ? (q.last - row.base) / row.base : NaN;
    case 'spread': return q.ask - q.bid;
    default: return q[key];
  }
}

/** The symbols of `order` sorted by column `key` in direction `dir` (1 or -1); rowOf(sym) gives a row. */
export function sortedOrder(order, rowOf, key, dir) {
  const vals = new Map(order.map((s) => [s, sortValue(rowOf(s), key)]));
  return order.slice().sort((a, b) => {
    const x = vals.get(a), y = vals.get(b);
    if (key === 'symbol') return dir * String(x).localeCompare(String(y));
    const xn = Number.isNaN(x), yn = Number.isNaN(y);
    if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1; // no data last
    return dir * (x - y);
  });
}

/**
 * The sort after a click on a column's header: a new column sorts descending (symbols ascending),
 * a second click reverses, a third goes back to watchlist order (key null).
 */
export function nextSort(sort, key) {
  if (sort.key !== key) return { key, dir: key === 'symbol' ? 1 : -1 };
  if ((sort.dir === -1) !== (key === 'symbol')) return { key, dir: -sort.dir };
  return { key: null, dir: sort.dir };
}

/** The aria-sort value of a column's header. */
export function ariaSort(key, sort) {
  return key === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none';
}
