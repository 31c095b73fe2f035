// The current run: follows one prediction through its event stream (status, progress, log lines),
// lets it be canceled, and shows its images once the service has kept them.

import { FINAL_STATUSES } from './api.js';
import { byId, usd } from './dom.js';
import { outputFigure, shownOutputs } from './outputs.js';
import { progressBar } from './progress.js';

const SAYS = {
  queued: 'Queued: waiting for its turn at Replicate…',
  starting: 'Starting: the model is booting…',
  processing: 'Generating…',
  succeeded: 'Done: keeping the images…',
  failed: 'Failed.',
  canceled: 'Canceled.',
  aborted: 'Aborted before it started.',
};

export function initRun({ api, onFinished = () => {} }) {
  const statusLine = byId('generate-status');
  const bar = progressBar('generate-progress', 'generate-percent');
  const logs = byId('generate-logs');
  const results = byId('results');
  const cancelButton = byId('cancel-button');
  const runId = byId('run-id');
  let run = null; // { accepted, status, stream }

  cancelButton.addEventListener('click', cancel);

  function start(accepted) {
    run?.stream?.close();
    run = { accepted, status: null, stream: null };
    results.replaceChildren();
    // estimated_cost (US$) comes with gateways that price a request when they accept it.
    const cost = accepted.estimated_cost != null ? ` · estimated ${usd(accepted.estimated_cost)}` : '';
    runId.textContent = `Prediction ${accepted.id} · ${accepted.model}${cost}`;
    logs.textContent = '';
    bar.set(null);
    cancelButton.disabled = false;
    update({ status: accepted.status, progress: null });
    const mine = run;
    run.stream = api.follow(accepted, {
      onState: (state) => mine === run && update(state),
      onLogs: (text) => mine === run && appendLogs(text),
      onEnd: () => finish(mine),
      // No stream (an expired link, a proxy that cuts it): read the prediction instead.
      onBroken: () => finish(mine),
    });
  }

  /** After the final state: wait for the kept copies, then show them. */
  async function finish(which) {
    try {
      const prediction = await api.untilKept(which.accepted.id, {
        onUpdate: (current) => which === run && update(current),
      });
      if (which !== run) return;
      // The stream sends a round's new log lines after its states, so the last lines come after
      // the final state, when the stream is closed: the stored tail has them all.
      if (prediction.logs) logs.textContent = prediction.logs;
      showResults(prediction);
      onFinished(prediction);
    } catch (error) {
      if (which === run) say(`Lost track of ${which.accepted.id}: ${error.message}`);
    }
  }

  async function cancel() {
    if (!run) return;
    cancelButton.disabled = true;
    try {
      await api.cancel(run.accepted);
      if (!FINAL_STATUSES.has(run.status)) say('Cancel requested…');
    } catch (error) {
      // 409: it became final meanwhile; the stream tells how it ended.
      say(`Could not cancel: ${error.message}`);
    }
  }

  function update({ status, progress, error }) {
    if (progress !== null && progress !== undefined) bar.set(progress);
    else if (status === 'queued' || status === 'starting') bar.set(null);
    if (status === 'succeeded') bar.set(1);
    if (status === run.status) return;
    run.status = status;
    if (FINAL_STATUSES.has(status)) cancelButton.disabled = true;
    say(`${SAYS[status] ?? status}${error ? ` ${error}` : ''}`);
  }

  function showResults(prediction) {
    const images = shownOutputs(prediction);
    results.replaceChildren(...images.map((url, index) => outputFigure(api, prediction, url, index)));
    if (prediction.status !== 'succeeded') {
      say(`${SAYS[prediction.status] ?? prediction.status}${prediction.error ? ` ${prediction.error}` : ''}`);
    } else if (prediction.outputs_error) {
      say(`Done, but the images could not be kept: ${prediction.outputs_error}`);
    } else if (images.length === 0) {
      say('Done; the images are still being kept. They will appear in your history.');
    } else {
      say(`Done: ${images.length === 1 ? 'one image' : `${images.length} images`} kept.`);
    }
  }

  function appendLogs(text) {
    logs.textContent += text.endsWith('\n') ? text : `${text}\n`;
    logs.scrollTop = logs.scrollHeight;
  }

  function say(text) {
    statusLine.textContent = text;
  }

  return { start };
}
