// A product's page on another origin, on a gateway with API keys: its backend mints client
// tokens with the key; the page calls the gateway cross-origin with the token, follows the signed
// event stream, shows the kept image, and gets a new token when one expires. A page on an origin
// not in FRONTEND_URL is refused by the browser's CORS check before anything is created.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { env, gateway, launchBrowser, openPage } from '../lib/harness.js';
import { startProductBackend } from '../stub/product-backend.js';

const GATEWAY = env('KEYED_GATEWAY_URL');
const KEY = env('SHOP_KEY');
const asShop = gateway(GATEWAY, { key: KEY });
let browser;
let shop; // on the origin in FRONTEND_URL
let elsewhere; // another origin, with the key too, but not in FRONTEND_URL

before(async () => {
  browser = await launchBrowser();
  shop = await startProductBackend({ port: Number(env('SHOP_PORT')), gatewayUrl: GATEWAY, apiKey: KEY });
  elsewhere = await startProductBackend({ port: Number(env('OTHER_PORT')), gatewayUrl: GATEWAY, apiKey: KEY });
});
after(async () => {
  await browser?.close();
  await shop?.close();
  await elsewhere?.close();
});

async function openShop(backend, { ttl } = {}) {
  const page = await openPage(browser);
  const query = new URLSearchParams({ gateway: GATEWAY, ...(ttl ? { ttl } : {}) });
  await page.goto(`${backend.origin}/?${query}`);
  await page.waitForFunction(() => window.shop?.log.includes('ready'));
  return page;
}

test('a page on the allowed origin generates cross-origin with a client token and shows the kept image', async () => {
  const page = await openShop(shop);
  const sent = [];
  page.on('request', (request) => {
    if (request.url().startsWith(GATEWAY)) sent.push({ url: request.url(), auth: request.headers().authorization });
  });

  const result = await page.evaluate(() => window.shop.generate('a red bicycle by a canal'));

  assert.equal(result.error, undefined, `no error: ${JSON.stringify(result)}`);
  assert.notEqual(new URL(GATEWAY).origin, shop.origin, 'the page and the gateway are different origins');
  assert.equal(result.streamed, 'succeeded', 'the event stream, opened cross-origin, told the end');
  assert.equal(result.persisted, true);
  assert.ok(result.src.startsWith(`${GATEWAY}/predictions/${result.id}/outputs/0?`), 'the kept image, from the gateway');
  assert.ok(result.width > 0, 'the image has pixels');
  const generate = sent.find((request) => request.url === `${GATEWAY}/generate`);
  assert.match(generate.auth, /^Bearer gwt_/, 'the page sent the client token, not the key');
  assert.ok(sent.every((request) => !request.auth?.includes(KEY)), 'the key never left the backend');

  // The token's end user owns the work, as the key's caller sees it.
  const mine = await asShop.get('/predictions?user=shopper-1&limit=100');
  assert.ok(mine.body.results.some((prediction) => prediction.id === result.id));
});

test('an expired token is refused with token-invalid, replaced from the backend, and the call then succeeds', async () => {
  const page = await openShop(shop, { ttl: '10s' });
  const mintedBefore = shop.tokensMinted();
  const first = await page.evaluate(() => window.shop.generate('a short-lived token, first call'));
  assert.equal(first.error, undefined, JSON.stringify(first));
  assert.equal(shop.tokensMinted(), mintedBefore + 1);

  // Wait out the token (10 s, rounded up to the next second by the gateway).
  const wait = shop.lastExpiry() - Date.now() + 500;
  if (wait > 0) await sleep(wait);

  const second = await page.evaluate(() => window.shop.generate('a short-lived token, after it expired'));
  assert.equal(second.error, undefined, JSON.stringify(second));
  assert.ok(second.width > 0);
  assert.equal(shop.tokensMinted(), mintedBefore + 2, 'one new token was fetched');
  const log = await page.evaluate(() => window.shop.log);
  const refused = log.indexOf('401 /problems/token-invalid');
  assert.ok(refused > log.indexOf(`showing ${first.id}`), `the gateway refused the expired token: ${log}`);
  assert.equal(log.lastIndexOf('got a token'), refused + 1, 'and a new token was fetched right then');
});

test('a page on an origin not in FRONTEND_URL is refused by CORS and creates nothing', async () => {
  const before = (await asShop.allPredictions()).length;
  const page = await openShop(elsewhere);

  const result = await page.evaluate(() => window.shop.generate('this must never run'));

  assert.equal(result.error, 'TypeError', `the browser refused the call: ${JSON.stringify(result)}`);
  assert.equal(elsewhere.tokensMinted(), 1, 'its backend did get a token: the refusal is the origin, not the key');
  // What the browser asked first, and was told: no CORS headers for this origin.
  const preflight = await fetch(`${GATEWAY}/generate`, {
    method: 'OPTIONS',
    headers: {
      Origin: elsewhere.origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,content-type',
    },
  });
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  await sleep(1000); // anything accepted would be listed at once: it is stored before the 202
  assert.equal((await asShop.allPredictions()).length, before, 'no prediction was created');
});
