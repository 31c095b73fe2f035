// What every SDK test needs: the environment run.sh sets up, official clients pointed at the gateway's
// /v1, a small valid PNG, a local webhook receiver, and a way to read the body of an ApiError.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { deflateSync } from 'node:zlib';
import Replicate, { validateWebhook } from 'replicate';
// Not exported from the package's index in 1.4.0; the client throws instances of this class.
import ApiError from 'replicate/lib/error.js';

export { ApiError, Replicate, validateWebhook };

/** A variable run.sh exports; a clear message when a test file is run without it. */
export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with e2e/sdk/run.sh (it starts the gateway)`);
  return value;
}

export const GATEWAY_URL = env('GATEWAY_URL');

/** The official client as a team already on Replicate writes it, with only `auth` and `baseUrl` changed. */
export function client(options = {}) {
  return new Replicate({ auth: env('SDK_KEY'), baseUrl: `${GATEWAY_URL}/v1`, ...options });
}

/** The same client as another caller (API key `other`). */
export function otherClient(options = {}) {
  return new Replicate({ auth: env('OTHER_KEY'), baseUrl: `${GATEWAY_URL}/v1`, ...options });
}

/** The trainer version the simulator serves (the real ostris/flux-dev-lora-trainer version id). */
export const TRAINER_VERSION = 'e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497';

export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Downloads a URL the gateway answered with, and checks its bytes are an image of the given kind. */
export async function assertImageAt(url, kind) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const magic = {
    webp: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
    png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    jpg: (b) => b[0] === 0xff && b[1] === 0xd8,
  }[kind];
  assert.ok(magic(bytes), `${url} holds a ${kind} image (${bytes.length} bytes)`);
  return bytes;
}

/** An ApiError's answer body: the client read it into the message, so the Response's body is used up. */
export function problemOf(error) {
  const match = /failed with status \d+ [^:]*: ([\s\S]*)\.$/.exec(error.message);
  assert.ok(match, `an ApiError message with the answer's body: ${error.message}`);
  return JSON.parse(match[1]);
}

/** Asserts that a call rejects with the client's ApiError of the given status; returns the answer body. */
export async function assertApiError(promise, status) {
  let caught;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof ApiError, `an ApiError, not ${caught?.name}: ${caught?.message}`);
  assert.equal(caught.name, 'ApiError');
  assert.equal(caught.response.status, status, caught.message);
  return problemOf(caught);
}

// --- a small PNG ---------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid RGB PNG of the given size, a gradient (so two sizes never have the same bytes). */
export function png(width = 16, height = 16) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = (x * 255) / Math.max(1, width - 1);
      row[2 + x * 3] = (y * 255) / Math.max(1, height - 1);
      row[3 + x * 3] = 128;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- a webhook receiver --------------------------------------------------------------------------

/**
 * An http server on 127.0.0.1 that records every POST (headers, raw body, what it answered) and answers
 * 204, or 503 to the first `refuse` of them. `next()` resolves with the next delivery not yet taken.
 */
export async function webhookReceiver({ refuse = 0 } = {}) {
  const deliveries = [];
  const waiters = [];
  const server = createServer((request, response) => {
    const parts = [];
    request.on('data', (part) => parts.push(part));
    request.on('end', () => {
      const answered = deliveries.length < refuse ? 503 : 204;
      const delivery = { method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(parts), answered };
      deliveries.push(delivery);
      response.writeHead(answered).end();
      while (waiters.length && waiters[0].index < deliveries.length) {
        const waiter = waiters.shift();
        waiter.resolve(deliveries[waiter.index]);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  let taken = 0;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${server.address().port}${path}`,
    deliveries,
    next(timeoutMs = 60_000) {
      const index = taken++;
      if (index < deliveries.length) return Promise.resolve(deliveries[index]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no webhook delivery #${index + 1} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ index, resolve: (delivery) => { clearTimeout(timer); resolve(delivery); } });
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A delivery as a fetch Request, the way a server framework hands it to validateWebhook. */
export function asRequest(delivery, body = delivery.body) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request(`http://receiver${delivery.url}`, { method: delivery.method, headers, body });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
