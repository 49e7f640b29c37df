// The board against a gateway that requires access tokens (--auth-hs256-secret-file), in Chromium:
// the token form, streaming what the token covers, NOT_ENTITLED for what it does not, the delay
// badge of a delayed token, and the form coming back when the token expires. Tokens are minted by
// the jar's own "tickgate token".
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Gateway, APP_TARGET, mintToken, sleep } from './gateway.mjs';
import { launch, newPage } from './browser.mjs';

const OUT = path.join(APP_TARGET, 'browser');
const TOKEN_KEY = 'tickgate.token.v1';

let gw;
let browser;
let dir;
let secret;
let symbols = [];

const hook = (page, fn, arg) => page.evaluate(fn, arg);
const live = (page, timeout = 30000) =>
  page.waitForFunction(() => window.__tickgate && window.__tickgate.state === 'live', null, { timeout });
const formShown = (page, timeout = 30000) =>
  page.waitForFunction(() => !document.getElementById('auth').hidden && window.__tickgate.auth === 'needed',
    null, { timeout });

/** A page whose tab already holds token (as after an earlier visit in the same tab). */
async function pageWithToken(token) {
  return newPage(browser, { init: { fn: ([k, t]) => sessionStorage.setItem(k, t), arg: [TOKEN_KEY, token] } });
}

describe('tickgate dashboard with access tokens', { concurrency: 1 }, () => {
  before(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tickgate-auth-'));
    secret = path.join(dir, 'secret');
    fs.writeFileSync(secret, crypto.randomBytes(48), { mode: 0o600 });
    // skew 0: the expiry test's short token really ends at its exp
    gw = new Gateway({ symbols: 40, rate: 800, args: ['--auth-hs256-secret-file', secret, '--auth-clock-skew-seconds', '0'] });
    await gw.start();
    assert.equal((await fetch(`${gw.base}/api/symbols`)).status, 401, '/api/symbols needs a token');
    const admin = mintToken(secret, '--sub', 'test-admin', '--ttl', '15m');
    const r = await fetch(`${gw.base}/api/symbols`, { headers: { Authorization: `Bearer ${admin}` } });
    assert.equal(r.status, 200);
    symbols = await r.json();
    assert.ok(symbols.length >= 20, `symbols: ${symbols.length}`);
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (gw) {
      await gw.stop();
      fs.writeFileSync(path.join(OUT, 'gateway-auth.log'), gw.log.join('\n') + '\n');
      gw.cleanup();
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a token, streams what it covers, and shows NOT_ENTITLED for a symbol outside it', async () => {
    const entitled = symbols.slice(0, 3);
    const outside = symbols[10];
    const token = mintToken(secret, '--sub', 'alice', '--symbols', entitled.join(','), '--ttl', '15m');
    const page = await newPage(browser);
    await page.goto(`${gw.base}/`);
    await formShown(page);
    assert.notEqual(await hook(page, () => window.__tickgate.state), 'live');
    assert.match(await page.textContent('#token-msg'), /needs an access token/);
    await page.screenshot({ path: path.join(OUT, 'token-form.png') });

    await page.fill('#token-input', token);
    await page.press('#token-input', 'Enter');
    await live(page);
    assert.ok(await page.evaluate(() => document.getElementById('auth').hidden), 'the form is gone');
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), TOKEN_KEY), token, 'kept in sessionStorage');
    assert.equal(await hook(page, () => window.__tickgate.subject), 'alice');
    assert.ok(await page.evaluate(() => document.getElementById('delay-badge').hidden), 'real time: no badge');

    // the default watchlist is what /api/symbols lists for this token: its symbols, and they tick
    await page.waitForFunction((n) => window.__tickgate.watchlist().length === n, entitled.length);
    assert.deepEqual(await hook(page, () => window.__tickgate.watchlist()), entitled);
    await page.waitForFunction((s) => window.__tickgate.received(s) >= 2, entitled[0], { timeout: 20000 });

    await page.fill('#add-input', outside);
    await page.press('#add-input', 'Enter');
    await page.waitForFunction(() => /NOT_ENTITLED/.test(document.getElementById('add-msg').textContent));
    const err = await hook(page, () => window.__tickgate.lastError);
    assert.equal(err.code, 'NOT_ENTITLED');
    assert.deepEqual(err.symbols, [outside]);
    assert.equal(await page.$(`#rows tr[data-sym="${outside}"]`), null, 'no row for a refused symbol');
    assert.equal(await hook(page, () => window.__tickgate.state), 'live', 'the connection is unharmed');
    await page.screenshot({ path: path.join(OUT, 'not-entitled.png') });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('shows a delayed token as a badge, in minutes or seconds', async () => {
    for (const [delay, text] of [['900', 'delayed 15 min'], ['45', 'delayed 45 s']]) {
      const page = await pageWithToken(mintToken(secret, '--delay', delay, '--ttl', '15m'));
      await page.goto(`${gw.base}/`);
      await live(page);
      await page.waitForFunction(() => !document.getElementById('delay-badge').hidden);
      assert.equal(await page.textContent('#delay-badge'), text);
      assert.equal(await hook(page, () => window.__tickgate.delay), Number(delay));
      assert.equal(await hook(page, () => window.__tickgate.auth), 'none', 'a stored token: no form');
      if (delay === '900') await page.screenshot({ path: path.join(OUT, 'delayed.png') });
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  });

  it('brings the form back when the token expires, and a new token goes live again', async () => {
    // long enough to be live before it ends, on a loaded machine too (minting starts a JVM)
    const page = await pageWithToken(mintToken(secret, '--ttl', '12s'));
    await page.goto(`${gw.base}/`);
    await live(page);
    await formShown(page, 45000);
    assert.match(await page.textContent('#token-msg'), /token expired/);
    assert.equal(await hook(page, () => window.__tickgate.state), 'unauthorized');
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), TOKEN_KEY), null, 'the dead token is dropped');
    const errors = await hook(page, () => window.__tickgate.errors.map((e) => e.code));
    assert.ok(errors.includes('UNAUTHORIZED'), `the gateway's UNAUTHORIZED error is shown: ${errors}`);
    // held, not retrying: no reconnect attempts pile up while the form waits
    const reconnects = await hook(page, () => window.__tickgate.counters.reconnects);
    await sleep(1500);
    assert.equal(await hook(page, () => window.__tickgate.counters.reconnects), reconnects);

    await page.fill('#token-input', mintToken(secret, '--ttl', '15m'));
    await page.click('#token-btn');
    await live(page);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('says so when the stored token is refused', async () => {
    const other = path.join(dir, 'other-secret');
    fs.writeFileSync(other, crypto.randomBytes(48));
    const page = await pageWithToken(mintToken(other, '--ttl', '15m')); // signed with another secret
    await page.goto(`${gw.base}/`);
    await formShown(page);
    assert.match(await page.textContent('#token-msg'), /refused the token/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
