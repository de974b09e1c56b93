// The dashboard's router: #/ lists the accounts, #/accounts/{id}/{tab} shows one account, #/watchlist and #/notifications
// are the user's own. Without a token, the sign-in page.
import { session } from './api.js';
import { signInView } from './views/signin.js';
import { accountsView } from './views/accounts.js';
import { accountView } from './views/account.js';
import { watchlistView } from './views/watchlist.js';
import { notificationsView } from './views/notifications.js';
import { startNotifications, stopNotifications } from './notifications.js';

const main = document.getElementById('main');
const signOut = document.getElementById('sign-out');
let notice = null;

function route() {
  signOut.hidden = !session.token;
  for (const id of ['nav-watchlist', 'nav-notifications']) document.getElementById(id).hidden = !session.token;
  if (!session.token) {
    stopNotifications();
    return show(signInView({ notice, onSignedIn: () => { notice = null; route(); } }), 'Sign in');
  }
  startNotifications();
  if (location.hash === '#/watchlist') return show(watchlistView(), 'Watchlist');
  if (location.hash === '#/notifications') return show(notificationsView(), 'Notifications');
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
  stopNotifications();
  location.hash = '#/';
  route();
});
window.addEventListener('signed-out', event => { notice = event.detail; route(); });
window.addEventListener('hashchange', route);
route();
