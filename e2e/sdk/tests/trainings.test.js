// replicate.trainings.*: a LoRA training on a trainer version into a destination, followed to the end,
// and the version it made run like any other.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertApiError, client, env, GATEWAY_URL, TRAINER_VERSION, unique } from '../lib/harness.js';

const replicate = client();

test('trainings.create on a trainer version, trainings.get, wait, then run the trained version', async () => {
  const destination = `sdk/${unique('faces')}`;
  const input = { input_images: 'https://example.com/faces.zip', trigger_word: 'ZXQ', steps: 10 };
  const created = await replicate.trainings.create('ostris', 'flux-dev-lora-trainer', TRAINER_VERSION, {
    destination,
    input,
  });
  assert.match(created.id, /^\S+$/);
  assert.equal(created.status, 'starting');
  assert.equal(created.model, 'ostris/flux-dev-lora-trainer');
  assert.equal(created.version, TRAINER_VERSION);
  assert.equal(created.destination, destination);
  assert.deepEqual(created.input, input);
  assert.equal(created.urls.get, `${GATEWAY_URL}/v1/trainings/${created.id}`);

  const got = await replicate.trainings.get(created.id);
  assert.equal(got.id, created.id);
  assert.equal(got.destination, destination);

  // The client waits on a training through /v1/predictions/{id}, which the gateway serves for trainings too.
  const done = await replicate.wait(created, { interval: 250 });
  assert.equal(done.status, 'succeeded', done.error);
  assert.match(done.output.version, new RegExp(`^${destination}:[0-9a-f]{64}$`), 'the version it made');
  assert.ok(done.output.weights, 'the weights');

  const listed = await replicate.trainings.list();
  assert.equal(listed.results[0].id, created.id, 'the newest training first');

  const output = await replicate.run(done.output.version, {
    input: { prompt: 'ZXQ as an astronaut' },
    wait: { mode: 'poll', interval: 250 },
  });
  assert.ok(Array.isArray(output) && output.length >= 1, `the trained version ran: ${JSON.stringify(output)}`);

  // The destination is this caller's now: another caller can neither run it nor train into it.
  const other = client({ auth: env('OTHER_KEY') });
  await assertApiError(other.run(done.output.version, { input: { prompt: 'ZXQ' } }), 403);
  await assertApiError(
    other.trainings.create('ostris', 'flux-dev-lora-trainer', TRAINER_VERSION, { destination, input }),
    403,
  );
});

test('trainings.create without a destination is a 422 naming the field', async () => {
  const problem = await assertApiError(
    replicate.trainings.create('ostris', 'flux-dev-lora-trainer', TRAINER_VERSION, {
      input: { input_images: 'https://example.com/faces.zip' },
    }),
    422,
  );
  assert.ok(problem.invalid_fields.some((f) => f.field === 'destination'), JSON.stringify(problem));
});

test('trainings.cancel stops a training; wait then returns it canceled', async () => {
  const created = await replicate.trainings.create('ostris', 'flux-dev-lora-trainer', TRAINER_VERSION, {
    destination: `sdk/${unique('long')}`,
    input: { input_images: 'https://example.com/faces.zip', steps: 6000 },
  });
  const answered = await replicate.trainings.cancel(created.id);
  assert.equal(answered.id, created.id);
  const done = await replicate.wait(answered, { interval: 250 });
  assert.equal(done.status, 'canceled');
  assert.equal((await replicate.trainings.get(created.id)).status, 'canceled');
});
