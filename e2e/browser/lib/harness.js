// What every browser test needs: the environment run.sh sets up, a Chromium, pages that record
// their errors, a small client to check the gateway's state from outside, and screenshots.

import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** A variable run.sh exports; a clear message when a test file is run without it. */
export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with e2e/browser/run.sh (it starts the gateways)`);
  return value;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: env('CHROMIUM'),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A page in a fresh context that records uncaught errors and Content-Security-Policy violations,
 * so a test can assert that the page ran cleanly under the gateway's policy.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(`csp: ${message.text()}`);
    }
  });
  page.problems = problems;
  return page;
}

/** Opens the playground and waits until its script has wired everything (body[data-ready]). */
export async function gotoPlayground(page, baseUrl) {
  await page.goto(`${baseUrl}/`);
  await page.locator('body[data-ready="true"]').waitFor();
}

/** Fails when the page threw or broke its policy. */
export function assertRanCleanly(page) {
  assert.deepEqual(page.problems, [], 'the page ran without uncaught errors or CSP violations');
}

/** Calls the gateway from the test (not the browser), to check what the page did. */
export function gateway(baseUrl, { key } = {}) {
  async function call(method, path, body) {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    /** Every prediction of the caller (all pages). */
    async allPredictions() {
      const all = [];
      let cursor = null;
      do {
        const page = await call('GET', `/predictions?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.status, 200, `listing predictions: ${JSON.stringify(page.body)}`);
        all.push(...page.body.results);
        cursor = page.body.next_cursor;
      } while (cursor);
      return all;
    },
  };
}

/** Saves a screenshot under screenshots/ (git-ignored); returns its path. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  const directory = env('SCREENSHOTS');
  await mkdir(directory, { recursive: true });
  // Lazy images below the fold would show as blanks in a full-page picture: load and decode them all.
  await page.evaluate(() => Promise.all([...document.images].map((image) => {
    image.loading = 'eager';
    return image.decode().catch(() => null);
  })));
  const path = join(directory, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Copies a screenshot to docs/playground.png, the one the README shows. */
export async function publishScreenshot(path) {
  await copyFile(path, env('DOCS_SCREENSHOT'));
}

/** Waits until the page's image has loaded and has pixels; returns its natural width. */
export async function loadedWidth(image) {
  await image.scrollIntoViewIfNeeded();
  await image.evaluate((element) =>
    element.complete && element.naturalWidth > 0
      ? null
      : new Promise((resolve, reject) => {
        element.addEventListener('load', resolve, { once: true });
        element.addEventListener('error', () => reject(new Error(`image did not load: ${element.src}`)), { once: true });
      }));
  return image.evaluate((element) => element.naturalWidth);
}

/**
 * Records every value the <progress> element takes, from now on, in window.progressSeen: the bar
 * can move between two polls of a test, so the page itself keeps the record.
 */
export async function recordProgress(page, selector) {
  await page.evaluate((sel) => {
    const bar = document.querySelector(sel);
    window.progressSeen = [];
    new MutationObserver(() => {
      const value = bar.getAttribute('value');
      if (value !== null && window.progressSeen.at(-1) !== value) window.progressSeen.push(value);
    }).observe(bar, { attributes: true, attributeFilter: ['value'] });
  }, selector);
  return () => page.evaluate(() => window.progressSeen.map(Number));
}
