// replicate.run: the one call most code makes, polling and blocking (Prefer: wait), with and without
// FileOutput objects.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertImageAt, client, GATEWAY_URL } from '../lib/harness.js';

const MODEL = 'black-forest-labs/flux-schnell';

test('run with wait mode "poll" creates, polls to the end and returns the output URLs', async () => {
  const replicate = client({ useFileOutput: false });
  const seen = [];
  const output = await replicate.run(
    MODEL,
    { input: { prompt: 'a lighthouse at dusk', num_outputs: 2, output_format: 'png' }, wait: { mode: 'poll', interval: 200 } },
    (prediction) => seen.push(prediction.status),
  );

  assert.ok(Array.isArray(output), 'flux-schnell answers a list');
  assert.equal(output.length, 2, 'one URL per num_outputs');
  for (const url of output) {
    assert.equal(typeof url, 'string');
    assert.ok(url.startsWith(`${GATEWAY_URL}/`), `${url} is served by the gateway`);
    await assertImageAt(url, 'png');
  }
  assert.equal(seen[0], 'starting', 'the create answered at once, not yet final');
  assert.equal(seen.at(-1), 'succeeded');
});

test('run with wait mode "block" sends Prefer: wait and gets the final prediction from the create', async () => {
  const requests = [];
  const replicate = client({
    useFileOutput: false,
    fetch: (url, init) => {
      requests.push({ method: init.method, path: new URL(url).pathname, prefer: init.headers.Prefer });
      return fetch(url, init);
    },
  });
  const output = await replicate.run(MODEL, { input: { prompt: 'a red kite' }, wait: { mode: 'block' } });

  assert.equal(output.length, 1);
  await assertImageAt(output[0], 'webp');
  assert.deepEqual(
    requests,
    [{ method: 'POST', path: `/v1/models/${MODEL}/predictions`, prefer: 'wait' }],
    'one create held until final: no polling',
  );
});

test('run blocking with a timeout shorter than the run falls back to polling', async () => {
  const requests = [];
  const replicate = client({
    useFileOutput: false,
    fetch: (url, init) => {
      requests.push({ method: init.method, prefer: init.headers.Prefer });
      return fetch(url, init);
    },
  });
  // flux-dev at 28 steps runs for seconds in the simulator: a 1 s wait runs out first.
  const output = await replicate.run('black-forest-labs/flux-dev', {
    input: { prompt: 'a slow one', num_inference_steps: 28 },
    wait: { mode: 'block', timeout: 1 },
  });

  assert.ok(Array.isArray(output) && output.length === 1, 'flux-dev answers a list of one');
  await assertImageAt(output[0], 'webp');
  assert.deepEqual(requests[0], { method: 'POST', prefer: 'wait=1' });
  assert.ok(requests.length > 1, 'the client polled after the 202 "starting"');
  assert.ok(requests.slice(1).every((r) => r.method === 'GET'));
});

test('run with the default options (useFileOutput true, wait "block") returns the outputs', async () => {
  const replicate = client();
  const output = await replicate.run(MODEL, { input: { prompt: 'a green field', output_format: 'jpg' } });

  assert.equal(output.length, 1);
  // 1.4.0 wraps only https: and data: URLs in FileOutput objects; this gateway is plain http, so its
  // URLs come back as strings (behind TLS they would be FileOutput, whose url() is the same URL).
  const [url] = output;
  assert.equal(typeof url, 'string');
  assert.ok(url.startsWith(`${GATEWAY_URL}/`), `${url} is served by the gateway`);
  await assertImageAt(url, 'jpg');
});
