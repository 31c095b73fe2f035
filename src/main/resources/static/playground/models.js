// The models to offer, from the API's catalog (GET /models) when it has one, else three aliases
// described here in the catalog's own shape, so the form is built one way either way.

const FLUX_ASPECT_RATIOS = ['1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '9:16', '9:21'];

const input = (name, type, extra = {}) => ({
  name, type, default: null, enum: null, minimum: null, maximum: null, ...extra,
});

/** What the API's own validation allows for its three aliases (see the README's request fields). */
export const FALLBACK_MODELS = [
  {
    alias: 'flux-schnell',
    model: 'black-forest-labs/flux-schnell',
    description: 'Flux Schnell: fast, 4 steps',
    takes_images: false,
    presets: [],
    inputs: [
      input('aspect_ratio', 'string', { default: '1:1', enum: FLUX_ASPECT_RATIOS }),
      input('num_outputs', 'integer', { default: 1, minimum: 1, maximum: 4 }),
      input('num_inference_steps', 'integer', { default: 4, minimum: 1, maximum: 4 }),
      input('seed', 'integer', { minimum: 0 }),
    ],
  },
  {
    alias: 'flux-dev',
    model: 'black-forest-labs/flux-dev',
    description: 'Flux Dev: higher quality, 28 steps by default',
    takes_images: false,
    presets: ['portrait', 'landscape'],
    inputs: [
      input('aspect_ratio', 'string', { default: '1:1', enum: FLUX_ASPECT_RATIOS }),
      input('num_outputs', 'integer', { default: 1, minimum: 1, maximum: 4 }),
      input('num_inference_steps', 'integer', { default: 28, minimum: 1, maximum: 50 }),
      input('seed', 'integer', { minimum: 0 }),
    ],
  },
  {
    alias: 'sdxl',
    model: 'stability-ai/sdxl',
    description: 'Stable Diffusion XL',
    takes_images: false,
    presets: [],
    inputs: [
      input('num_outputs', 'integer', { default: 1, minimum: 1, maximum: 4 }),
      input('num_inference_steps', 'integer', { default: 50, minimum: 1, maximum: 500 }),
      input('seed', 'integer', { minimum: 0 }),
    ],
  },
];

/**
 * The catalog, or the fallback when the API has none (an older gateway answers 404) or cannot
 * give it now. Resolves with { models, fromApi }.
 */
export async function loadModels(api) {
  try {
    const models = await api.models();
    if (Array.isArray(models) && models.length > 0) return { models, fromApi: true };
  } catch {
    // Whatever went wrong, the aliases still work for generating.
  }
  return { models: FALLBACK_MODELS, fromApi: false };
}

/** The catalog entry of one input of a model, or undefined when the model does not take it. */
export function inputOf(model, name) {
  return model.inputs?.find((candidate) => candidate.name === name);
}

/** The name a request uses for the model: its alias when it has one. */
export function requestName(model) {
  return model.alias ?? model.model;
}
