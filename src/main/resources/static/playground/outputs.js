// An output image with its download link, as the current run and the history show it.

import { h } from './dom.js';

/**
 * The images worth showing: the service's kept copies (signed links that work in <img src>), or
 * Replicate's when this service keeps none. While copies are pending (outputs_persisted false),
 * none: Replicate's URLs would stop working within the hour.
 */
export function shownOutputs(prediction) {
  if (prediction.status !== 'succeeded' || prediction.outputs_persisted === false) return [];
  return prediction.output ?? [];
}

export function outputFigure(api, prediction, url, index, { lazy = false } = {}) {
  const href = api.url(url);
  const count = prediction.output?.length ?? 1;
  const prompt = prediction.input?.prompt ?? '';
  const format = prediction.input?.output_format;
  const name = `${prediction.id}-${index + 1}${format ? `.${format}` : ''}`;
  return h(
    'figure',
    { class: 'output' },
    h('img', {
      src: href,
      alt: count > 1 ? `Image ${index + 1} of ${count}: ${prompt}` : prompt || 'Generated image',
      loading: lazy ? 'lazy' : null,
      decoding: 'async',
    }),
    h(
      'figcaption',
      {},
      h('a', { href, download: name }, count > 1 ? `Download image ${index + 1}` : 'Download'),
    ),
  );
}
