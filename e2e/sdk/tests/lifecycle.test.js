// The rest of a prediction's life as the client sees it: a failed run, a run stopped with an
// AbortSignal, a deployment's prediction, and model versions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertImageAt, client, GATEWAY_URL, sleep } from '../lib/harness.js';

const replicate = client({ useFileOutput: false });

/** Sets the simulated Replicate's faults (in simulator mode only; run.sh's gateway is one). */
async function setFaults(faults) {
  const response = await fetch(`${GATEWAY_URL}/simulator/admin/faults`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  assert.equal(response.status, 200, 'the simulator took the faults');
}

test('a prediction that fails upstream makes run and wait throw "Prediction failed" with its error', async () => {
  await setFaults({ failure_rate: 1 });
  try {
    await assert.rejects(
      replicate.run('black-forest-labs/flux-schnell', { input: { prompt: 'doomed' }, wait: { mode: 'poll', interval: 200 } }),
      (error) => error instanceof Error && /^Prediction failed: \S/.test(error.message),
    );
    const created = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'doomed too' } });
    await assert.rejects(replicate.wait(created, { interval: 200 }), /^Error: Prediction failed: \S/);
    const failed = await replicate.predictions.get(created.id);
    assert.equal(failed.status, 'failed');
    assert.ok(failed.error, 'with the error Replicate gave');
  } finally {
    await setFaults({});
  }
});

test('run stopped with an AbortSignal cancels its prediction', async () => {
  const controller = new AbortController();
  const statuses = [];
  let id;
  const output = await replicate.run(
    'black-forest-labs/flux-dev',
    { input: { prompt: 'stop me', num_inference_steps: 50 }, wait: { mode: 'poll', interval: 200 }, signal: controller.signal },
    (prediction) => {
      id = prediction.id;
      statuses.push(prediction.status);
      if (prediction.status === 'processing') controller.abort();
    },
  );
  assert.ok(statuses.includes('processing'), `it ran before it was stopped: ${statuses}`);
  assert.equal(output, null, 'no output from a stopped run');

  let current = await replicate.predictions.get(id);
  for (let i = 0; i < 50 && current.status !== 'canceled'; i++) {
    await sleep(200);
    current = await replicate.predictions.get(id);
  }
  assert.equal(current.status, 'canceled', 'the client\'s cancel reached Replicate');
});

test('deployments.predictions.create runs on a deployment', async () => {
  const created = await replicate.deployments.predictions.create('acme', 'flux-schnell-fast', {
    input: { prompt: 'deployed' },
  });
  assert.equal(created.status, 'starting');
  assert.equal(created.deployment, 'acme/flux-schnell-fast');
  const done = await replicate.wait(created, { interval: 200 });
  assert.equal(done.status, 'succeeded', done.error);
  await assertImageAt(done.output[0], 'webp');
});

test('models.versions.list and get answer the model\'s schema', async () => {
  const { results } = await replicate.models.versions.list('black-forest-labs', 'flux-kontext-pro');
  assert.ok(results.length >= 1);
  const [latest] = results;
  assert.ok(latest.openapi_schema.components.schemas.Input.properties.input_image, 'flux-kontext-pro takes input_image');
  const one = await replicate.models.versions.get('black-forest-labs', 'flux-kontext-pro', latest.id);
  assert.equal(one.id, latest.id);
});
