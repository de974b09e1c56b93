// Paper-trading orders of one account: a form to place one (market or limit, day or good-till-cancelled) and the list,
// newest first, with a cancel button on each pending order.
import { api } from '../api.js';
import { h, table, loading, errorBox, showFieldErrors, clearFieldErrors } from '../dom.js';
import { money, quantity, instant } from '../format.js';
import { exactJson } from './transactions.js';

export function ordersTab(account) {
  const list = h('div', {});
  const refresh = () => list.replaceChildren(loading('Orders', () => orders(account, refresh), { id: 'orders' }));
  refresh();
  return h('div', {}, placeForm(account, refresh), list);
}

async function orders(account, refresh) {
  const all = await api(`/api/accounts/${encodeURIComponent(account.id)}/orders`);
  const c = account.currency;
  const status = h('div', { 'aria-live': 'polite', id: 'cancel-status' });
  const cancel = async order => {
    try {
      await api(`/api/accounts/${encodeURIComponent(account.id)}/orders/${encodeURIComponent(order.id)}`, { method: 'DELETE' });
      refresh();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  };
  const describe = o => `${o.side} ${quantity(o.quantity)} ${o.symbol}`;
  return [status, table({
    id: 'orders-table', caption: `${all.length} ${all.length === 1 ? 'order' : 'orders'}, newest first`, empty: 'No orders yet.',
    rows: [...all].reverse().sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)),
    columns: [
      { label: 'Symbol', cell: o => o.symbol },
      { label: 'Side', cell: o => o.side },
      { label: 'Quantity', num: true, cell: o => quantity(o.quantity) },
      { label: 'Type', cell: o => o.type === 'limit' ? `limit ${money(o.limitPrice, c)}` : 'market' },
      { label: 'Time in force', cell: o => o.timeInForce },
      { label: 'Status', cell: o => ({ text: o.status, class: `status-${o.status}` }) },
      { label: 'Reason', cell: o => o.reason ?? '' },
      { label: 'Fill price', num: true, cell: o => o.fill ? money(o.fill.price, c) : '' },
      { label: 'Placed', cell: o => instant(o.createdAt) },
      { label: 'Closed', cell: o => o.closedAt ? instant(o.closedAt) : '' },
      { label: 'Action', cell: o => o.status === 'pending'
        ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Cancel ${describe(o)}`, onclick: () => cancel(o) }, 'Cancel')
        : '' },
    ],
  })];
}

function placeForm(account, onPlaced) {
  const status = h('div', { 'aria-live': 'polite', id: 'order-status' });
  let idempotencyKey = crypto.randomUUID();
  const input = (name, label, attributes = {}) => h('label', { id: `order-field-${name}` }, label,
    h('input', { name, id: `order-${name}`, 'data-field': name, autocomplete: 'off', ...attributes }));
  const select = (name, label, options) => h('label', {}, label,
    h('select', { name, id: `order-${name}`, 'data-field': name }, options.map(([value, text]) => h('option', { value }, text))));
  const limit = input('limitPrice', 'Limit price', { inputmode: 'decimal' });
  const form = h('form', {
    class: 'grid', id: 'order-form', novalidate: true,
    oninput: () => { idempotencyKey = crypto.randomUUID(); },
    onsubmit: async event => {
      event.preventDefault();
      clearFieldErrors(form);
      const data = new FormData(form);
      const body = { side: data.get('side'), symbol: String(data.get('symbol')).trim().toUpperCase(), quantity: { raw: String(data.get('quantity')).trim() },
        type: data.get('type'), timeInForce: data.get('timeInForce') };
      if (body.type === 'limit') body.limitPrice = { raw: String(data.get('limitPrice')).trim() };
      try {
        const order = await api(`/api/accounts/${encodeURIComponent(account.id)}/orders`, {
          method: 'POST', body: numbersOrError(body, form, status), contentType: 'application/json', headers: { 'Idempotency-Key': idempotencyKey },
        });
        status.replaceChildren(h('p', { class: 'notice' }, `Order to ${order.side} ${quantity(order.quantity)} ${order.symbol}: ${order.status}.`));
        idempotencyKey = crypto.randomUUID();
        onPlaced();
      } catch (error) {
        if (error !== skipped) showFieldErrors(form, status, error);
      }
    },
  },
  select('side', 'Side', [['buy', 'Buy'], ['sell', 'Sell']]),
  input('symbol', 'Symbol', { required: true, autocapitalize: 'characters' }),
  input('quantity', 'Quantity', { required: true, inputmode: 'decimal' }),
  select('type', 'Type', [['market', 'Market'], ['limit', 'Limit']]),
  limit,
  select('timeInForce', 'Time in force', [['day', 'Day'], ['gtc', 'Good till cancelled']]),
  h('button', { type: 'submit', id: 'place-order' }, 'Place order'));
  const showLimit = () => { limit.hidden = form.elements.type.value !== 'limit'; };
  form.elements.type.addEventListener('change', showLimit);
  showLimit();
  return h('section', { class: 'panel' }, h('h2', {}, 'Place an order'),
    h('p', { class: 'muted' }, 'Paper trading: an order fills at a fresh quote in US market hours; a limit buy at or below its limit, a sell at or above.'),
    status, form);
}

const skipped = new Error('shown already');

/** The body as exact JSON; a number that is not a plain decimal is shown next to its field, as the server would. */
function numbersOrError(body, form, status) {
  for (const [field, value] of Object.entries(body)) {
    if (value && typeof value === 'object' && !/^-?\d+(\.\d+)?$/.test(value.raw)) {
      showFieldErrors(form, status, { message: 'Please correct the fields marked below.', problem: { title: 'Please correct the fields marked below.',
        errors: { [field]: [value.raw ? `'${value.raw}' is not a number such as 12.5` : 'is required'] } } });
      throw skipped;
    }
  }
  return exactJson(body);
}
