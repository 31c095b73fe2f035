// Keyboard and assistive technology: labelled controls, a real tablist, visible focus, status
// announced politely, and errors of a 400 placed next to the fields they are about.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertRanCleanly, env, gotoPlayground, launchBrowser, openPage } from '../lib/harness.js';

const BASE = env('GATEWAY_URL');
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test('every form control has an accessible name from its label', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, BASE);
  const generate = page.getByRole('tabpanel', { name: 'Generate' });
  await generate.getByLabel('Model', { exact: true }).selectOption('flux-dev'); // the one with presets
  const expected = {
    Model: 'SELECT', Prompt: 'TEXTAREA', Preset: 'SELECT', 'Aspect ratio': 'SELECT',
    'Number of outputs': 'INPUT', Steps: 'INPUT', Seed: 'INPUT',
  };
  for (const [label, tag] of Object.entries(expected)) {
    const control = generate.getByLabel(label, { exact: true });
    assert.equal(await control.evaluate((element) => element.tagName), tag, `"${label}" labels a ${tag}`);
  }
  await page.getByRole('tab', { name: 'Trainings' }).click();
  const trainings = page.getByRole('tabpanel', { name: 'Trainings' });
  for (const label of ['Training images (zip)', 'Trigger word', 'Destination model', 'Training steps']) {
    assert.equal(await trainings.getByLabel(label, { exact: true }).count(), 1, `"${label}" names one control`);
  }
  // And none is left without a label, hidden ones included.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((control) => control.labels.length === 0 && !control.getAttribute('aria-label'))
    .map((control) => control.id));
  assert.deepEqual(unlabelled, []);
  // Progress bars are labelled too, and run status is announced without interrupting.
  for (const label of ['Progress', 'Upload', 'Training']) {
    assert.equal(await page.getByRole('progressbar', { name: label, exact: true, includeHidden: true }).count(), 1, `progress "${label}"`);
  }
  assert.equal(await page.locator('#generate-status').getAttribute('aria-live'), 'polite');
  assert.equal(await page.locator('#generate-status').getAttribute('role'), 'status');
  assertRanCleanly(page);
});

test('the tabs are a tablist driven by the keyboard, with visible focus', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, BASE);
  await page.getByRole('tablist', { name: 'Playground sections' }).waitFor();

  // Tab from the top of the page reaches the selected tab (after the skip link).
  for (let presses = 0; presses < 4; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement.getAttribute('role') === 'tab')) break;
  }
  const focused = () => page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(await focused(), 'Generate');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused tab shows its focus');

  const expectSelected = async (name) => {
    assert.equal(await focused(), name);
    const tab = page.getByRole('tab', { name, exact: true });
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    assert.equal(await tab.getAttribute('tabindex'), '0', 'the selected tab is the one in the Tab order');
    const panelId = await tab.getAttribute('aria-controls');
    assert.ok(await page.locator(`#${panelId}`).isVisible(), `${name}'s panel is shown`);
    assert.equal(await page.getByRole('tabpanel').count(), 1, 'one panel at a time');
    assert.equal(await page.getByRole('tab', { selected: true }).count(), 1);
  };
  await page.keyboard.press('ArrowRight');
  await expectSelected('Trainings');
  await page.keyboard.press('ArrowRight');
  await expectSelected('Usage');
  await page.keyboard.press('ArrowRight');
  await expectSelected('Generate'); // wraps around
  await page.keyboard.press('End');
  await expectSelected('Usage');
  await page.keyboard.press('Home');
  await expectSelected('Generate');
  await page.keyboard.press('ArrowLeft');
  await expectSelected('Usage');

  // Tab leaves the tablist for the panel, not for the other tabs.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'panel-usage');
  assertRanCleanly(page);
});

test('a refused request shows its field errors next to their fields', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, BASE);
  const panel = page.getByRole('tabpanel', { name: 'Generate' });
  await panel.getByLabel('Model', { exact: true }).selectOption('flux-dev');
  await panel.getByLabel('Prompt', { exact: true }).fill('   ');
  await panel.getByLabel('Number of outputs', { exact: true }).fill('9');
  await panel.getByRole('button', { name: 'Generate', exact: true }).click();

  const alert = panel.getByRole('alert');
  await alert.filter({ hasText: 'Invalid request' }).waitFor();
  for (const [label, field] of [['Prompt', 'prompt'], ['Number of outputs', 'num_outputs']]) {
    const control = panel.getByLabel(label, { exact: true });
    assert.equal(await control.getAttribute('aria-invalid'), 'true', `${field} is marked invalid`);
    const note = page.locator(`#${await control.getAttribute('id')}-error`);
    assert.ok(await note.isVisible(), `${field} has its message`);
    assert.ok((await control.getAttribute('aria-describedby')).includes(await note.getAttribute('id')));
    const sameField = await note.evaluate((element, id) => element.closest('.field').contains(document.getElementById(id)),
      await control.getAttribute('id'));
    assert.ok(sameField, `${field}'s message sits with its control`);
  }
  // The first offending field has the focus, so keyboard users land on it.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'gen-prompt');

  // Fixed and sent again, the errors go.
  await panel.getByLabel('Prompt', { exact: true }).fill('a quiet harbour');
  await panel.getByLabel('Number of outputs', { exact: true }).fill('1');
  await panel.getByRole('button', { name: 'Generate', exact: true }).click();
  await panel.locator('#run-id').filter({ hasText: 'gw_' }).waitFor();
  assert.equal(await panel.locator('.field-error').count(), 0);
  assert.ok(await alert.isHidden());
  assertRanCleanly(page);
});
