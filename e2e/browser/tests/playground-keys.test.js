// The playground on a gateway with API keys: the first 401 asks once for the key; the page mints a
// client token with it and sends only the token from then on, also after a reload, and mints a new
// one with the kept key when the gateway refuses the token.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertRanCleanly, env, launchBrowser, loadedWidth, openPage } from '../lib/harness.js';

const GATEWAY = env('KEYED_GATEWAY_URL');
const KEY = env('SHOP_KEY');
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test('the playground asks once for an API key, then works with a client token it renews by itself', async () => {
  const page = await openPage(browser);
  const authorizations = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const path = url.pathname;
    // API calls only: not the page's files, nor signed links (images, event streams), which need no header.
    if (request.url().startsWith(GATEWAY) && !path.startsWith('/playground') && path !== '/'
      && !url.searchParams.has('signature')) {
      authorizations.push({ path, auth: request.headers().authorization ?? null });
    }
  });
  let dialogsOpened = 0;
  await page.exposeFunction('dialogOpened', () => {
    dialogsOpened++;
  });
  await page.addInitScript(() => {
    const showModal = HTMLDialogElement.prototype.showModal;
    HTMLDialogElement.prototype.showModal = function counted() {
      window.dialogOpened();
      return showModal.call(this);
    };
  });
  await page.goto(`${GATEWAY}/`);

  const dialog = page.getByRole('dialog', { name: 'API key needed' });
  await dialog.waitFor();
  // A wrong key is refused in the dialog itself, which stays open.
  await dialog.getByLabel('API key').fill('not-the-right-key-at-all');
  await dialog.getByRole('button', { name: 'Use this key' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
  await dialog.getByLabel('API key').fill(KEY);
  await dialog.getByRole('button', { name: 'Use this key' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('body[data-ready="true"]').waitFor();

  const panel = page.getByRole('tabpanel', { name: 'Generate' });
  await panel.getByLabel('Prompt', { exact: true }).fill('a key-guarded lighthouse');
  await panel.getByRole('button', { name: 'Generate', exact: true }).click();
  const image = panel.locator('#results img');
  await image.waitFor({ timeout: 60_000 });
  assert.ok((await loadedWidth(image)) > 0);
  const refusedAtFirst = authorizations.filter(({ path, auth }) => auth === null && path !== '/tokens');
  assert.ok(refusedAtFirst.length >= 2, `several calls were refused at first: ${JSON.stringify(refusedAtFirst)}`);
  assert.equal(dialogsOpened, 2, 'they shared one question, asked again only after the wrong key');

  const token = await page.evaluate(() => sessionStorage.getItem('replicate-gateway.playground.token'));
  assert.match(token, /^gwt_/);
  const lastMint = authorizations.map(({ path }) => path).lastIndexOf('/tokens');
  const afterMint = authorizations.slice(lastMint + 1);
  assert.ok(afterMint.some(({ path }) => path === '/generate'), 'the generation came after the token');
  assert.deepEqual(afterMint.filter(({ auth }) => auth !== `Bearer ${token}`), [], 'every call since went with the token');
  assert.ok(authorizations.every(({ path, auth }) => path === '/tokens' || !auth?.includes(KEY)),
    'the key itself went only to POST /tokens');

  // A reload keeps the tab's session: no question, the history is there.
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await page.locator('.gallery .card').first().waitFor();
  assert.equal(dialogsOpened, 2, 'not asked again after a reload');

  // A token the gateway refuses (401 token-invalid) is replaced with the kept key, without asking.
  await page.evaluate(() => sessionStorage.setItem('replicate-gateway.playground.token', 'gwt_bm90LWEtdG9rZW4.bogus'));
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await page.locator('.gallery .card').first().waitFor();
  const renewed = await page.evaluate(() => sessionStorage.getItem('replicate-gateway.playground.token'));
  assert.match(renewed, /^gwt_/);
  assert.notEqual(renewed, token, 'a new token was minted');
  assert.notEqual(renewed, 'gwt_bm90LWEtdG9rZW4.bogus');
  assert.equal(dialogsOpened, 2, 'and nobody was asked');
  assertRanCleanly(page);
});
