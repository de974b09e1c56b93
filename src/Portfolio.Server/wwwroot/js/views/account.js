// One account: its name and settings, a tab per view.
import { api } from '../api.js';
import { h, errorBox } from '../dom.js';
import { overviewTab } from './overview.js';
import { positionsTab } from './positions.js';
import { taxTab } from './tax.js';
import { transactionsTab } from './transactions.js';
import { importTab } from './import.js';
import { exportsTab } from './exports.js';
import { ordersTab } from './orders.js';

const tabs = [
  ['overview', 'Overview', overviewTab],
  ['positions', 'Positions & allocation', positionsTab],
  ['tax', 'Tax lots & gains', taxTab],
  ['transactions', 'Transactions', transactionsTab],
  ['orders', 'Orders', ordersTab],
  ['import', 'Import', importTab],
  ['exports', 'Downloads', exportsTab],
];

export function accountView(accountId, tab) {
  const view = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  api(`/api/accounts/${encodeURIComponent(accountId)}`).then(account => {
    const [, label, render] = tabs.find(t => t[0] === tab) ?? tabs[0];
    document.title = `${account.name} · ${label} · Portfolio`;
    view.replaceChildren(
      h('h1', { id: 'account-name' }, account.name),
      h('p', { class: 'muted' }, `${account.type} · ${account.currency} · ${account.lotMethod}`,
        account.tracksCash ? ' · tracks cash' : '', account.allowsFractionalShares ? ' · fractional shares' : ''),
      h('nav', { 'aria-label': 'Account views' }, h('ul', { class: 'tabs' }, tabs.map(([key, text]) => h('li', {},
        h('a', { href: `#/accounts/${encodeURIComponent(account.id)}/${key}`, 'aria-current': key === (tab ?? 'overview') ? 'page' : null, id: `tab-${key}` }, text))))),
      render(account));
  }, error => view.replaceChildren(h('h1', {}, 'Account'), errorBox(error), h('p', {}, h('a', { href: '#/' }, 'Back to the accounts'))));
  return view;
}
