// The dashboard's router: #/ lists the accounts, #/accounts/{id}/{tab} shows one account. Without a token, the sign-in page.
import { session } from './api.js';
import { signInView } from './views/signin.js';
import { accountsView } from './views/accounts.js';
import { accountView } from './views/account.js';

const main = document.getElementById('main');
const signOut = document.getElementById('sign-out');
let notice = null;

function route() {
  signOut.hidden = !session.token;
  if (!session.token) return show(signInView({ notice, onSignedIn: () => { notice = null; route(); } }), 'Sign in');
  const [, accountId, tab] = location.hash.match(/^#\/accounts\/([^/]+)(?:\/([a-z]+))?/) ?? [];
  if (accountId) return show(accountView(decodeURIComponent(accountId), tab ?? 'overview'));
  return show(accountsView(), 'Accounts');
}

function show(view, title) {
  main.replaceChildren(view);
  if (title) document.title = `${title} · Portfolio`;
  // Move focus to the new content so keyboard and screen-reader users land on it, not on the link they left.
  main.focus({ preventScroll: true });
}

signOut.addEventListener('click', () => {
  session.signOut();
  location.hash = '#/';
  route();
});
window.addEventListener('signed-out', event => { notice = event.detail; route(); });
window.addEventListener('hashchange', route);
route();
