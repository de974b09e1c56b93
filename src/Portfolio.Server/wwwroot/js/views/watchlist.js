// The watchlist: symbols to follow, each with its latest price and time, and price alerts per symbol (above a price,
// below a price, or a move in percent from the latest price).
import { api, ApiError } from '../api.js';
import { h, table, loading, errorBox, showFieldErrors, clearFieldErrors } from '../dom.js';
import { money, instant, quantity } from '../format.js';
import { exactJson } from './transactions.js';

export function watchlistView() {
  const body = h('div', {});
  const refresh = () => body.replaceChildren(loading('Watched symbols', () => watched(refresh), { id: 'watchlist' }),
    loading('Price alerts', () => alerts(refresh), { id: 'price-alerts' }));
  refresh();
  return h('div', {}, h('h1', {}, 'Watchlist'), body);
}

/** Reads the list with its version, changes it, and writes it back only if nobody changed it in between (If-Match). */
async function change(edit) {
  let etag = null;
  const current = await api('/api/watchlist', { onResponse: r => { etag = r.headers.get('ETag'); } });
  return api('/api/watchlist', { method: 'PUT', json: { symbols: edit(current.symbols) }, headers: etag ? { 'If-Match': etag } : {} });
}

async function watched(refresh) {
  const list = await api('/api/watchlist');
  const prices = await Promise.all(list.symbols.map(s => api(`/api/prices/${encodeURIComponent(s)}`).catch(() => null)));
  const status = h('div', { 'aria-live': 'polite', id: 'watchlist-status' });
  const form = h('form', {
    class: 'row', id: 'watch-form', novalidate: true,
    onsubmit: async event => {
      event.preventDefault();
      clearFieldErrors(form);
      const symbol = form.elements.symbol.value.trim().toUpperCase();
      try {
        await change(symbols => [...symbols, symbol]);
        refresh();
      } catch (error) {
        // The server names the new symbol by its index (symbols[3]); show it next to the one field there is.
        const problem = error.problem?.errors ? { ...error.problem, errors: { symbol: Object.values(error.problem.errors).flat() } } : error.problem;
        showFieldErrors(form, status, new ApiError(error.status, problem));
      }
    },
  },
  h('label', {}, 'Symbol', h('input', { name: 'symbol', id: 'watch-symbol', 'data-field': 'symbol', required: true, autocapitalize: 'characters', autocomplete: 'off' })),
  h('button', { type: 'submit', id: 'watch-add' }, 'Add'));
  const remove = async symbol => {
    try {
      await change(symbols => symbols.filter(s => s !== symbol));
      refresh();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  };
  return [status, form, table({
    id: 'watchlist-table', caption: list.symbols.length === 1 ? '1 watched symbol' : `${list.symbols.length} watched symbols`, empty: 'Nothing watched yet: add a symbol above.',
    rows: list.symbols.map((symbol, i) => ({ symbol, price: prices[i] })),
    columns: [
      { label: 'Symbol', cell: r => r.symbol },
      { label: 'Latest price', num: true, cell: r => r.price?.latest ? money(r.price.latest.price, 'USD') : '—' },
      { label: 'As of', cell: r => r.price?.latest ? instant(r.price.latest.asOf) : 'no price yet' },
      { label: 'Stale', cell: r => r.price?.latest ? (r.price.stale ? 'stale' : 'fresh') : '' },
      { label: 'Action', cell: r => h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove ${r.symbol}`, onclick: () => remove(r.symbol) }, 'Remove') },
    ],
  })];
}

async function alerts(refresh) {
  const all = await api('/api/price-alerts');
  const status = h('div', { 'aria-live': 'polite', id: 'alert-status' });
  let idempotencyKey = crypto.randomUUID();
  const kind = h('select', { name: 'kind', id: 'alert-kind', 'data-field': 'kind' },
    [['above', 'Price at or above'], ['below', 'Price at or below'], ['movePercent', 'Move in percent (±)']].map(([v, t]) => h('option', { value: v }, t)));
  const form = h('form', {
    class: 'grid', id: 'alert-form', novalidate: true,
    oninput: () => { idempotencyKey = crypto.randomUUID(); },
    onsubmit: async event => {
      event.preventDefault();
      clearFieldErrors(form);
      const value = form.elements.value.value.trim();
      // The API names the number by its kind (above, below, movePercent); the one input shows all three.
      form.elements.value.dataset.field = kind.value;
      if (!/^-?\d+(\.\d+)?$/.test(value)) {
        showFieldErrors(form, status, { message: '', problem: { title: 'Please correct the fields marked below.', errors: { [kind.value]: [value ? `'${value}' is not a number such as 12.5` : 'is required'] } } });
        return;
      }
      try {
        await api('/api/price-alerts', {
          method: 'POST', body: exactJson({ symbol: form.elements.symbol.value.trim().toUpperCase(), [kind.value]: { raw: value } }),
          contentType: 'application/json', headers: { 'Idempotency-Key': idempotencyKey },
        });
        refresh();
      } catch (error) {
        showFieldErrors(form, status, error);
      }
    },
  },
  h('label', {}, 'Symbol', h('input', { name: 'symbol', id: 'alert-symbol', 'data-field': 'symbol', required: true, autocapitalize: 'characters', autocomplete: 'off' })),
  h('label', {}, 'When', kind),
  h('label', {}, 'Price or percent', h('input', { name: 'value', id: 'alert-value', 'data-field': 'above', inputmode: 'decimal', autocomplete: 'off' })),
  h('button', { type: 'submit', id: 'alert-create' }, 'Create alert'));
  const remove = async alert => {
    try {
      await api(`/api/price-alerts/${encodeURIComponent(alert.id)}`, { method: 'DELETE' });
      refresh();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  };
  const condition = a => `${a.direction} ${money(a.threshold, 'USD')}` +
    (a.movePercent !== null && a.movePercent !== undefined ? ` (${a.movePercent > 0 ? '+' : ''}${quantity(a.movePercent)} % from ${money(a.referencePrice, 'USD')})` : '');
  return [status, form, table({
    id: 'alerts-table', caption: all.length === 1 ? '1 price alert' : `${all.length} price alerts`, empty: 'No price alerts yet.',
    rows: all,
    columns: [
      { label: 'Symbol', cell: a => a.symbol },
      { label: 'Condition', cell: a => condition(a) },
      { label: 'State', cell: a => a.state },
      { label: 'Fired', num: true, cell: a => String(a.firings) },
      { label: 'Last price', num: true, cell: a => a.lastPrice === null || a.lastPrice === undefined ? '—' : money(a.lastPrice, 'USD') },
      { label: 'Last fired', cell: a => a.lastFiredAt ? instant(a.lastFiredAt) : '' },
      { label: 'Action', cell: a => h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete the ${a.symbol} alert`, onclick: () => remove(a) }, 'Delete') },
    ],
  })];
}
