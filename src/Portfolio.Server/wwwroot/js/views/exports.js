// Downloads: the account's exports and the Form 8949 CSV (fetched with the token, then saved by the browser).
import { download } from '../api.js';
import { h, errorBox } from '../dom.js';

export function exportsTab(account) {
  const status = h('div', { 'aria-live': 'polite' });
  const base = `/api/accounts/${encodeURIComponent(account.id)}`;
  const slug = account.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'account';
  const save = (path, name) => async () => {
    status.replaceChildren();
    try { await download(path, name); } catch (error) { status.replaceChildren(errorBox(error)); }
  };
  const year = h('input', { type: 'number', id: 'tax-year', min: '1900', max: '9999', value: String(new Date().getFullYear() - 1) });
  const button = (id, text, action) => h('button', { type: 'button', id, class: 'secondary', onclick: action }, text);

  return h('div', {},
    h('section', { class: 'panel' }, h('h2', {}, 'Export'),
      h('p', { class: 'muted' }, 'Every transaction, to import again here or elsewhere.'),
      h('div', { class: 'row' },
        button('export-csv', 'CSV', save(`${base}/export?format=csv`, `${slug}.csv`)),
        button('export-beancount', 'Beancount ledger', save(`${base}/export?format=beancount`, `${slug}.beancount`)),
        button('export-ghostfolio', 'Ghostfolio JSON', save(`${base}/export?format=ghostfolio`, `${slug}.ghostfolio.json`)))),
    h('section', { class: 'panel' }, h('h2', {}, 'Tax forms'),
      account.type === 'taxable'
        ? [h('div', { class: 'row' }, h('label', {}, 'Tax year', year),
            button('form-8949', 'Form 8949 (CSV)', () => save(`${base}/tax/form-8949?year=${year.value}`, `${slug}-form-8949-${year.value}.csv`)()),
            button('schedule-d', 'Schedule D totals (JSON)', () => save(`${base}/tax/schedule-d?year=${year.value}`, `${slug}-schedule-d-${year.value}.json`)()))]
        : h('p', { class: 'muted' }, `A ${account.type} account is not taxable: it has no Form 8949.`)),
    status);
}
