// The product's page: gets a client token from its own backend (/token), calls the gateway on
// another origin with it, follows the event stream and shows the kept image. The gateway's URL and
// the token's lifetime come from the page's query (?gateway=…&ttl=…). The test drives it through
// window.shop and reads window.shop.log; people can read the same log on the page.

import { createApi, PROBLEMS } from '/api.js';

const params = new URLSearchParams(location.search);
const gateway = params.get('gateway');
const ttl = params.get('ttl') ?? '15m';
const log = [];
let token = null;

function note(line) {
  log.push(line);
  const item = document.createElement('li');
  item.textContent = line;
  document.getElementById('log').append(item);
}

async function fetchToken() {
  const answer = await fetch(`/token?ttl=${encodeURIComponent(ttl)}`, { method: 'POST' });
  if (!answer.ok) throw new Error(`the backend gave no token: ${answer.status}`);
  token = (await answer.json()).token;
  note('got a token');
}

// A product's credentials: its token, renewed from its backend when the gateway says it expired.
const credentials = {
  header: () => (token ? `Bearer ${token}` : null),
  async renew(problem) {
    note(`401 ${problem.type}`);
    if (problem.type !== PROBLEMS.TOKEN_INVALID) return false;
    await fetchToken();
    return true;
  },
};

const api = createApi({ baseUrl: gateway, credentials });

async function generate(prompt) {
  if (!token) await fetchToken();
  const accepted = await api.generate({ prompt, model: 'flux-schnell' });
  note(`accepted ${accepted.id}`);
  const streamed = await new Promise((resolve, reject) => {
    api.follow(accepted, {
      onState: (state) => note(`state ${state.status}`),
      onEnd: resolve,
      onBroken: () => reject(new Error('the event stream could not be opened')),
    });
  });
  const prediction = await api.untilKept(accepted.id);
  const image = document.createElement('img');
  image.alt = prompt;
  image.src = api.url(prediction.output[0]);
  document.getElementById('images').append(image);
  await image.decode();
  note(`showing ${prediction.id}`);
  return {
    id: prediction.id,
    streamed: streamed.status,
    status: prediction.status,
    persisted: prediction.outputs_persisted,
    src: image.src,
    width: image.naturalWidth,
  };
}

window.shop = {
  log,
  /** Resolves with what happened, or with { error, message } when the browser or the API refused. */
  generate: (prompt) => generate(prompt).catch((error) => {
    note(`failed: ${error.name}: ${error.message}`);
    return { error: error.name, message: error.message, status: error.status, type: error.type };
  }),
};
note('ready');
