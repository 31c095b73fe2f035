// The playground: a living example of a frontend on this API, with no framework and no build step.
// Every API call goes through api.js; this file only wires the tabs together.

import { createApi } from './api.js';
import { playgroundCredentials } from './auth.js';
import { byId } from './dom.js';
import { initGallery } from './gallery.js';
import { initGenerate } from './generate.js';
import { loadModels } from './models.js';
import { initTabs } from './tabs.js';
import { initTrainings } from './trainings.js';
import { initUsage } from './usage.js';

const credentials = playgroundCredentials({
  onDeclined: () => {
    byId('key-button').hidden = false;
  },
});
const api = createApi({ credentials, onResponse: showMode });

const gallery = initGallery({ api });
const usage = initUsage({ api });
let generate = null; // built once the models are known
const trainings = initTrainings({
  api,
  onUseLora: (lora) => {
    tabs.show('panel-generate');
    generate?.useLora(lora);
  },
});
const tabs = initTabs(byId('tabs'), (panelId) => {
  if (panelId === 'panel-usage') usage.refresh();
  if (panelId === 'panel-trainings') trainings.refreshList();
});

// After a declined key prompt nothing asks again by itself; this button does.
byId('key-button').addEventListener('click', () => {
  byId('key-button').hidden = true;
  credentials.allowAsking();
  gallery.refresh();
});

gallery.refresh();
const { models } = await loadModels(api);
generate = initGenerate({ api, models, onFinished: () => gallery.refresh() });
// For scripts and tests: everything is wired (the Generate button is enabled from here on).
document.body.dataset.ready = 'true';

/** Says in the header when the gateway runs against its simulated Replicate. */
function showMode(answer) {
  const mode = answer.header('X-Replicate-Mode');
  if (!mode) return;
  const badge = byId('mode');
  badge.textContent = mode === 'simulated' ? 'Simulated Replicate: nothing is paid' : `Replicate: ${mode}`;
  badge.hidden = false;
}
