// End-to-end tests of the live board (gateway/src/main/resources/web) against the
// real tickgate jar, in Debian's Chromium. Run: npm test (in app/src/test/browser).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Gateway, APP_TARGET, sleep } from './gateway.mjs';
import { launch, newPage, percentile } from './browser.mjs';

const OUT = path.join(APP_TARGET, 'browser');
const STORE_KEY = 'tickgate.watchlist.v1';
const SYMBOL_RE = /^[A-Za-z0-9._:/-]{1,16}$/;

let gw;
let browser;
let symbols = [];

const hook = (page, fn, arg) => page.evaluate(fn, arg);
const live = (page, timeout = 30000) =>
  page.waitForFunction(() => window.__tickgate && window.__tickgate.state === 'live', null, { timeout });

async function shot(page, name) {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  return file;
}

/** Wait until the hook row(sym).seq moved `times` times past its current value. */
async function waitTicks(page, sym, times = 3, timeout = 20000) {
  const seen = new Set();
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const r = await hook(page, (s) => window.__tickgate.row(s), sym);
    if (r && r.seq >= 0) seen.add(r.seq);
    if (seen.size > times) return [...seen];
    await sleep(100);
  }
  assert.fail(`${sym}: saw only seqs ${[...seen].join(',')} in ${timeout} ms`);
}

describe('tickgate dashboard', { concurrency: 1 }, () => {
  before(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    gw = new Gateway({ symbols: 500, rate: 5000 });
    await gw.start();
    const r = await fetch(`${gw.base}/api/symbols`);
    assert.equal(r.status, 200, '/api/symbols answers 200');
    symbols = await r.json();
    assert.ok(Array.isArray(symbols) && symbols.length >= 100, `/api/symbols lists the simulated symbols (${symbols.length})`);
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (gw) {
      await gw.stop();
      fs.writeFileSync(path.join(OUT, 'gateway.log'), gw.log.join('\n') + '\n');
      gw.cleanup();
    }
  });

  it('loads, goes live on the welcome and shows a default watchlist', async () => {
    const page = await newPage(browser);
    await page.goto(`${gw.base}/`);
    await live(page);
    await page.waitForSelector('#conn[data-state="live"]');
    const server = await page.textContent('#server');
    assert.match(server, /tickgate\//, 'server name from the welcome is shown');
    // first visit: the first 12 symbols of /api/symbols
    await page.waitForFunction(() => window.__tickgate.watchlist().length > 0);
    const wl = await hook(page, () => window.__tickgate.watchlist());
    assert.deepEqual(wl, symbols.slice(0, 12));
    // values arrive and are rendered as the exact decimals the gateway sent
    await page.waitForFunction((s) => {
      const td = document.querySelector(`#rows tr[data-sym="${CSS.escape(s)}"] td.last`);
      return td && /^-?\d+(\.\d+)?$/.test(td.textContent);
    }, wl[0], { timeout: 15000 });
    // the cell catches up with the last quote received within a render (<= 1/30 s): poll for equality
    const cell = await (await page.waitForFunction((s) => {
      const tr = document.querySelector(`#rows tr[data-sym="${CSS.escape(s)}"]`);
      const r = { last: tr.querySelector('td.last').textContent, value: window.__tickgate.row(s).last };
      return r.last === String(r.value) ? r : null;
    }, wl[0], { timeout: 10000, polling: 'raf' })).jsonValue();
    assert.equal(cell.last, String(cell.value), 'last is printed as given');
    assert.doesNotMatch(cell.last, /\d\.\d*0000000\d|99999999/, 'no float noise');
    // metrics are polled
    await page.waitForFunction(() => window.__tickgate.counters.metricsPolls >= 2, null, { timeout: 10000 });
    await shot(page, 'live.png');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('adding a symbol makes it tick, persists it, removing it stops its updates', async () => {
    const page = await newPage(browser);
    await page.goto(`${gw.base}/`);
    await live(page);
    await page.waitForFunction(() => window.__tickgate.watchlist().length === 12);
    const sym = symbols[12]; // the first one not on the default watchlist
    assert.ok(!symbols.slice(0, 12).includes(sym));

    await page.fill('#add-input', sym);
    await page.press('#add-input', 'Enter');
    await page.waitForSelector(`#rows tr[data-sym="${sym}"]`);
    await page.waitForFunction((s) => /added/.test(document.getElementById('add-msg').textContent), sym);
    const seqs = await waitTicks(page, sym, 3);
    assert.ok(seqs.every((v, i) => i === 0 || v > seqs[i - 1]), `seqs never go backwards: ${seqs}`);
    const text = await page.textContent(`#rows tr[data-sym="${sym}"] td.last`);
    assert.match(text, /^-?\d+(\.\d+)?$/);

    // persisted: a reload keeps it
    const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), STORE_KEY);
    assert.ok(stored.includes(sym), 'watchlist stored in localStorage');
    await page.reload();
    await live(page);
    await page.waitForSelector(`#rows tr[data-sym="${sym}"]`);
    await waitTicks(page, sym, 1);

    // keyboard: focus the row, arrows move, Delete removes
    await page.focus(`#rows tr[data-sym="${sym}"]`);
    await page.keyboard.press('ArrowUp');
    const up = await page.evaluate(() => document.activeElement.dataset.sym);
    assert.notEqual(up, sym, 'ArrowUp moved focus');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.sym), sym, 'ArrowDown moved back');
    await page.keyboard.press('Delete');
    await page.waitForSelector(`#rows tr[data-sym="${sym}"]`, { state: 'detached' });

    await sleep(1000); // frames already in flight before "unsubscribed"
    const n0 = await hook(page, (s) => window.__tickgate.received(s), sym);
    await sleep(2500);
    const n1 = await hook(page, (s) => window.__tickgate.received(s), sym);
    assert.equal(n1, n0, `no update of ${sym} after removing it`);
    const stored2 = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), STORE_KEY);
    assert.ok(!stored2.includes(sym), 'removal persisted');
    // the others still tick
    await waitTicks(page, symbols[0], 2);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('sorts by a clicked column header', async () => {
    const page = await newPage(browser);
    await page.goto(`${gw.base}/`);
    await live(page);
    await page.waitForFunction(() => window.__tickgate.watchlist().length === 12);
    const byClick = async () => page.evaluate(() => {
      document.querySelector('#board th[data-key="symbol"] button').click();
      return window.__tickgate.watchlist();
    });
    const asc = await byClick();
    assert.deepEqual(asc, symbols.slice(0, 12).sort((a, b) => a.localeCompare(b)));
    const desc = await byClick();
    assert.deepEqual(desc, asc.slice().reverse());
    assert.equal(await page.getAttribute('#board th[data-key="symbol"]', 'aria-sort'), 'descending');
    // numeric sort: last, descending first
    await page.click('#board th[data-key="last"] button');
    const vals = await page.evaluate(() => window.__tickgate.watchlist().map((s) => window.__tickgate.row(s).last));
    const known = vals.filter((v) => v !== null);
    assert.deepEqual(known, known.slice().sort((a, b) => b - a));
    await page.context().close();
  });

  it('bad input shows the error and breaks nothing', async () => {
    const page = await newPage(browser);
    await page.goto(`${gw.base}/`);
    await live(page);
    await page.waitForFunction(() => window.__tickgate.watchlist().length === 12);

    // client-side pattern check
    await page.fill('#add-input', 'bad symbol!');
    await page.press('#add-input', 'Enter');
    await page.waitForSelector('#add-msg.err');
    assert.match(await page.textContent('#add-msg'), /invalid symbol/);

    // valid pattern, unknown to the gateway: the gateway's own error, with its code
    let unknown = 'ZZNOPE';
    for (let i = 0; symbols.includes(unknown); i++) unknown = `ZZNOPE${i}`;
    assert.match(unknown, SYMBOL_RE);
    await page.fill('#add-input', unknown);
    await page.press('#add-input', 'Enter');
    await page.waitForFunction(() => /UNKNOWN_SYMBOL/.test(document.getElementById('add-msg').textContent), null, { timeout: 10000 });
    const err = await hook(page, () => window.__tickgate.lastError);
    assert.equal(err.code, 'UNKNOWN_SYMBOL');
    assert.ok(err.message && err.message.length > 0, 'the gateway explains');
    assert.equal(await page.$(`#rows tr[data-sym="${unknown}"]`), null, 'unknown symbol not added');
    await shot(page, 'error.png');

    // raw bad commands straight to the gateway: BAD_REQUEST, connection stays up
    await hook(page, () => window.__tickgate.send({ op: 'subscribe', symbols: ['bad symbol!'], id: 900001 }));
    await page.waitForFunction(() => window.__tickgate.lastError && window.__tickgate.lastError.id === 900001, null, { timeout: 10000 });
    assert.equal((await hook(page, () => window.__tickgate.lastError)).code, 'BAD_REQUEST');
    const e0 = await hook(page, () => window.__tickgate.counters.errors);
    await hook(page, () => window.__tickgate.send({ op: 'frobnicate', id: 900002 }));
    await page.waitForFunction((n) => window.__tickgate.counters.errors > n, e0, { timeout: 10000 });
    assert.equal((await hook(page, () => window.__tickgate.lastError)).code, 'BAD_REQUEST');
    assert.match(await page.textContent('#add-msg'), /BAD_REQUEST/);

    assert.equal(await hook(page, () => window.__tickgate.state), 'live', 'still connected');
    assert.equal(await hook(page, () => window.__tickgate.counters.welcomes), 1, 'no reconnect happened');
    await waitTicks(page, symbols[0], 2);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('tape streams one symbol in full mode with consecutive seqs', async () => {
    const page = await newPage(browser);
    await page.goto(`${gw.base}/`);
    await live(page);
    await page.waitForFunction(() => window.__tickgate.watchlist().length === 12);
    const sym = symbols[1];
    await page.click(`#rows tr[data-sym="${sym}"] td.last`);
    await page.waitForFunction(() => window.__tickgate.tape().count >= 30, null, { timeout: 30000 });
    const t = await hook(page, () => window.__tickgate.tape());
    assert.equal(t.symbol, sym);
    assert.equal(t.gaps, 0, 'no seq gap');
    for (let i = 1; i < t.seqs.length; i++) assert.equal(t.seqs[i], t.seqs[i - 1] + 1, `seq ${t.seqs[i - 1]} then ${t.seqs[i]}`);
    // the DOM shows them newest first, consecutive, no gap marker
    const domSeqs = await page.$$eval('#tape-rows tr[data-seq]', (trs) => trs.slice(0, 25).map((tr) => +tr.dataset.seq));
    assert.ok(domSeqs.length >= 20);
    for (let i = 1; i < domSeqs.length; i++) assert.equal(domSeqs[i], domSeqs[i - 1] - 1);
    assert.equal(await page.$('#tape-rows tr.gap'), null);
    assert.equal(await page.textContent('#tape-gaps'), '0');
    await shot(page, 'tape.png');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('reconnects after a gateway restart (same port, same journal) and resumes', async () => {
    const page = await newPage(browser);
    await page.goto(`${gw.base}/?stale=1`);
    await live(page);
    await page.waitForFunction(() => window.__tickgate.watchlist().length === 12);
    const sym = symbols[2];
    await page.click(`#rows tr[data-sym="${sym}"] td.last`); // tape on a second socket
    await page.waitForFunction(() => window.__tickgate.tape().count >= 5, null, { timeout: 30000 });
    await waitTicks(page, sym, 2);
    const before = await hook(page, (s) => window.__tickgate.row(s).seq, sym);
    const port = gw.httpPort;

    await gw.stop();
    let fails;
    try {
      await page.waitForFunction(() => window.__tickgate.state === 'reconnecting', null, { timeout: 20000 });
      await page.waitForSelector('#conn[data-state="reconnecting"]');
      // ?stale=1: rows without an update for 1 s get the stale marker, and the bar counts them
      await page.waitForSelector(`#rows tr.stale[data-sym="${sym}"]`, { timeout: 10000 });
      await page.waitForFunction(() => +document.getElementById('stale-count').textContent > 0, null, { timeout: 5000 });
      await shot(page, 'reconnecting.png');
      fails = await hook(page, () => window.__tickgate.counters.reconnects);
    } finally {
      await gw.start({ port }); // also when an assertion above failed: later tests need it
    }
    assert.equal(gw.httpPort, port, 'restarted on the same port');
    await live(page, 60000);
    await page.waitForFunction(() => window.__tickgate.counters.welcomes >= 2);
    const seqs = await waitTicks(page, sym, 2, 30000);
    assert.ok(Math.max(...seqs) > before, `resumed: seq ${Math.max(...seqs)} > ${before} (journal kept)`);
    await page.waitForFunction((s) => !document.querySelector(`#rows tr[data-sym="${CSS.escape(s)}"]`).classList.contains('stale'), sym);
    // the tape came back too and says so if seqs were skipped meanwhile
    await page.waitForFunction(() => window.__tickgate.tapeState === 'live', null, { timeout: 60000 });
    const c0 = (await hook(page, () => window.__tickgate.tape())).count;
    await page.waitForFunction((c) => window.__tickgate.tape().count > c + 3, c0, { timeout: 30000 });
    const t = await hook(page, () => window.__tickgate.tape());
    const tail = t.seqs.slice(-3);
    assert.ok(tail[1] === tail[0] + 1 && tail[2] === tail[1] + 1, `tape consecutive again: ${tail}`);
    await shot(page, 'reconnected.png');
    console.log(`# restart: ${fails} reconnect attempt(s) while down, seq ${before} -> ${Math.max(...seqs)}, tape gaps flagged: ${t.gaps}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('shows a drain, leaves the gateway when told and resumes on the one that takes its place', async () => {
    const g = new Gateway({ symbols: 40, rate: 800, args: ['--drain-ms', '4000'] });
    await g.start();
    const pages = [];
    try {
      // two boards: the gateway spreads its sessions' moves, so the second is told to wait a quarter of the window
      for (let i = 0; i < 2; i++) {
        const p = await newPage(browser);
        await p.goto(`${g.base}/`);
        await live(p);
        pages.push(p);
      }
      const page = pages[1];
      await page.waitForFunction(() => window.__tickgate.watchlist().length > 0);
      const sym = (await hook(page, () => window.__tickgate.watchlist()))[0];
      await waitTicks(page, sym, 2);
      const before = await hook(page, (s) => window.__tickgate.row(s).seq, sym);

      const r = await fetch(`${g.base}/admin/drain`, { method: 'POST' });
      assert.equal(r.status, 202, 'POST /admin/drain from loopback');
      await page.waitForSelector('#conn[data-state="draining"]', { timeout: 10000 });
      assert.match(await page.textContent('#conn-detail'), /^gateway draining · moving/);
      await shot(page, 'draining.png');
      // it leaves when told; the draining gateway refuses the new handshake (503), so it retries with backoff
      await page.waitForFunction(() => window.__tickgate.state === 'reconnecting', null, { timeout: 10000 });
      const port = g.httpPort;
      await g.stop();
      await g.start({ port }); // the gateway that takes its place: same address, same journal
      await live(page, 60000);
      await page.waitForFunction(() => window.__tickgate.counters.welcomes >= 2);
      const seqs = await waitTicks(page, sym, 2, 30000);
      assert.ok(Math.max(...seqs) > before, `resubscribed: seq ${Math.max(...seqs)} > ${before}`);
      assert.equal(await hook(page, () => window.__tickgate.counters.drainings), 1);
      for (const p of pages) assert.deepEqual(p.errors, []);
    } finally {
      for (const p of pages) await p.context().close();
      await g.stop();
      g.cleanup();
    }
  });

  it('board under load: 500 symbols at 10 updates/s each, frame times', async (t) => {
    // the whole universe on the watchlist, as a stored watchlist (loaded at start)
    const page = await newPage(browser, {
      init: { fn: ([k, v]) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem(k, v); sessionStorage.setItem('seeded', '1'); } }, arg: [STORE_KEY, JSON.stringify(symbols)] },
    });
    await page.goto(`${gw.base}/?maxRate=10`);
    await live(page);
    assert.equal((await hook(page, () => window.__tickgate.watchlist())).length, symbols.length);
    // warm up until nearly every row has a value
    await page.waitForFunction((n) => window.__tickgate.watchlist().filter((s) => window.__tickgate.row(s).seq >= 0).length >= n * 0.95,
      symbols.length, { timeout: 30000 });
    await sleep(2000);
    await hook(page, () => window.__tickgate.resetFrameStats());
    const c0 = await hook(page, () => ({ ...window.__tickgate.counters }));
    const t0 = Date.now();
    await sleep(8000);
    const s = await hook(page, () => ({
      frameTimes: window.__tickgate.frameTimes.slice(),
      frameIntervals: window.__tickgate.frameIntervals.slice(),
      counters: { ...window.__tickgate.counters },
      ups: window.__tickgate.updatesPerSec,
    }));
    const secs = (Date.now() - t0) / 1000;
    const quotesPerSec = (s.counters.quotes - c0.quotes) / secs;
    const rendersPerSec = (s.counters.framesRendered - c0.framesRendered) / secs;
    const rowsPerSec = (s.counters.rowsRendered - c0.rowsRendered) / secs;
    // the tape (full mode, second socket) on the first row, as a trader would have it
    await page.click('#rows tr:first-child td.last');
    await page.waitForFunction(() => window.__tickgate.tape().count >= 10, null, { timeout: 30000 });
    await sleep(1000);
    const file = await shot(page, 'board.png');
    const r = {
      symbols: symbols.length,
      quotesPerSec: Math.round(quotesPerSec),
      renderWorkMs: { p50: percentile(s.frameTimes, 0.5), p99: percentile(s.frameTimes, 0.99), max: Math.max(...s.frameTimes) },
      frameIntervalMs: { p50: percentile(s.frameIntervals, 0.5), p99: percentile(s.frameIntervals, 0.99), max: Math.max(...s.frameIntervals) },
      framesPerSec: +(s.frameIntervals.length / secs).toFixed(1),
      rendersPerSec: +rendersPerSec.toFixed(1),
      rowsRenderedPerSec: Math.round(rowsPerSec),
      screenshot: file,
    };
    fs.writeFileSync(path.join(OUT, 'frame-times.json'), JSON.stringify({ ...r, frameTimes: s.frameTimes, frameIntervals: s.frameIntervals }, null, 1));
    const line = `frame times under load (${r.symbols} symbols, ${r.quotesPerSec} updates/s received): ` +
      `render work p50 ${r.renderWorkMs.p50.toFixed(2)} ms p99 ${r.renderWorkMs.p99.toFixed(2)} ms; ` +
      `frame interval p50 ${r.frameIntervalMs.p50.toFixed(1)} ms p99 ${r.frameIntervalMs.p99.toFixed(1)} ms (${r.framesPerSec} fps)`;
    console.log('# ' + line);
    t.diagnostic(line);
    assert.ok(quotesPerSec > 500, `updates arrive under load (${quotesPerSec.toFixed(0)}/s)`);
    assert.ok(r.framesPerSec >= 2, `the page keeps painting (${r.framesPerSec} fps)`);
    // generous bound: CI machines are small and share their cores with the gateway
    assert.ok(r.renderWorkMs.p50 < 50, `render work p50 ${r.renderWorkMs.p50} ms`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
