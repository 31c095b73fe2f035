// replicate.files.*: upload a PNG, use its URL as an image input; and a Buffer passed straight as an
// input, which the client uploads itself.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { assertApiError, assertImageAt, client, png } from '../lib/harness.js';

const replicate = client({ useFileOutput: false });

test('files.create uploads a PNG; its URL is an image input of a prediction', async () => {
  const bytes = png(24, 16);
  const file = await replicate.files.create(bytes, { purpose: 'sdk-test' });
  assert.match(file.id, /^\S+$/);
  assert.equal(file.size, bytes.length);
  assert.equal(file.content_type, 'image/png', 'the type its bytes say (the client sends application/octet-stream)');
  assert.equal(file.checksums.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.deepEqual(file.metadata, { purpose: 'sdk-test' }, 'the metadata the client sends as a JSON part');
  assert.ok(Date.parse(file.expires_at) > Date.parse(file.created_at), 'it expires');
  assert.match(file.urls.get, /^https?:\/\//);

  const got = await replicate.files.get(file.id);
  assert.equal(got.id, file.id);
  assert.equal(got.urls.get, file.urls.get);
  const listed = await replicate.files.list();
  assert.ok(listed.results.some((f) => f.id === file.id), 'files.list has it');

  const prediction = await replicate.predictions.create({
    model: 'black-forest-labs/flux-kontext-pro',
    input: { prompt: 'make it blue', input_image: file.urls.get },
  });
  assert.equal(prediction.input.input_image, file.urls.get);
  const done = await replicate.wait(prediction, { interval: 200 });
  assert.equal(done.status, 'succeeded', done.error);
  await assertImageAt(done.output, 'png'); // flux-kontext-pro answers one URL, png by default

  assert.equal(await replicate.files.delete(file.id), true);
  await assertApiError(replicate.files.get(file.id), 404);
});

test('a Buffer given as an input is uploaded by the client and replaced by the file URL', async () => {
  const bytes = png(8, 8);
  const output = await replicate.run('black-forest-labs/flux-kontext-pro', {
    input: { prompt: 'add a hat', input_image: bytes },
    wait: { mode: 'poll', interval: 200 },
  });
  await assertImageAt(output, 'png');

  const [prediction] = (await replicate.predictions.list()).results;
  assert.equal(typeof prediction.input.input_image, 'string', 'the prediction got a URL, not the bytes');
  const uploads = (await replicate.files.list()).results;
  const upload = uploads.find((f) => f.urls.get === prediction.input.input_image);
  assert.ok(upload, 'the URL is one of the caller\'s files');
  assert.equal(upload.checksums.sha256, createHash('sha256').update(bytes).digest('hex'), 'holding those bytes');
});
