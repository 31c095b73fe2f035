// replicate.predictions.*: create by model and by version, get, wait, cancel, list and paginate.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertImageAt, client, env, GATEWAY_URL, Replicate, sleep } from '../lib/harness.js';

const replicate = client();
const SDXL_VERSION = '7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc';

function assertCreated(prediction) {
  assert.match(prediction.id, /^\S+$/);
  assert.equal(prediction.status, 'starting', 'answered at once (no Prefer: wait), not yet running');
  assert.equal(prediction.urls.get, `${GATEWAY_URL}/v1/predictions/${prediction.id}`, 'urls.get points back at the gateway');
  assert.equal(prediction.urls.cancel, `${GATEWAY_URL}/v1/predictions/${prediction.id}/cancel`);
  assert.ok(!Number.isNaN(Date.parse(prediction.created_at)));
}

test('predictions.create by model, then get, then wait to the output', async () => {
  const input = { prompt: 'a paper boat', seed: 7, output_format: 'png' };
  const created = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input });
  assertCreated(created);
  assert.equal(created.model, 'black-forest-labs/flux-schnell');
  assert.deepEqual(created.input, input, 'the input as the caller wrote it');

  const got = await replicate.predictions.get(created.id);
  assert.equal(got.id, created.id);
  assert.deepEqual(got.input, input);
  assert.ok(['starting', 'processing', 'succeeded'].includes(got.status), got.status);

  const done = await replicate.wait(created, { interval: 200 });
  assert.equal(done.id, created.id);
  assert.equal(done.status, 'succeeded');
  assert.equal(done.error, null);
  assert.ok(done.completed_at && done.started_at, 'started and completed times');
  assert.ok(done.metrics.predict_time > 0, 'metrics.predict_time');
  assert.equal(done.output.length, 1);
  await assertImageAt(done.output[0], 'png');
  assert.match(done.logs, /100%\|/, 'the model\'s tqdm logs, which parseProgressFromLogs reads');
  assert.deepEqual(Replicate.parseProgressFromLogs(done), { percentage: 1, current: 4, total: 4 });

  const again = await replicate.wait(done);
  assert.equal(again, done, 'wait on a finished prediction returns it without a request');
});

test('predictions.create by version id (from models.get) and by owner/name:version', async () => {
  const model = await replicate.models.get('black-forest-labs', 'flux-schnell');
  const latest = model.latest_version.id;
  assert.match(latest, /^[0-9a-f]{64}$/, 'the catalog model has a version id');
  assert.ok(model.latest_version.openapi_schema.components.schemas.Input.properties.prompt, 'with its schema');

  const byId = await replicate.predictions.create({ version: latest, input: { prompt: 'by version id' } });
  assertCreated(byId);
  assert.equal(byId.version, latest);

  const pinned = await replicate.predictions.create({
    version: `stability-ai/sdxl:${SDXL_VERSION}`,
    input: { prompt: 'by owner/name:version', num_inference_steps: 4, width: 512, height: 512 },
  });
  assertCreated(pinned);
  assert.equal(pinned.model, 'stability-ai/sdxl');
  assert.equal(pinned.version, SDXL_VERSION);

  for (const [prediction, kind] of [[byId, 'webp'], [pinned, 'png']]) {
    const done = await replicate.wait(prediction, { interval: 200 });
    assert.equal(done.status, 'succeeded', `${prediction.version}: ${done.error}`);
    await assertImageAt(done.output[0], kind); // flux-schnell's default is webp; sdxl answers png
  }
});

test('predictions.cancel stops a running prediction; wait then returns it canceled', async () => {
  const created = await replicate.predictions.create({
    model: 'black-forest-labs/flux-dev',
    input: { prompt: 'a long one', num_inference_steps: 50 },
  });
  let current = created;
  for (let i = 0; i < 100 && current.status !== 'processing'; i++) {
    await sleep(100);
    current = await replicate.predictions.get(created.id);
  }
  assert.equal(current.status, 'processing', 'it started running');

  const answered = await replicate.predictions.cancel(created.id);
  assert.equal(answered.id, created.id);
  assert.ok(['processing', 'canceled'].includes(answered.status), answered.status);

  const done = await replicate.wait(answered, { interval: 200 });
  assert.equal(done.status, 'canceled', 'wait ends on canceled without throwing');
  assert.equal(done.output, null, 'no output from a canceled run');

  const again = await replicate.predictions.cancel(created.id);
  assert.equal(again.status, 'canceled', 'canceling a finished prediction answers it as it is');
});

test('predictions.list shows the caller\'s predictions newest first, and only the caller\'s', async () => {
  const first = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'listed one' } });
  const second = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'listed two' } });

  const page = await replicate.predictions.list();
  assert.ok(Array.isArray(page.results));
  const ids = page.results.map((p) => p.id);
  assert.ok(ids.indexOf(second.id) >= 0 && ids.indexOf(second.id) < ids.indexOf(first.id), 'newest first');
  assert.equal(ids[0], second.id, 'the newest is first');
  assert.equal(page.results[0].urls.get, second.urls.get);

  const other = client({ auth: env('OTHER_KEY') });
  const othersPage = await other.predictions.list();
  assert.ok(!othersPage.results.some((p) => p.id === first.id || p.id === second.id), 'another caller does not see them');

  await replicate.wait(second, { interval: 200 });
});

test('replicate.paginate follows next through every page of 100, without repeats', async () => {
  // A caller of its own, so that nothing else lands among what this test makes (with run.sh's fresh
  // store its list is exactly these 105: pages of 100 and 5).
  const pager = client({ auth: env('PAGER_KEY') });
  const made = [];
  for (let i = 0; i < 105; i++) {
    const prediction = await pager.predictions.create({
      model: 'black-forest-labs/flux-schnell',
      input: { prompt: `page item ${i}` },
    });
    made.push(prediction.id);
  }

  const pages = [];
  for await (const results of pager.paginate(pager.predictions.list)) {
    pages.push(results.map((p) => p.id));
  }
  assert.ok(pages.length >= 2, 'more than one page');
  assert.ok(pages.slice(0, -1).every((p) => p.length === 100), `full pages of 100, then the rest: ${pages.map((p) => p.length)}`);
  const all = pages.flat();
  assert.equal(new Set(all).size, all.length, 'no prediction twice');
  assert.deepEqual(all.slice(0, made.length), [...made].reverse(), 'every prediction made, newest first');
});
