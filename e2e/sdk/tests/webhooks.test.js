// The caller's own webhooks: the secret from webhooks.default.secret.get(), a real delivery POSTed by
// the gateway to a receiver this test runs, checked with the client's validateWebhook.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { asRequest, client, env, sleep, validateWebhook, webhookReceiver } from '../lib/harness.js';

const replicate = client();
let receiver;

before(async () => {
  receiver = await webhookReceiver();
});
after(async () => {
  await receiver?.close();
});

test('webhooks.default.secret.get answers the caller\'s own whsec_ secret, the same each time', async () => {
  const { key } = await replicate.webhooks.default.secret.get();
  assert.match(key, /^whsec_[A-Za-z0-9+/=]{40,}$/);
  assert.equal((await replicate.webhooks.default.secret.get()).key, key);
  const other = await client({ auth: env('OTHER_KEY') }).webhooks.default.secret.get();
  assert.notEqual(other.key, key, 'another caller has another secret');
});

test('a "completed" webhook arrives once, signed so that validateWebhook accepts it', async () => {
  const { key: secret } = await replicate.webhooks.default.secret.get();
  const created = await replicate.predictions.create({
    model: 'black-forest-labs/flux-schnell',
    input: { prompt: 'a webhook' },
    webhook: receiver.url('/replicate-hook?order=42'),
    webhook_events_filter: ['completed'],
  });

  const delivery = await receiver.next(90_000);
  assert.equal(delivery.method, 'POST');
  assert.equal(delivery.url, '/replicate-hook?order=42', 'to the URL as given, query included');
  assert.match(delivery.headers['content-type'], /^application\/json/);
  for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    assert.ok(delivery.headers[header], `${header} is sent`);
  }
  const age = Date.now() / 1000 - Number(delivery.headers['webhook-timestamp']);
  assert.ok(age >= -5 && age < 120, `a current timestamp (${age} s old)`);

  assert.equal(await validateWebhook(asRequest(delivery), secret), true, 'validateWebhook(request, secret) accepts it');
  assert.equal(
    await validateWebhook({
      id: delivery.headers['webhook-id'],
      timestamp: delivery.headers['webhook-timestamp'],
      signature: delivery.headers['webhook-signature'],
      body: delivery.body.toString('utf8'),
      secret,
    }),
    true,
    'and the object form',
  );
  const tampered = Buffer.from(delivery.body.toString('utf8').replace('"succeeded"', '"failed"'));
  assert.notDeepEqual(tampered, delivery.body);
  assert.equal(await validateWebhook(asRequest(delivery, tampered), secret), false, 'a changed body is refused');
  const { key: otherSecret } = await client({ auth: env('OTHER_KEY') }).webhooks.default.secret.get();
  assert.equal(await validateWebhook(asRequest(delivery), otherSecret), false, 'another caller\'s secret does not verify it');

  const body = JSON.parse(delivery.body.toString('utf8'));
  assert.equal(body.id, created.id);
  assert.equal(body.status, 'succeeded');
  assert.equal(body.output.length, 1);
  assert.deepEqual(body.input, { prompt: 'a webhook' });
  assert.deepEqual(body.webhook_events_filter, ['completed']);
  const current = await replicate.predictions.get(created.id);
  assert.deepEqual(body.output, current.output, 'the same output URLs the API answers');

  await sleep(2_000);
  assert.equal(receiver.deliveries.length, 1, 'only the completed event, once (the receiver answered 204)');
});

test('a delivery the receiver refuses is sent again: same webhook-id, same bytes, still valid', async () => {
  const { key: secret } = await replicate.webhooks.default.secret.get();
  const refusing = await webhookReceiver({ refuse: 1 });
  try {
    const created = await replicate.predictions.create({
      model: 'black-forest-labs/flux-schnell',
      input: { prompt: 'a webhook retried' },
      webhook: refusing.url(),
      webhook_events_filter: ['completed'],
    });
    const first = await refusing.next(90_000);
    assert.equal(first.answered, 503);
    // run.sh sets gateway.caller-webhooks.first-retry=1s (10 s by default).
    const second = await refusing.next(60_000);
    assert.equal(second.answered, 204);
    assert.equal(second.headers['webhook-id'], first.headers['webhook-id'], 'the same event id, so a receiver can drop repeats');
    assert.ok(second.body.equals(first.body), 'the body resent byte for byte');
    assert.equal(await validateWebhook(asRequest(second), secret), true);
    assert.equal(JSON.parse(second.body.toString('utf8')).id, created.id);
  } finally {
    await refusing.close();
  }
});
