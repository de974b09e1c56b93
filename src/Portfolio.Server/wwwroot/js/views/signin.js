// Sign in by pasting a bearer token; on a loopback-only local install, one click mints one for the local user.
import { api, session } from '../api.js';
import { h, errorBox } from '../dom.js';

export function signInView({ notice, onSignedIn }) {
  const status = h('div', { 'aria-live': 'polite' }, notice ? h('p', { class: 'error' }, notice) : null);
  const token = h('textarea', { id: 'token', name: 'token', required: true, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'eyJhbGciOi…' });
  const local = h('div', { id: 'local-sign-in' });

  const form = h('form', {
    id: 'sign-in-form',
    onsubmit: async event => {
      event.preventDefault();
      session.signIn(token.value);
      try {
        await api('/api/accounts');
        onSignedIn();
      } catch (error) {
        session.signOut();
        status.replaceChildren(errorBox(error.status === 401 ? new Error('That token was not accepted: it may be expired or signed with another key.') : error));
      }
    },
  },
  h('label', { for: 'token' }, 'Bearer token'),
  token,
  h('p', { class: 'muted' }, 'Mint one with ', h('code', {}, 'dotnet run --project src/Portfolio.Server -- token --user NAME'),
    '. It is kept in this tab only (session storage).'),
  h('button', { type: 'submit' }, 'Sign in'));

  // Offered only when the server says so (it listens on loopback only and this browser is on the same machine).
  fetch('/auth/local-session').then(async response => {
    if (!response.ok) return;
    const offer = await response.json();
    local.replaceChildren(h('h2', {}, 'This machine'), h('button', {
      type: 'button', id: 'local-sign-in-button', class: 'secondary',
      onclick: async () => {
        try {
          const minted = await api('/auth/local-session', { method: 'POST' });
          session.signIn(minted.token);
          onSignedIn();
        } catch (error) {
          status.replaceChildren(errorBox(error));
        }
      },
    }, `Sign in as ${offer.user} (local)`));
  }).catch(() => { /* no local sign-in: the token form is enough */ });

  return h('section', { class: 'panel signin' }, h('h1', {}, 'Sign in'), status, form, local);
}
