// The history of this user's predictions, newest first, read page by page from GET /predictions:
// it is the API's record, so it survives a reload and shows work made from any other tab or device.

import { byId, h, shortTime } from './dom.js';
import { outputFigure, shownOutputs } from './outputs.js';

const PAGE_SIZE = 12;

export function initGallery({ api }) {
  const list = byId('gallery');
  const more = byId('gallery-more');
  const status = byId('gallery-status');
  let cursor = null;
  let queue = Promise.resolve(); // pages are read one after another, in the order asked

  byId('gallery-refresh').addEventListener('click', () => refresh());
  more.addEventListener('click', () => loadPage());

  /** Reads the first page again (after a run ends, or on Refresh). */
  function refresh() {
    return loadPage({ replace: true });
  }

  function loadPage({ replace = false } = {}) {
    queue = queue.then(() => readPage(replace));
    return queue;
  }

  async function readPage(replace) {
    status.textContent = 'Loading your history…';
    try {
      const page = await api.predictions({ limit: PAGE_SIZE, cursor: replace ? undefined : cursor });
      const cards = page.results.map((prediction) => card(api, prediction));
      if (replace) list.replaceChildren(...cards);
      else list.append(...cards);
      cursor = page.next_cursor ?? null;
      more.hidden = !cursor;
      status.textContent = list.children.length === 0 ? 'Nothing generated yet.' : '';
    } catch (error) {
      status.textContent = `Could not load your history: ${error.message}`;
    }
  }

  return { refresh };
}

function card(api, prediction) {
  const images = shownOutputs(prediction);
  const note = prediction.status === 'succeeded' && images.length === 0 ? 'keeping the images…' : null;
  return h(
    'li',
    { class: 'card', dataset: { predictionId: prediction.id, status: prediction.status } },
    images.length
      ? h('div', { class: 'card-images' }, images.map((url, index) => outputFigure(api, prediction, url, index, { lazy: true })))
      : h('div', { class: 'card-placeholder', 'aria-hidden': 'true' }, prediction.status),
    h('p', { class: 'card-prompt' }, prediction.input?.prompt ?? '(no prompt)'),
    h(
      'p',
      { class: 'card-meta' },
      h('span', { class: `badge badge-${prediction.status}` }, prediction.status),
      ' ',
      shortModel(prediction.model),
      ' · ',
      h('time', { datetime: prediction.created_at }, shortTime(prediction.created_at)),
      note ? ` · ${note}` : null,
    ),
    prediction.error ? h('p', { class: 'card-error' }, prediction.error) : null,
  );
}

function shortModel(model = '') {
  return model.split('/').pop().split(':')[0];
}
