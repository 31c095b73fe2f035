// The playground end to end on an open gateway (simulator mode, no keys): generate with live
// progress, the kept image and its history entry after a reload, cancel, and a phone's width.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertRanCleanly, env, gateway, gotoPlayground, launchBrowser, loadedWidth, openPage, publishScreenshot, recordProgress,
  screenshot,
} from '../lib/harness.js';

const BASE = env('GATEWAY_URL');
const api = gateway(BASE);
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** The Generate panel with the model, prompt and steps filled in. */
async function fillGenerate(page, { model, prompt, steps, seed }) {
  const panel = page.getByRole('tabpanel', { name: 'Generate' });
  await panel.getByLabel('Model', { exact: true }).selectOption(model);
  await panel.getByLabel('Prompt', { exact: true }).fill(prompt);
  if (steps !== undefined) await panel.getByLabel('Steps', { exact: true }).fill(String(steps));
  if (seed !== undefined) await panel.getByLabel('Seed', { exact: true }).fill(String(seed));
  return panel;
}

/** The id of the prediction the current run follows, as the page shows it. */
async function runId(panel) {
  await panel.locator('#run-id').filter({ hasText: 'gw_' }).waitFor();
  return (await panel.locator('#run-id').textContent()).match(/gw_[A-Za-z0-9_-]+/)[0];
}

test('a prompt becomes a kept image while the progress bar moves, and it is in the history after a reload', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, BASE);
  // 50 steps of flux-dev: several polls of the upstream state while it runs, so the bar moves.
  const panel = await fillGenerate(page, {
    model: 'flux-dev', prompt: 'a lighthouse at dawn, volumetric light', steps: 50, seed: 42,
  });
  const progressSeen = await recordProgress(page, '#generate-progress');

  await panel.getByRole('button', { name: 'Generate', exact: true }).click();
  const id = await runId(panel);
  const image = panel.locator('#results img');
  await image.waitFor({ timeout: 60_000 });

  assert.ok((await loadedWidth(image)) > 0, 'the image has pixels');
  const seen = await progressSeen();
  assert.ok(seen.some((value) => value > 0 && value < 1), `an intermediate value was shown: ${seen}`);
  assert.equal(seen.at(-1), 1, `the bar ended full: ${seen}`);
  assert.ok(new Set(seen).size >= 2, `the bar took at least two values: ${seen}`);
  await panel.getByRole('status').filter({ hasText: 'Done: one image kept.' }).waitFor();

  // The kept copy (the service's signed link), not Replicate's hour-long URL.
  const src = await image.getAttribute('src');
  assert.match(src, new RegExp(`/predictions/${id}/outputs/0\\?caller=`), 'the image is the kept output');
  const stored = await api.get(`/predictions/${id}`);
  assert.equal(stored.body.status, 'succeeded');
  assert.equal(stored.body.outputs_persisted, true);
  const download = panel.getByRole('link', { name: 'Download' }).first();
  assert.equal(await download.getAttribute('href'), src);
  assert.notEqual(await download.getAttribute('download'), null, 'the link downloads');

  await publishScreenshot(await screenshot(page, 'generate'));

  // The history is the API's record: a reload (no local storage) still shows it, with its image.
  await page.reload();
  const card = page.locator(`.gallery [data-prediction-id="${id}"]`);
  await card.waitFor();
  assert.match(await card.textContent(), /a lighthouse at dawn/);
  assert.equal(await card.getAttribute('data-status'), 'succeeded');
  assert.ok((await loadedWidth(card.locator('img').first())) > 0, 'the history shows the kept image');
  assertRanCleanly(page);
});

test('a slow run is canceled from the page and ends canceled', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, BASE);
  const panel = await fillGenerate(page, { model: 'flux-dev', prompt: 'a slow cathedral, 50 steps', steps: 50 });

  await panel.getByRole('button', { name: 'Generate', exact: true }).click();
  const id = await runId(panel);
  // Cancel while it runs upstream (not while still queued here, which would end it before it started).
  await panel.getByRole('status').filter({ hasText: 'Generating' }).waitFor({ timeout: 30_000 });
  await panel.getByRole('button', { name: 'Cancel', exact: true }).click();
  await panel.getByRole('status').filter({ hasText: 'Canceled.' }).waitFor({ timeout: 30_000 });

  const stored = await api.get(`/predictions/${id}`);
  assert.equal(stored.body.status, 'canceled');
  assert.equal(stored.body.cancel_requested, true);
  assert.ok(stored.body.progress < 1, `it stopped before the end: ${stored.body.progress}`);
  assert.equal(await panel.locator('#results img').count(), 0, 'no image is shown');
  assert.ok(await panel.getByRole('button', { name: 'Cancel', exact: true }).isDisabled(), 'nothing left to cancel');
  // The history, read again when the run ended, says so too.
  await page.locator(`.gallery [data-prediction-id="${id}"][data-status="canceled"]`).waitFor();
  assertRanCleanly(page);
});

test('at a phone width of 375 px no tab scrolls sideways', async () => {
  const page = await openPage(browser, { viewport: { width: 375, height: 812 } });
  await gotoPlayground(page, BASE);
  await page.locator('.gallery .card').first().waitFor();
  for (const tab of ['Generate', 'Trainings', 'Usage']) {
    await page.getByRole('tab', { name: tab }).click();
    await page.getByRole('tabpanel', { name: tab }).waitFor();
    if (tab === 'Usage') await page.locator('#chart-spend svg').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the ${tab} tab is ${width} px wide`);
  }
  await page.getByRole('tab', { name: 'Generate' }).click();
  await screenshot(page, 'phone', { fullPage: false });
  assertRanCleanly(page);
});

test('the history is read page by page, newest first, with "Load more"', async () => {
  // More than a page (12) of predictions, so there is a next_cursor.
  for (let index = 0; index < 13; index++) {
    const accepted = await api.post('/generate', { prompt: `history page sample ${index}`, model: 'flux-schnell' });
    assert.equal(accepted.status, 202);
  }
  const newestFirst = (await api.allPredictions()).map((prediction) => prediction.id);
  const page = await openPage(browser);
  await gotoPlayground(page, BASE);
  const cards = page.locator('.gallery .card');
  await cards.nth(11).waitFor();
  assert.equal(await cards.count(), 12, 'one page at first');

  await page.getByRole('button', { name: 'Load more' }).click();
  await cards.nth(12).waitFor();
  const shown = await cards.evaluateAll((items) => items.map((item) => item.dataset.predictionId));
  assert.deepEqual(shown, newestFirst.slice(0, shown.length), 'newest first, no repeats, no gaps');
  assertRanCleanly(page);
});
