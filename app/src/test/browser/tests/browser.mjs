// Debian's Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run scripts/ensure-browser.sh (as root) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A fresh context (empty localStorage) and page; collects page errors. */
export async function newPage(browser, { viewport = { width: 1600, height: 900 }, init } = {}) {
  const context = await browser.newContext({ viewport });
  if (init) await context.addInitScript(init.fn, init.arg);
  const page = await context.newPage();
  page.errors = [];        // uncaught exceptions: a test fails on any
  page.consoleErrors = []; // e.g. refused connections while the gateway restarts: expected
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
  return page;
}

export function percentile(values, q) {
  if (!values.length) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
