// The Usage tab: one bar per day of the last 14 in each chart, drawn from GET /usage?days=14.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertRanCleanly, env, gateway, gotoPlayground, launchBrowser, openPage, screenshot } from '../lib/harness.js';

const BASE = env('GATEWAY_URL');
const api = gateway(BASE);
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** Makes sure today has a finished prediction, whichever tests ran before. */
async function generateOne() {
  const accepted = await api.post('/generate', { prompt: 'a usage sample', model: 'flux-schnell' });
  assert.equal(accepted.status, 202);
  for (let tries = 0; tries < 120; tries++) {
    const current = await api.get(`/predictions/${accepted.body.id}`);
    if (current.body.status === 'succeeded') return;
    await sleep(250);
  }
  assert.fail('the sample prediction did not succeed');
}

test('the usage tab charts predictions and estimated spend for each of the last 14 days', async () => {
  await generateOne();
  const page = await openPage(browser);
  await gotoPlayground(page, BASE);
  await page.getByRole('tab', { name: 'Usage' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Usage' });
  await panel.locator('#chart-spend svg').waitFor();

  const usage = (await api.get('/usage?days=14')).body;
  // The 14th day from `since` is today (UTC); the API lists only active days, in any order.
  const todayDate = new Date(Date.parse(`${usage.since}T00:00:00Z`) + 13 * 86_400_000).toISOString().slice(0, 10);
  const today = usage.days.find((day) => day.day === todayDate);
  assert.ok(today, `today (${todayDate}) is in the usage: ${JSON.stringify(usage.days.map((day) => day.day))}`);
  const todaysPredictions = today.lines
    .filter((line) => line.kind === 'prediction')
    .reduce((sum, line) => sum + line.count, 0);

  for (const [chart, expected] of [['#chart-predictions', todaysPredictions], ['#chart-spend', today.estimated_spend_usd]]) {
    const svg = panel.locator(`${chart} svg`);
    assert.equal(await svg.getAttribute('role'), 'img');
    assert.ok((await svg.getAttribute('aria-labelledby')).length > 0, 'the chart has an accessible name');
    const bars = svg.locator('g.bar');
    assert.equal(await bars.count(), 14, `${chart} has a bar per day`);
    assert.equal(await bars.first().getAttribute('data-day'), usage.since);
    const last = bars.last();
    assert.equal(await last.getAttribute('data-day'), today.day);
    assert.equal(Number(await last.getAttribute('data-value')), expected, `${chart}: today's value`);
    const height = Number(await last.locator('rect').getAttribute('height'));
    assert.ok(height > 0, `${chart}: today's bar is drawn`);
    // Days without activity are zero-height bars, not missing.
    const quietDay = usage.days.some((day) => day.day === usage.since) ? null : bars.first();
    if (quietDay) assert.equal(Number(await quietDay.locator('rect').getAttribute('height')), 0);
  }
  assert.match(await panel.getByRole('status').textContent(), /predictions? and an estimated \$/);
  await screenshot(page, 'usage');
  assertRanCleanly(page);
});
