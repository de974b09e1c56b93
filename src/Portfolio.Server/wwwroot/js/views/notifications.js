// The inbox: newest first, unread ones marked, each can be marked read (or all at once). New notifications arrive from
// the stream (see ../notifications.js) and are put on top while the page is open.
import { api } from '../api.js';
import { h, errorBox } from '../dom.js';
import { instant } from '../format.js';
import { refreshUnreadCount } from '../notifications.js';

export function notificationsView() {
  const status = h('div', { 'aria-live': 'polite', id: 'notifications-status' });
  const list = h('ol', { class: 'inbox', id: 'inbox', 'aria-live': 'polite' });
  const shown = new Map();
  const empty = h('p', { class: 'muted', id: 'inbox-empty' }, 'No notifications yet: order fills, price alerts and drift alerts appear here.');

  const markRead = async ids => {
    if (!ids.length) return;
    try {
      const marked = await api('/api/notifications/read', { method: 'POST', json: { ids } });
      for (const n of marked) render(n);
      refreshUnreadCount();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  };

  const render = (n, { onTop = false } = {}) => {
    const item = h('li', { class: n.read ? 'read' : 'unread', id: `notification-${n.id}`, 'data-kind': n.kind },
      h('div', { class: 'row' },
        n.read ? null : h('span', { class: 'unread-dot', title: 'Unread' }, h('span', { class: 'visually-hidden' }, 'Unread: ')),
        h('strong', { class: 'message' }, n.message)),
      h('div', { class: 'row muted' },
        h('span', { class: 'kind' }, n.kind), h('time', { datetime: n.at }, instant(n.at)),
        n.symbol ? h('span', {}, n.symbol) : null,
        n.accountId ? h('a', { href: `#/accounts/${encodeURIComponent(n.accountId)}/${n.orderId ? 'orders' : 'overview'}` }, 'Open the account') : null,
        n.delivery && n.delivery !== 'none' ? h('span', {}, `webhook ${n.delivery}${n.lastError ? `: ${n.lastError}` : ''}`) : null,
        n.read ? null : h('button', { type: 'button', class: 'secondary', onclick: () => markRead([n.id]), 'aria-label': `Mark read: ${n.message}` }, 'Mark read')));
    const old = shown.get(n.id);
    if (old) old.replaceWith(item);
    else if (onTop) list.prepend(item);
    else list.append(item);
    shown.set(n.id, item);
    empty.hidden = shown.size > 0;
  };

  const arrived = event => { if (!shown.has(event.detail.id)) render(event.detail, { onTop: true }); };
  window.addEventListener('notification', arrived);
  // Stop listening once the view is replaced by another page.
  const view = h('div', {},
    h('h1', {}, 'Notifications'),
    h('section', { class: 'panel', id: 'notifications' },
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'secondary', id: 'mark-all-read',
          onclick: () => markRead([...shown.values()].filter(li => li.classList.contains('unread')).map(li => li.id.slice('notification-'.length))) },
        'Mark all read')),
      status, empty, list));
  window.addEventListener('hashchange', () => window.removeEventListener('notification', arrived), { once: true });

  api('/api/notifications?limit=200').then(all => { for (const n of all) if (!shown.has(n.id)) render(n); },
    error => status.replaceChildren(errorBox(error)));
  return view;
}
