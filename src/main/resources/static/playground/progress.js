// A <progress> bar with its percentage beside it.

import { byId } from './dom.js';

export function progressBar(barId, percentId) {
  const bar = byId(barId);
  const percent = byId(percentId);
  return {
    /** A fraction 0–1, or null while not known (an indeterminate bar, e.g. while queued). */
    set(fraction) {
      if (fraction === null || fraction === undefined) {
        bar.removeAttribute('value');
        percent.textContent = '';
      } else {
        bar.value = fraction;
        percent.textContent = `${Math.round(fraction * 100)} %`;
      }
    },
  };
}
