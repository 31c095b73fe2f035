// Errors shown where they belong: the problem's title and detail in the form's alert box, each
// field error of a 400 under its own control (found by data-field="<the API's field name>"),
// tied to it with aria-describedby and aria-invalid so a screen reader reads it with the control.

import { h } from './dom.js';

/** Shows an error (an ApiError with its problem, or any other error) on a form. */
export function showProblem(form, error) {
  clearProblem(form);
  const box = form.querySelector('.problem');
  const unplaced = [];
  for (const { field, message } of error.fieldErrors ?? []) {
    const control = controlFor(form, field);
    if (control) markField(control, message);
    else unplaced.push(`${field}: ${message}`);
  }
  const problem = error.problem ?? { title: titleOf(error), detail: error.message };
  box.replaceChildren(
    h('strong', {}, problem.title ?? 'Something went wrong'),
    problem.detail ? h('p', {}, problem.detail) : null,
    unplaced.length ? h('ul', {}, unplaced.map((line) => h('li', {}, line))) : null,
  );
  box.hidden = false;
  // Focus the first offending field, else the box, so keyboard users land on the problem.
  (form.querySelector('[aria-invalid="true"]') ?? box).focus();
}

export function clearProblem(form) {
  const box = form.querySelector('.problem');
  box.hidden = true;
  box.replaceChildren();
  for (const note of form.querySelectorAll('.field-error')) note.remove();
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && !id.endsWith('-error'));
    if (describedBy.length) control.setAttribute('aria-describedby', describedBy.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

function controlFor(form, field) {
  // "lora.model" or "images[0]" belong to the control of "lora.model" / "images".
  const name = field.replace(/\[\d+\]$/, '');
  return [...form.querySelectorAll('[data-field]')].find(
    (control) => control.dataset.field === name && !control.closest('[hidden]'),
  );
}

function markField(control, message) {
  const id = `${control.id}-error`;
  const note = h('p', { class: 'field-error', id }, message);
  const field = control.closest('.field');
  if (field) field.append(note);
  else control.after(note);
  control.setAttribute('aria-invalid', 'true');
  const describedBy = control.getAttribute('aria-describedby');
  control.setAttribute('aria-describedby', describedBy ? `${describedBy} ${id}` : id);
}

function titleOf(error) {
  // fetch rejects with a TypeError when the request never got an answer.
  return error instanceof TypeError ? 'The gateway could not be reached' : 'Something went wrong';
}
