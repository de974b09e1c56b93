// The transaction log, a page at a time, and a form to record one (with an idempotency key, so a double submit books once).
import { api } from '../api.js';
import { h, table, loading, errorBox } from '../dom.js';
import { money, quantity, date, instant } from '../format.js';

const pageSize = 50;

// The fields each type of transaction takes (the API's flat transaction shape).
const fieldsByType = {
  buy: ['symbol', 'quantity', 'price', 'fee'],
  sell: ['symbol', 'quantity', 'price', 'fee'],
  dividend: ['symbol', 'amount'],
  reinvestment: ['symbol', 'quantity', 'price'],
  deposit: ['amount'],
  withdrawal: ['amount'],
  fee: ['amount', 'symbol'],
  interest: ['amount'],
};
const numeric = new Set(['quantity', 'price', 'fee', 'amount']);

export function transactionsTab(account) {
  const list = h('div', {});
  const showPage = page => list.replaceChildren(loading('Transactions', () => transactions(account, page, showPage), { id: 'transactions' }));
  showPage(1);
  return h('div', {}, recordForm(account, () => showPage(1)), list);
}

async function transactions(account, page, showPage) {
  const result = await api(`/api/accounts/${encodeURIComponent(account.id)}/transactions?page=${page}&pageSize=${pageSize}`);
  const c = account.currency;
  const pages = Math.max(1, Math.ceil(result.total / pageSize));
  return [
    table({
      id: 'transactions-table', caption: `${result.total} transactions in trade-date order`, empty: 'No transactions yet.',
      rows: result.items,
      columns: [
        { label: 'Trade date', cell: e => date(e.transaction.tradeDate) },
        { label: 'Type', cell: e => e.transaction.type },
        { label: 'Symbol', cell: e => e.transaction.symbol ?? '' },
        { label: 'Quantity', num: true, cell: e => e.transaction.quantity === undefined ? '' : quantity(e.transaction.quantity) },
        { label: 'Price', num: true, cell: e => e.transaction.price === undefined ? '' : money(e.transaction.price, c) },
        { label: 'Fee', num: true, cell: e => e.transaction.fee ? money(e.transaction.fee, c) : '' },
        { label: 'Amount', num: true, cell: e => e.transaction.amount === undefined ? '' : money(e.transaction.amount, c) },
        { label: 'Recorded', cell: e => instant(e.recordedAt) },
      ],
    }),
    pages > 1 ? h('nav', { class: 'row', 'aria-label': 'Pages' },
      h('button', { type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => showPage(page - 1) }, 'Previous'),
      h('span', {}, `Page ${page} of ${pages}`),
      h('button', { type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => showPage(page + 1) }, 'Next')) : null,
  ];
}

function recordForm(account, onRecorded) {
  const status = h('div', { 'aria-live': 'polite', id: 'record-status' });
  let idempotencyKey = crypto.randomUUID();
  const input = (name, label, attributes = {}) => h('label', { id: `field-${name}` }, label,
    h('input', { name, id: `tx-${name}`, ...(numeric.has(name) ? { inputmode: 'decimal', autocomplete: 'off' } : {}), ...attributes }));
  const type = h('select', { name: 'type', id: 'tx-type' }, Object.keys(fieldsByType).map(t => h('option', { value: t }, t)));
  const fields = {
    symbol: input('symbol', 'Symbol', { autocapitalize: 'characters' }),
    quantity: input('quantity', 'Quantity'),
    price: input('price', 'Price'),
    fee: input('fee', 'Fee'),
    amount: input('amount', 'Amount'),
  };
  const showFields = () => {
    for (const [name, label] of Object.entries(fields)) {
      const used = fieldsByType[type.value].includes(name);
      label.hidden = !used;
      label.querySelector('input').required = used && name !== 'fee' && !(type.value === 'fee' && name === 'symbol');
    }
  };
  type.addEventListener('change', showFields);

  const form = h('form', {
    class: 'grid', id: 'record-form',
    oninput: () => { idempotencyKey = crypto.randomUUID(); }, // a changed form is a new transaction; a resubmit is the same one
    onsubmit: async event => {
      event.preventDefault();
      const data = new FormData(form);
      const body = { type: type.value, tradeDate: data.get('tradeDate') };
      for (const name of fieldsByType[type.value]) {
        const value = String(data.get(name) ?? '').trim();
        if (value === '') continue;
        // Numbers go out as JSON numbers exactly as typed, never through binary floating point.
        body[name] = numeric.has(name) ? { raw: value } : name === 'symbol' ? value.toUpperCase() : value;
      }
      try {
        const recorded = await api(`/api/accounts/${encodeURIComponent(account.id)}/transactions`, {
          method: 'POST', body: exactJson(body), contentType: 'application/json', headers: { 'Idempotency-Key': idempotencyKey },
        });
        status.replaceChildren(h('p', { class: 'notice' }, `Recorded ${recorded.transaction.type} of ${date(recorded.transaction.tradeDate)}.`));
        for (const name of ['symbol', 'quantity', 'price', 'fee', 'amount']) form.elements[name].value = '';
        idempotencyKey = crypto.randomUUID();
        onRecorded();
      } catch (error) {
        status.replaceChildren(errorBox(error));
      }
    },
  },
  h('label', {}, 'Type', type),
  h('label', {}, 'Trade date', h('input', { type: 'date', name: 'tradeDate', id: 'tx-tradeDate', required: true, value: newYorkToday() })),
  Object.values(fields),
  h('button', { type: 'submit', id: 'record-transaction' }, 'Record'));
  showFields();
  return h('section', { class: 'panel' }, h('h2', {}, 'Record a transaction'), status, form);
}

/** JSON with decimal strings written as numbers verbatim, after checking they are plain decimals. */
export function exactJson(body) {
  return '{' + Object.entries(body).map(([key, value]) => {
    if (value && typeof value === 'object' && 'raw' in value) {
      if (!/^-?\d+(\.\d+)?$/.test(value.raw)) throw new Error(`${key}: '${value.raw}' is not a number such as 12.5`);
      return `${JSON.stringify(key)}:${value.raw}`;
    }
    return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }).join(',') + '}';
}

function newYorkToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
}
