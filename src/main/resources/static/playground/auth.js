// Credentials of the playground (see NO_CREDENTIALS in api.js for the contract).
//
// An open instance (the simulator with no keys) answers without any, so nothing is asked. When the
// API answers 401, the playground asks once for an API key, keeps it in sessionStorage (this tab
// only, gone when it closes), mints a short-lived client token with it and sends only the token
// from then on, minting a new one when the token expires. A product's own frontend would get its
// token from its backend instead, and never see the key.

import { mintToken, PROBLEMS } from './api.js';
import { byId } from './dom.js';

const KEY_ITEM = 'replicate-gateway.playground.api-key';
const TOKEN_ITEM = 'replicate-gateway.playground.token';
const TOKEN_USER = 'playground';
const TOKEN_TTL = '15m';

/**
 * @param {object} [options]
 * @param {(reason: string|null) => Promise<string|null>} [options.askForKey] asks the user for the key
 * @param {() => void} [options.onDeclined] told when the user declined to give one: from then on
 *     nothing asks again until allowAsking() is called (say, from a button)
 */
export function playgroundCredentials({ baseUrl = '', askForKey = askForKeyInDialog, onDeclined = () => {} } = {}) {
  let token = sessionStorage.getItem(TOKEN_ITEM);
  // Calls failing together share one renewal, hence one question to the user.
  let renewal = null;
  let declined = false;

  async function renewFor(problem) {
    // Other 401s (a signed link that expired) are not about these credentials.
    if (problem.type !== PROBLEMS.UNAUTHORIZED && problem.type !== PROBLEMS.TOKEN_INVALID) return false;
    // With a key already given, an expired token is replaced without asking.
    let key = sessionStorage.getItem(KEY_ITEM);
    let reason = null;
    for (;;) {
      if (!key) {
        if (declined) return false;
        key = await askForKey(reason);
        if (!key) {
          // The call fails with the API's own problem, and the user is not asked again and again.
          declined = true;
          onDeclined();
          return false;
        }
      }
      try {
        const minted = await mintToken({ baseUrl, key, user: TOKEN_USER, ttl: TOKEN_TTL });
        sessionStorage.setItem(KEY_ITEM, key);
        token = minted.token;
        sessionStorage.setItem(TOKEN_ITEM, token);
        return true;
      } catch (error) {
        sessionStorage.removeItem(KEY_ITEM);
        if (error.status !== 401 && error.status !== 403) throw error;
        reason = error.message; // a wrong key: ask again, saying why
        key = null;
      }
    }
  }

  return {
    header: () => (token ? `Bearer ${token}` : null),

    renew(problem, sent) {
      // Another call renewed the token since this one was sent: just repeat it.
      if (token && sent !== `Bearer ${token}`) return Promise.resolve(true);
      renewal ??= renewFor(problem).finally(() => {
        renewal = null;
      });
      return renewal;
    },

    allowAsking() {
      declined = false;
    },
  };
}

/** Asks for the API key in the page's <dialog>; resolves with it, or null when declined. */
function askForKeyInDialog(reason) {
  const dialog = byId('key-dialog');
  const input = byId('key-input');
  const error = byId('key-error');
  error.textContent = reason ?? '';
  error.hidden = !reason;
  input.value = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => resolve(dialog.returnValue === 'use' && input.value.trim() ? input.value.trim() : null),
      { once: true },
    );
  });
}
