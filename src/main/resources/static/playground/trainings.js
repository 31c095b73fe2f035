// Trainings: upload a zip of images (with upload progress), follow the training by polling
// GET /trainings/{id} (trainings have no event stream and run for minutes), then offer to
// generate with the LoRA it published, its trigger word already in the prompt.

import { FINAL_STATUSES } from './api.js';
import { byId, h, shortTime } from './dom.js';
import { clearProblem, showProblem } from './problems.js';
import { progressBar } from './progress.js';

const POLL_MS = 2000;

export function initTrainings({ api, onUseLora }) {
  const form = byId('training-form');
  const zip = byId('train-zip');
  const trigger = byId('train-trigger');
  const destination = byId('train-destination');
  const steps = byId('train-steps');
  const submit = byId('train-button');
  const cancelButton = byId('train-cancel');
  const statusLine = byId('training-status');
  const logs = byId('training-logs');
  const result = byId('training-result');
  const uploadBar = progressBar('upload-progress', 'upload-percent');
  const trainingBar = progressBar('training-progress', 'training-percent');
  const list = byId('trainings-list');
  const listStatus = byId('trainings-list-status');
  let current = null; // the training this tab follows
  let timer = null;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    start();
  });
  cancelButton.addEventListener('click', cancel);
  byId('trainings-refresh').addEventListener('click', () => refreshList());

  async function start() {
    clearProblem(form);
    if (!zip.files[0]) {
      showProblem(form, missing('images', 'Choose a zip of training images.'));
      return;
    }
    submit.disabled = true;
    stopFollowing();
    result.replaceChildren();
    logs.textContent = '';
    uploadBar.set(0);
    trainingBar.set(null);
    say('Uploading the images…');
    try {
      const training = await api.train(
        {
          trigger_word: trigger.value.trim(), // sent even when empty, so the API says what it needs
          destination: destination.value.trim() || undefined,
          steps: steps.value.trim() || undefined,
        },
        zip.files[0],
        { onUploadProgress: (fraction) => uploadBar.set(fraction) },
      );
      follow(training);
    } catch (error) {
      uploadBar.set(0);
      say('The training was not started.');
      showProblem(form, error);
    } finally {
      submit.disabled = false;
    }
  }

  function follow(training) {
    current = training;
    show(training);
    if (!FINAL_STATUSES.has(training.status)) timer = setTimeout(poll, POLL_MS);
  }

  async function poll() {
    try {
      follow(await api.training(current.id));
    } catch (error) {
      say(`Lost track of the training: ${error.message}. Retrying…`);
      timer = setTimeout(poll, POLL_MS * 2);
    }
  }

  function stopFollowing() {
    clearTimeout(timer);
    current = null;
  }

  async function cancel() {
    if (!current) return;
    cancelButton.disabled = true;
    try {
      await api.cancelTraining(current);
      say('Cancel requested…');
    } catch (error) {
      say(`Could not cancel: ${error.message}`);
    }
  }

  function show(training) {
    const final = FINAL_STATUSES.has(training.status);
    cancelButton.disabled = final;
    trainingBar.set(training.status === 'succeeded' ? 1 : training.progress);
    if (training.logs) {
      logs.textContent = training.logs;
      logs.scrollTop = logs.scrollHeight;
    }
    say(describe(training));
    if (final) {
      result.replaceChildren(...(training.status === 'succeeded' ? [loraSummary(training, onUseLora)] : []));
      refreshList();
    }
  }

  async function refreshList() {
    listStatus.textContent = 'Loading your trainings…';
    try {
      const page = await api.trainings({ limit: 10 });
      list.replaceChildren(...page.results.map((training) => listItem(training, onUseLora)));
      listStatus.textContent = page.results.length ? '' : 'No trainings yet.';
    } catch (error) {
      listStatus.textContent = `Could not load your trainings: ${error.message}`;
    }
  }

  function say(text) {
    statusLine.textContent = text;
  }

  return { refreshList };
}

function describe(training) {
  const percent = training.progress != null ? ` ${Math.round(training.progress * 100)} %` : '';
  switch (training.status) {
    case 'queued': return 'Uploaded. Queued: waiting for its turn at Replicate…';
    case 'starting': return 'Starting: the trainer is booting…';
    case 'processing': return `Training…${percent}`;
    case 'succeeded': return `Trained: ${training.destination} is ready.`;
    default: return `Training ${training.status}.${training.error ? ` ${training.error}` : ''}`;
  }
}

function loraSummary(training, onUseLora) {
  return h(
    'div',
    { class: 'lora-summary' },
    h('p', {}, 'LoRA ', h('code', {}, training.destination), ', trigger word ', h('code', {}, training.trigger_word)),
    training.version ? h('p', { class: 'hint' }, `Version ${training.version}`) : null,
    useButton(training, onUseLora, 'Generate with this LoRA'),
  );
}

function listItem(training, onUseLora) {
  return h(
    'li',
    { dataset: { trainingId: training.id, status: training.status } },
    h('span', { class: `badge badge-${training.status}` }, training.status),
    ' ',
    h('code', {}, training.destination ?? training.id),
    ' · ',
    training.trigger_word ?? '',
    ' · ',
    h('time', { datetime: training.created_at }, shortTime(training.created_at)),
    training.status === 'succeeded' ? [' ', useButton(training, onUseLora, 'Generate with it', training.destination)] : null,
  );
}

function useButton(training, onUseLora, label, about) {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-label': about ? `${label}: ${about}` : null,
      onclick: () => onUseLora({ model: training.destination, triggerWord: training.trigger_word }),
    },
    label,
  );
}

/** A field error found before anything is sent, shaped like the API's 400. */
function missing(field, message) {
  return { problem: { title: 'Missing field', detail: message }, fieldErrors: [{ field, message }] };
}
