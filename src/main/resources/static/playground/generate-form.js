// The generate form: which controls a model shows (from its catalog inputs), and the request the
// form stands for. A control a model does not take is hidden and left out of the request, so the
// API's own defaults apply.

import { byId, h, show, usd } from './dom.js';
import { FALLBACK_MODELS, inputOf, requestName } from './models.js';

/** Trained LoRAs are Flux Dev LoRAs: they take Flux Dev's inputs and presets. */
const LORA_BASE = FALLBACK_MODELS.find((model) => model.alias === 'flux-dev');

export function initGenerateForm(models) {
  const select = byId('gen-model');
  const controls = {
    prompt: byId('gen-prompt'),
    preset: byId('gen-preset'),
    aspect: byId('gen-aspect'),
    outputs: byId('gen-outputs'),
    steps: byId('gen-steps'),
    seed: byId('gen-seed'),
    image: byId('gen-image'),
  };
  let lora = null; // { model, triggerWord } while generating with a trained LoRA

  select.replaceChildren(
    ...models.map((model) => h('option', { value: requestName(model) }, model.alias ?? model.model)),
  );
  select.addEventListener('change', () => configureFor(current()));
  controls.image.addEventListener('change', () => previewImage(controls.image.files[0]));
  byId('lora-clear').addEventListener('click', () => useLora(null));
  // A preset sets the aspect ratio itself: the choice here would override it, so it is set aside.
  controls.preset.addEventListener('change', () => {
    controls.aspect.disabled = Boolean(controls.preset.value);
  });

  function current() {
    if (lora) return LORA_BASE;
    return models.find((model) => requestName(model) === select.value) ?? models[0];
  }

  /** Shows the controls the model takes, with its choices and ranges. */
  function configureFor(model) {
    const aspect = inputOf(model, 'aspect_ratio');
    show(byId('aspect-field'), Boolean(aspect?.enum?.length));
    if (aspect?.enum?.length) {
      // The model's own default: for an editing model that may be "match_input_image".
      controls.aspect.replaceChildren(...aspect.enum.map((ratio) => h('option', { value: ratio }, ratio)));
      controls.aspect.value = aspect.enum.includes(aspect.default) ? aspect.default : aspect.enum[0];
    }

    const outputs = inputOf(model, 'num_outputs');
    show(byId('outputs-field'), Boolean(outputs) && model.output !== 'single');
    setRange(controls.outputs, outputs, 1);

    const steps = inputOf(model, 'num_inference_steps');
    show(byId('steps-field'), Boolean(steps));
    setRange(controls.steps, steps, null);
    byId('gen-steps-hint').textContent = steps ? rangeHint(steps) : '';

    show(byId('seed-field'), Boolean(inputOf(model, 'seed')));
    show(byId('preset-field'), (model.presets ?? []).length > 0);
    if (!(model.presets ?? []).includes(controls.preset.value)) controls.preset.value = '';
    controls.aspect.disabled = Boolean(controls.preset.value);

    show(byId('image-field'), Boolean(model.takes_images));
    if (!model.takes_images) {
      controls.image.value = '';
      previewImage(null);
    }

    byId('gen-model-hint').textContent = [
      model.description,
      model.estimated_cost_usd != null ? `about ${usd(model.estimated_cost_usd)} per image` : null,
    ].filter(Boolean).join(' · ');
  }

  /** Switches to generating with a trained LoRA (or back, with null), its trigger word in the prompt. */
  function useLora(next) {
    lora = next;
    show(byId('lora-banner'), Boolean(lora));
    show(byId('model-field'), !lora);
    if (lora) {
      byId('lora-model').textContent = lora.model;
      byId('lora-trigger').textContent = lora.triggerWord ?? '(none)';
      const prompt = controls.prompt.value.trim();
      if (lora.triggerWord && !prompt.includes(lora.triggerWord)) {
        controls.prompt.value = prompt ? `${lora.triggerWord} ${prompt}` : `a photo of ${lora.triggerWord}`;
      }
    }
    configureFor(current());
  }

  /** The request the form stands for: only the visible, filled-in controls. */
  function request() {
    const fields = { prompt: controls.prompt.value.trim() };
    // A LoRA this service trained needs no trigger_word: the API knows it (and adds it when missing).
    if (lora) fields.lora = { model: lora.model };
    else fields.model = select.value;
    const visible = (control) => !control.closest('.field').hidden;
    if (visible(controls.preset) && controls.preset.value) fields.preset = controls.preset.value;
    if (visible(controls.aspect) && !controls.aspect.disabled) fields.aspect_ratio = controls.aspect.value;
    if (visible(controls.outputs)) putNumber(fields, 'num_outputs', controls.outputs);
    if (visible(controls.steps)) putNumber(fields, 'num_inference_steps', controls.steps);
    if (visible(controls.seed)) putNumber(fields, 'seed', controls.seed);
    return fields;
  }

  /** The images to send with the request (editing models only). */
  function images() {
    return visibleFiles(controls.image);
  }

  configureFor(current());
  return { request, images, useLora, focusPrompt: () => controls.prompt.focus() };
}

function setRange(control, spec, fallback) {
  control.min = spec?.minimum ?? '';
  control.max = spec?.maximum ?? '';
  if (fallback !== null && control.value === '') control.value = spec?.default ?? fallback;
  if (spec?.maximum != null && Number(control.value) > spec.maximum) control.value = spec.maximum;
}

function rangeHint(spec) {
  const range = spec.minimum != null && spec.maximum != null ? `${spec.minimum}–${spec.maximum}` : null;
  const byDefault = spec.default != null ? `default ${spec.default}` : null;
  return [range, byDefault].filter(Boolean).join(', ');
}

function putNumber(fields, name, control) {
  // Left as typed: the API says what is wrong with a number out of range, next to its field.
  if (control.value.trim() !== '') fields[name] = Number(control.value);
}

function visibleFiles(input) {
  return input.closest('.field').hidden ? [] : [...input.files];
}

let previewUrl = null;

/** Shows the picked image; the object URL is a blob:, which the page's policy allows for images. */
function previewImage(file) {
  const preview = byId('gen-image-preview');
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = file ? URL.createObjectURL(file) : null;
  if (previewUrl) preview.src = previewUrl;
  else preview.removeAttribute('src');
  show(preview, Boolean(previewUrl));
}
