// Errors as the client surfaces them: ApiError with response.status, and Replicate's bodies (422 with
// invalid_fields from the model's own schema, 404, 401).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertApiError, client, env, png } from '../lib/harness.js';

const replicate = client();
const MODEL = 'black-forest-labs/flux-schnell';

test('an input the model does not have is a 422 ApiError naming it, and nothing is created', async () => {
  const newest = async () => (await replicate.predictions.list()).results[0]?.id;
  const before = await newest();
  const problem = await assertApiError(
    replicate.predictions.create({ model: MODEL, input: { prompt: 'x', promtp_strength: 0.5 } }),
    422,
  );
  assert.equal(problem.status, 422);
  assert.equal(problem.title, 'Input validation failed');
  assert.deepEqual(
    problem.invalid_fields.map((f) => [f.type, f.field]),
    [['invalid', 'input.promtp_strength']],
  );
  assert.match(problem.invalid_fields[0].description, /not an input of black-forest-labs\/flux-schnell/);
  assert.equal(await newest(), before, 'no prediction was made');
});

test('values outside the schema, and a missing required input, are 422s naming each field', async () => {
  const problem = await assertApiError(
    replicate.predictions.create({ model: MODEL, input: { prompt: 'x', num_outputs: 9, aspect_ratio: 'round' } }),
    422,
  );
  assert.deepEqual(problem.invalid_fields.map((f) => f.field).sort(), ['input.aspect_ratio', 'input.num_outputs']);

  const missing = await assertApiError(replicate.predictions.create({ model: MODEL, input: { seed: 1 } }), 422);
  assert.deepEqual(missing.invalid_fields.map((f) => f.field), ['input.prompt']);
});

test('run rejects with the same 422 ApiError (it does not poll a prediction that was never made)', async () => {
  const problem = await assertApiError(replicate.run(MODEL, { input: { prompt: 'x', num_inference_steps: 40 } }), 422);
  assert.deepEqual(problem.invalid_fields.map((f) => f.field), ['input.num_inference_steps']);
});

test('fileEncodingStrategy "data-uri" (which sends the client itself as the input in 1.4.0) is a clear 422', async () => {
  const broken = client({ fileEncodingStrategy: 'data-uri' });
  const problem = await assertApiError(
    broken.predictions.create({ model: 'black-forest-labs/flux-kontext-pro', input: { prompt: 'x', input_image: png(4, 4) } }),
    422,
  );
  assert.deepEqual(problem.invalid_fields.map((f) => f.field), ['input']);
  assert.match(problem.invalid_fields[0].description, /serialized client/);
  assert.ok(!JSON.stringify(problem).includes(env('SDK_KEY')), 'the key the client put in its body is not echoed back');
});

test('an unknown prediction id is a 404 ApiError, from get and from cancel', async () => {
  const problem = await assertApiError(replicate.predictions.get('gw_doesnotexist0000000000000'), 404);
  assert.equal(problem.status, 404);
  assert.match(problem.detail, /gw_doesnotexist/);
  await assertApiError(replicate.predictions.cancel('gw_doesnotexist0000000000000'), 404);
  await assertApiError(replicate.trainings.get('gw_doesnotexist0000000000000'), 404);
});

test('another caller\'s prediction is a 404 too', async () => {
  const mine = await replicate.predictions.create({ model: MODEL, input: { prompt: 'mine' } });
  const other = client({ auth: env('OTHER_KEY') });
  await assertApiError(other.predictions.get(mine.id), 404);
  await assertApiError(other.predictions.cancel(mine.id), 404);
  assert.equal((await replicate.predictions.get(mine.id)).id, mine.id);
  await replicate.wait(mine, { interval: 200 });
});

test('a wrong key is a 401 ApiError', async () => {
  const wrong = client({ auth: 'not-a-key-of-this-gateway-000000' });
  const problem = await assertApiError(wrong.predictions.list(), 401);
  assert.equal(problem.status, 401);
});
