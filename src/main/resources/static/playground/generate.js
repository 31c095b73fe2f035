// The Generate tab: the form sends POST /generate; the current run follows what it accepted; the
// history is read again when a run ends.

import { byId } from './dom.js';
import { initGenerateForm } from './generate-form.js';
import { clearProblem, showProblem } from './problems.js';
import { initRun } from './run.js';

export function initGenerate({ api, models, onFinished }) {
  const form = byId('generate-form');
  const button = byId('generate-button');
  const fields = initGenerateForm(models);
  const run = initRun({ api, onFinished });
  button.disabled = false; // disabled in the page until the form is wired

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    button.disabled = true;
    try {
      // One key per click: should this very request be sent twice, it is still one prediction.
      const idempotencyKey = randomKey();
      run.start(await api.generate(fields.request(), { images: fields.images(), idempotencyKey }));
    } catch (error) {
      showProblem(form, error);
    } finally {
      button.disabled = false;
    }
  });

  return {
    /** Prefills the form for a trained LoRA (from the Trainings tab). */
    useLora(lora) {
      fields.useLora(lora);
      fields.focusPrompt();
    },
  };
}

/** A random key; randomUUID exists only in secure contexts (https, localhost), getRandomValues everywhere. */
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
