// The caller's accounts, each with its current value, and a form to open a new one.
import { api } from '../api.js';
import { h, table, loading, errorBox } from '../dom.js';
import { money, tone } from '../format.js';

export function accountsView() {
  return h('div', {},
    h('h1', {}, 'Accounts'),
    loading(null, listAccounts, { id: 'accounts' }),
    createAccountForm());
}

async function listAccounts() {
  const accounts = await api('/api/accounts');
  const values = await Promise.all(accounts.map(a => api(`/api/accounts/${a.id}/positions`).catch(() => null)));
  return table({
    id: 'accounts-table', caption: 'Your accounts', empty: 'No accounts yet: open one below.',
    rows: accounts.map((account, i) => ({ account, positions: values[i] })),
    columns: [
      { label: 'Account', cell: r => h('a', { href: `#/accounts/${encodeURIComponent(r.account.id)}` }, r.account.name) },
      { label: 'Type', cell: r => r.account.type },
      { label: 'Lot method', cell: r => r.account.lotMethod },
      { label: 'Value', num: true, cell: r => money(r.positions?.totalValue, r.account.currency) },
      { label: 'Unrealized gain', num: true, cell: r => ({ text: money(r.positions?.unrealizedGain, r.account.currency, { signed: true }), class: tone(r.positions?.unrealizedGain) }) },
    ],
  });
}

function createAccountForm() {
  const status = h('div', { 'aria-live': 'polite' });
  const select = (name, label, options) => h('label', {}, label,
    h('select', { name, id: `new-${name}` }, options.map(([value, text]) => h('option', { value }, text))));
  const form = h('form', {
    class: 'grid', id: 'create-account-form',
    onsubmit: async event => {
      event.preventDefault();
      const data = new FormData(form);
      try {
        const account = await api('/api/accounts', {
          method: 'POST',
          json: {
            name: data.get('name'), type: data.get('type'), currency: data.get('currency'), lotMethod: data.get('lotMethod'),
            tracksCash: data.get('tracksCash') === 'on', allowsFractionalShares: data.get('allowsFractionalShares') === 'on',
          },
        });
        location.hash = `#/accounts/${encodeURIComponent(account.id)}`;
      } catch (error) {
        status.replaceChildren(errorBox(error));
      }
    },
  },
  h('label', {}, 'Name', h('input', { name: 'name', id: 'new-name', required: true, maxlength: '100' })),
  select('type', 'Type', [['taxable', 'Taxable'], ['ira', 'IRA'], ['roth', 'Roth IRA'], ['401k', '401(k)']]),
  h('label', {}, 'Currency', h('input', { name: 'currency', id: 'new-currency', value: 'USD', required: true, maxlength: '3', size: '4' })),
  select('lotMethod', 'Lot method', [['fifo', 'FIFO'], ['lifo', 'LIFO'], ['hifo', 'HIFO'], ['average', 'Average cost'], ['specific', 'Specific lots']]),
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'tracksCash', id: 'new-tracksCash', checked: true }), 'Tracks cash'),
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'allowsFractionalShares', id: 'new-fractional' }), 'Fractional shares'),
  h('button', { type: 'submit', id: 'create-account' }, 'Open account'));
  return h('section', { class: 'panel' }, h('h2', {}, 'Open an account'), status, form);
}
