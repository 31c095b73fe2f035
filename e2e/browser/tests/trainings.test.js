// The Trainings tab: a zip upload with upload progress, the training followed to the end, then
// "generate with this LoRA", prefilled with its trigger word.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertRanCleanly, env, gateway, gotoPlayground, launchBrowser, loadedWidth, openPage, recordProgress, screenshot,
} from '../lib/harness.js';
import { TINY_PNG, zip } from '../lib/zip.js';

const BASE = env('GATEWAY_URL');
const api = gateway(BASE);
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test('a zip upload trains a LoRA, and the page then generates with it and its trigger word', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, BASE);
  await page.getByRole('tab', { name: 'Trainings' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Trainings' });

  const suffix = Date.now().toString(36);
  const trigger = `ZQX${suffix.toUpperCase()}`;
  const destination = `playground/lora-${suffix}`;
  // A couple of megabytes, so the upload is more than one network write.
  const photos = Array.from({ length: 4 }, (_, index) => ({
    name: `photo-${index + 1}.png`, data: Buffer.concat([TINY_PNG, Buffer.alloc(512 * 1024, index)]),
  }));
  await panel.getByLabel('Training images (zip)', { exact: true })
    .setInputFiles({ name: 'photos.zip', mimeType: 'application/zip', buffer: zip(photos) });
  await panel.getByLabel('Trigger word', { exact: true }).fill(trigger);
  await panel.getByLabel('Destination model', { exact: true }).fill(destination);
  await panel.getByLabel('Training steps', { exact: true }).fill('100');
  const uploadSeen = await recordProgress(page, '#upload-progress');
  const trainingSeen = await recordProgress(page, '#training-progress');

  await panel.getByRole('button', { name: 'Upload and train' }).click();
  await panel.getByRole('status').filter({ hasText: `Trained: ${destination} is ready.` }).waitFor({ timeout: 90_000 });

  assert.equal((await uploadSeen()).at(-1), 1, 'the upload bar reached 100 %');
  assert.equal(await panel.locator('#upload-percent').textContent(), '100 %');
  assert.equal((await trainingSeen()).at(-1), 1, 'the training bar reached 100 %');
  const listed = await api.get('/trainings?limit=5');
  const training = listed.body.results.find((candidate) => candidate.destination === destination);
  assert.equal(training?.status, 'succeeded', 'the API has the training, succeeded');
  assert.equal(training.trigger_word, trigger);
  assert.equal(training.input.steps, 100, 'the form fields went with the upload');
  assert.ok(training.version, 'a version was published');
  await panel.locator(`#trainings-list [data-training-id="${training.id}"][data-status="succeeded"]`).waitFor();
  await screenshot(page, 'trainings');

  await panel.locator('#training-result').getByRole('button', { name: 'Generate with this LoRA' }).click();
  const generate = page.getByRole('tabpanel', { name: 'Generate' });
  assert.equal(await page.getByRole('tab', { name: 'Generate' }).getAttribute('aria-selected'), 'true');
  assert.match(await generate.locator('#lora-banner').textContent(), new RegExp(destination));
  const prompt = generate.getByLabel('Prompt', { exact: true });
  assert.ok((await prompt.inputValue()).includes(trigger), 'the prompt has the trigger word');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'gen-prompt', 'the prompt has the focus');
  await prompt.fill(`${trigger} as a lighthouse keeper`);
  await generate.getByLabel('Steps', { exact: true }).fill('10'); // a quick run: the LoRA is what is tested

  await generate.getByRole('button', { name: 'Generate', exact: true }).click();
  const image = generate.locator('#results img');
  await image.waitFor({ timeout: 60_000 });
  assert.ok((await loadedWidth(image)) > 0);
  const id = (await generate.locator('#run-id').textContent()).match(/gw_[A-Za-z0-9_-]+/)[0];
  const prediction = (await api.get(`/predictions/${id}`)).body;
  assert.equal(prediction.model, destination, 'it ran the trained LoRA');
  assert.ok(prediction.input.prompt.includes(trigger));
  assertRanCleanly(page);
});
