// A small browser client of the replicate-gateway API. It has no dependencies and knows nothing of
// the playground: copy it into another frontend as it is.
//
//   import { createApi, mintToken } from './api.js';
//   const api = createApi({ baseUrl: 'https://gateway.example', credentials });
//   const accepted = await api.generate({ prompt: 'a lighthouse at dawn', model: 'flux-schnell' });
//   api.follow(accepted, { onState: (s) => …, onLogs: (text) => …, onEnd: (final) => … });
//   const prediction = await api.untilKept(accepted.id);   // output: signed URLs for <img src>
//
// Errors are thrown as ApiError, carrying the RFC 9457 problem the API answered (title, detail,
// type, and errors: [{field, message}] for a 400). A request the browser itself refused (network,
// CORS) rejects with the browser's TypeError, as fetch does.

/** The statuses after which a prediction or training never changes. */
export const FINAL_STATUSES = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

/** Problem types a frontend reacts to. */
export const PROBLEMS = {
  UNAUTHORIZED: '/problems/unauthorized',
  TOKEN_INVALID: '/problems/token-invalid',
  LINK_INVALID: '/problems/link-invalid',
  INVALID_REQUEST: '/problems/invalid-request',
  RATE_LIMITED: '/problems/rate-limited',
};

/** An answer that is not a 2xx, with its problem details. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get type() {
    return this.problem.type;
  }

  /** The offending fields of a 400: [{ field, message }]. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/**
 * Credentials decide the Authorization header. `header()` gives the current value (or null: none,
 * which is all an open instance needs). After a 401, `renew(problem, sentHeader)` may obtain new
 * ones (ask for a key, fetch a fresh client token) and resolve true to have the call repeated once.
 */
export const NO_CREDENTIALS = { header: () => null, renew: async () => false };

/**
 * @param {object} options
 * @param {string} [options.baseUrl] the gateway's origin, '' for the same origin; the API's links
 *     (events, outputs) are paths relative to it
 * @param {{header: () => string|null, renew: (problem: object, sent: string|null) => Promise<boolean>}} [options.credentials]
 * @param {(answer: {status: number, header: (name: string) => string|null}) => void} [options.onResponse]
 *     sees every answer (e.g. to read X-Replicate-Mode)
 */
export function createApi({ baseUrl = '', credentials = NO_CREDENTIALS, onResponse = () => {} } = {}) {
  /** An absolute URL for one of the API's paths; absolute URLs (Replicate's outputs) pass unchanged. */
  const url = (path) => (/^[a-z][a-z0-9+.-]*:/i.test(path) ? path : baseUrl + path);

  async function request(method, path, { json, body, onUploadProgress, headers: extra = {} } = {}) {
    const headers = { ...extra };
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    }
    // One repeat at most: after credentials were renewed for a 401.
    for (let attempt = 0; ; attempt++) {
      const sent = credentials.header();
      const withAuth = sent ? { ...headers, Authorization: sent } : headers;
      const answer = onUploadProgress
        ? await sendWithXhr(method, url(path), withAuth, body, onUploadProgress)
        : await sendWithFetch(method, url(path), withAuth, body);
      onResponse(answer);
      if (answer.status >= 200 && answer.status < 300) {
        return answer.text ? JSON.parse(answer.text) : null;
      }
      const problem = problemOf(answer);
      if (answer.status === 401 && attempt === 0 && (await credentials.renew(problem, sent))) {
        continue;
      }
      throw new ApiError(answer.status, problem);
    }
  }

  const prediction = (id) => request('GET', `/predictions/${encodeURIComponent(id)}`);

  /**
   * Resolves with the prediction once it is final and its outputs are kept (output then lists this
   * service's own signed URLs). The event stream's final state carries Replicate's URLs, which
   * last an hour; the kept copies follow in GET /predictions/{id} a moment later. Also the way to
   * follow a prediction without its event stream: onUpdate sees each state read.
   */
  async function untilKept(id, { timeoutMs = 120_000, intervalMs = 500, onUpdate = () => {} } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await prediction(id);
      onUpdate(current);
      const done = FINAL_STATUSES.has(current.status) && current.outputs_persisted !== false;
      if (done || current.outputs_error || Date.now() > deadline) return current;
      await sleep(intervalMs);
      intervalMs = Math.min(intervalMs * 1.5, 3000);
    }
  }

  return {
    url,

    /** The model catalog: [{ alias, model, takes_images, inputs: [...], presets, ... }]. */
    models: async () => (await request('GET', '/models')).models,

    /**
     * Accepts a generation (202): { id, status, model, links: { self, cancel, events } }. With
     * images (File or Blob objects, for editing models) it is sent as multipart: the request as the
     * JSON part "request", each image as a part "images". An idempotencyKey (one per user action)
     * makes a repeat of the same request return the same prediction instead of paying twice.
     */
    generate(fields, { images = [], idempotencyKey } = {}) {
      const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
      if (images.length === 0) return request('POST', '/generate', { json: fields, headers });
      const form = new FormData();
      form.append('request', new Blob([JSON.stringify(fields)], { type: 'application/json' }));
      for (const image of images) form.append('images', image, image.name ?? 'image');
      return request('POST', '/generate', { body: form, headers });
    },

    prediction,

    /** A page of the caller's predictions, newest first: { results, next_cursor }. */
    predictions: ({ limit = 20, cursor, status } = {}) =>
      request('GET', `/predictions${query({ limit, cursor, status })}`),

    cancel: (target) => request('POST', target.links.cancel),

    /** Follows a prediction's Server-Sent Events (see followEvents below); returns { close }. */
    follow: (target, handlers) => followEvents(url(target.links.events), handlers),

    untilKept,

    /**
     * Starts a LoRA training from a zip of images (multipart: the zip as "images", the other fields
     * as form fields; leave out, as undefined, an optional field not given: an empty one is
     * validated as given). Sent with XMLHttpRequest, the only browser API that reports upload
     * progress: onUploadProgress receives a fraction 0–1.
     */
    train(fields, zip, { onUploadProgress = () => {} } = {}) {
      const form = new FormData();
      form.append('images', zip, zip.name ?? 'images.zip');
      for (const [name, value] of Object.entries(fields)) {
        if (value !== undefined && value !== null) form.append(name, String(value));
      }
      return request('POST', '/trainings', { body: form, onUploadProgress });
    },

    training: (id) => request('GET', `/trainings/${encodeURIComponent(id)}`),

    trainings: ({ limit = 20, cursor, status } = {}) =>
      request('GET', `/trainings${query({ limit, cursor, status })}`),

    cancelTraining: (target) => request('POST', target.links.cancel),

    /** Predictions, trainings and estimated spend by UTC day: { since, days: [{ day, lines }] }. */
    usage: ({ days = 7 } = {}) => request('GET', `/usage${query({ days })}`),
  };
}

/**
 * Mints a short-lived client token with an API key: what a product's backend does for its browser
 * (which must never hold the key). Resolves with { token, expires_at, user }.
 */
export async function mintToken({ baseUrl = '', key, user, ttl = '15m' }) {
  const answer = await sendWithFetch(
    'POST',
    `${baseUrl}/tokens`,
    { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    JSON.stringify({ user, ttl }),
  );
  if (answer.status !== 201) throw new ApiError(answer.status, problemOf(answer));
  return JSON.parse(answer.text);
}

/**
 * Opens an event stream. EventSource cannot send headers, which is why the API hands out signed
 * links. Handlers: onState({ id, status, progress, at, error?, output? }), onLogs(newText),
 * onEnd(finalState), onBroken() when the stream cannot be (re)opened, e.g. an expired link.
 * The stream is closed after the final state: EventSource would otherwise reconnect to a stream
 * that has nothing more to say. Returns { close }.
 */
export function followEvents(href, { onState = () => {}, onLogs = () => {}, onEnd = () => {}, onBroken = () => {} }) {
  const source = new EventSource(href);
  source.addEventListener('state', (event) => {
    const state = JSON.parse(event.data);
    onState(state);
    if (FINAL_STATUSES.has(state.status)) {
      source.close();
      onEnd(state);
    }
  });
  source.addEventListener('logs', (event) => onLogs(event.data));
  source.addEventListener('error', () => {
    // While CONNECTING the browser retries by itself (resuming with Last-Event-ID); CLOSED is final.
    if (source.readyState === EventSource.CLOSED) onBroken();
  });
  return { close: () => source.close() };
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function problemOf(answer) {
  const type = answer.header('Content-Type') ?? '';
  if (answer.text && type.includes('json')) {
    try {
      return JSON.parse(answer.text);
    } catch {
      // not JSON after all: described below
    }
  }
  return { status: answer.status, title: `HTTP ${answer.status}`, detail: answer.text?.slice(0, 200) || undefined };
}

async function sendWithFetch(method, href, headers, body) {
  const response = await fetch(href, { method, headers, body });
  return { status: response.status, header: (name) => response.headers.get(name), text: await response.text() };
}

function sendWithXhr(method, href, headers, body, onUploadProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, href);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onUploadProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      onUploadProgress(1);
      resolve({ status: xhr.status, header: (name) => xhr.getResponseHeader(name), text: xhr.responseText });
    });
    // The same kind of error fetch would throw, so callers handle both alike.
    xhr.addEventListener('error', () => reject(new TypeError('Network request failed')));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was aborted', 'AbortError')));
    xhr.send(body);
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
