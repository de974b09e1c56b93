// The signed-in user's notification stream and the unread count in the navigation. The stream needs the bearer token,
// which EventSource cannot send, so it is read with fetch() and parsed here; when the server ends it (every five
// minutes) or the network drops, it reconnects with Last-Event-ID. Each notification is announced as a window event.
import { api, session } from './api.js';

let controller = null;
let lastEventId = null;

/** Starts the stream for the current token (once), and shows the unread count. */
export function startNotifications() {
  if (controller || !session.token) return;
  controller = new AbortController();
  refreshUnreadCount();
  listen(controller.signal);
}

export function stopNotifications() {
  controller?.abort();
  controller = null;
  lastEventId = null;
  showCount(0);
}

export async function refreshUnreadCount() {
  try {
    const unread = await api('/api/notifications?unread=true&limit=200');
    showCount(unread.length, unread.length >= 200);
  } catch { /* the count stays as it was; the inbox page shows the error */ }
}

function showCount(count, more = false) {
  const badge = document.getElementById('unread-count');
  if (!badge) return;
  badge.textContent = count ? `${count}${more ? '+' : ''}` : '';
  badge.hidden = !count;
  const link = document.getElementById('nav-notifications');
  link?.setAttribute('aria-label', count ? `Notifications, ${badge.textContent} unread` : 'Notifications');
}

async function listen(signal) {
  while (!signal.aborted) {
    try {
      const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}` };
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      const response = await fetch('/api/notifications/stream', { headers, signal });
      if (response.status === 401) return; // the next API call signs the user out
      if (response.ok) await read(response.body.getReader(), signal);
    } catch { /* dropped: reconnect below */ }
    if (!signal.aborted) await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

async function read(reader, signal) {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = { data: [] };
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (event.data.length) dispatch(event);
        event = { data: [] };
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') event.data.push(text);
      else if (field === 'id') event.id = text;
    }
  }
}

function dispatch(event) {
  if (event.id) lastEventId = event.id;
  let notification;
  try { notification = JSON.parse(event.data.join('\n')); } catch { return; }
  window.dispatchEvent(new CustomEvent('notification', { detail: notification }));
  refreshUnreadCount();
}
