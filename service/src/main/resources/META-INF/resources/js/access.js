// Signing in. The API wants a credential; EventSource cannot send an Authorization header, and a token in a URL
// would be written to access logs, proxies and the history. So the page trades the token once for a session
// cookie (POST /auth/session): HttpOnly (no script here ever holds it), SameSite=Strict (no other site can use
// it), sent by fetch and EventSource alike. Any answer 401 shows the sign-in form, then the request is retried.
import { $ } from './util.js';

let pending = null;

/** Shows the sign-in form until a token is accepted; every caller that met a 401 waits for the same sign-in. */
function signIn() {
  if (pending) return pending;
  pending = new Promise((resolve) => {
    const section = $('#signin');
    const form = $('#signin-form');
    const input = $('#f-token');
    const error = $('#err-token');
    section.hidden = false;
    input.focus();
    const submit = async (event) => {
      event.preventDefault();
      error.textContent = '';
      const response = await fetch('/auth/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: input.value.trim() }),
      }).catch(() => null);
      if (response && response.status === 204) {
        form.removeEventListener('submit', submit);
        input.value = '';
        section.hidden = true;
        $('#signout-button').hidden = false;
        pending = null;
        resolve();
        return;
      }
      const problem = response ? await response.json().catch(() => ({})) : {};
      error.textContent = response ? (problem.detail || `HTTP ${response.status}`) : 'The service did not answer.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    };
    form.addEventListener('submit', submit);
  });
  return pending;
}

/** fetch, signing in first when the service answers 401, then once more. */
export async function api(url, options = {}) {
  const response = await fetch(url, options);
  if (response.status !== 401) return response;
  await signIn();
  return fetch(url, options);
}

$('#signout-button').addEventListener('click', async () => {
  await fetch('/auth/session', { method: 'DELETE' }).catch(() => null);
  location.reload();
});
