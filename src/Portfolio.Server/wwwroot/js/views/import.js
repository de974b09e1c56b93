// Import a broker file: a dry run first shows what would be booked, the duplicates skipped and the errors per row;
// only then can the same file be committed.
import { api } from '../api.js';
import { h, table, errorBox } from '../dom.js';
import { money, quantity, date } from '../format.js';

const formats = [
  ['csv', 'This product\'s CSV', 'text/csv'],
  ['schwab', 'Schwab transaction history (CSV)', 'text/csv'],
  ['fidelity', 'Fidelity account history (CSV)', 'text/csv'],
  ['ibkr-flex', 'Interactive Brokers Flex Query (XML)', 'application/xml'],
  ['portfolio-performance', 'Portfolio Performance (CSV)', 'text/csv'],
  ['ghostfolio', 'Ghostfolio export (JSON)', 'application/json'],
];

export function importTab(account) {
  const status = h('div', { 'aria-live': 'polite', id: 'import-status' });
  const preview = h('div', { id: 'import-preview' });
  const format = h('select', { id: 'import-format', name: 'format' }, formats.map(([value, text]) => h('option', { value }, text)));
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.xml,.json,.txt' });
  const text = h('textarea', { id: 'import-text', name: 'text', spellcheck: 'false', placeholder: 'Or paste the file here' });
  const commit = h('button', { type: 'button', id: 'import-commit', disabled: true }, 'Book these transactions');
  const skipInvalid = h('input', { type: 'checkbox', id: 'import-skip-invalid' });
  let previewed = null; // the exact body and format the preview was made from

  const body = async () => file.files.length ? await file.files[0].text() : text.value;
  const send = (content, dryRun) => {
    const [, , contentType] = formats.find(f => f[0] === format.value);
    const skip = skipInvalid.checked ? '&skipInvalid=true' : '';
    return api(`/api/accounts/${encodeURIComponent(account.id)}/imports?format=${encodeURIComponent(format.value)}&dryRun=${dryRun}${skip}`,
      { method: 'POST', body: content, contentType });
  };
  const invalidate = () => { previewed = null; commit.disabled = true; };
  for (const control of [format, file, text, skipInvalid]) control.addEventListener('input', invalidate);
  file.addEventListener('change', invalidate);

  const form = h('form', {
    id: 'import-form',
    onsubmit: async event => {
      event.preventDefault();
      invalidate();
      status.replaceChildren(h('p', { class: 'muted' }, 'Checking the file…'));
      preview.replaceChildren();
      try {
        const content = await body();
        const result = await send(content, true);
        preview.replaceChildren(...render(account, result).filter(Boolean));
        const ready = (result.errors.length === 0 || skipInvalid.checked) && result.transactions.length > 0;
        previewed = ready ? { content, format: format.value } : null;
        commit.disabled = !ready;
        status.replaceChildren(h('p', { class: result.errors.length ? 'error' : 'notice' }, result.errors.length && !skipInvalid.checked
          ? `Nothing can be booked while ${result.errors.length} row(s) are in error: correct the file and check it again, or choose to skip them.`
          : `Dry run: ${result.transactions.length} transaction(s) would be booked, ${result.duplicates.length} duplicate(s) skipped. Nothing is booked yet.`));
      } catch (error) {
        status.replaceChildren(errorBox(error));
      }
    },
  },
  h('div', { class: 'grid form-grid' }, h('label', {}, 'Format', format), h('label', {}, 'File', file)),
  h('label', {}, 'File contents', text),
  h('label', { class: 'check' }, skipInvalid, 'Book the valid rows and skip the invalid ones'),
  h('div', { class: 'row' }, h('button', { type: 'submit', id: 'import-dry-run' }, 'Check (dry run)'), commit));

  commit.addEventListener('click', async () => {
    if (!previewed) return;
    commit.disabled = true;
    try {
      const result = await send(previewed.content, false);
      previewed = null;
      preview.replaceChildren(...render(account, result).filter(Boolean));
      status.replaceChildren(h('p', { class: 'notice', id: 'import-booked' },
        `Booked ${result.booked ?? result.transactions.length} transaction(s); ${result.duplicates.length} duplicate(s) skipped.`));
    } catch (error) {
      status.replaceChildren(errorBox(error));
      if (error.problem?.errors && Array.isArray(error.problem.errors)) preview.replaceChildren(errors(error.problem.errors));
    }
  });

  return h('section', { class: 'panel' }, h('h2', {}, 'Import a broker file'),
    h('p', { class: 'muted' }, 'A dry run books nothing. Booking is all or nothing, and a file imported twice books each row once.'),
    form, status, preview);
}

function render(account, result) {
  const c = account.currency;
  return [
    h('h3', {}, result.dryRun ? 'Would be booked' : 'Booked'),
    table({
      id: 'import-transactions', caption: 'In booking order', empty: 'No new transactions.', rows: result.transactions,
      columns: [
        { label: 'Trade date', cell: t => date(tx(t).tradeDate) },
        { label: 'Type', cell: t => tx(t).type },
        { label: 'Symbol', cell: t => tx(t).symbol ?? '' },
        { label: 'Quantity', num: true, cell: t => tx(t).quantity === undefined ? '' : quantity(tx(t).quantity) },
        { label: 'Price', num: true, cell: t => tx(t).price === undefined ? '' : money(tx(t).price, c) },
        { label: 'Fee', num: true, cell: t => tx(t).fee ? money(tx(t).fee, c) : '' },
        { label: 'Amount', num: true, cell: t => tx(t).amount === undefined ? '' : money(tx(t).amount, c) },
      ],
    }),
    result.duplicates.length ? h('h3', {}, 'Duplicates (already booked, skipped)') : null,
    result.duplicates.length ? table({
      id: 'import-duplicates', rows: result.duplicates,
      columns: [{ label: 'Row', num: true, cell: d => d.row }, { label: 'Booked as', cell: d => d.transactionId ?? '' }],
    }) : null,
    result.errors.length ? errors(result.errors) : null,
  ];
}

// The import answers transactions either as the transaction itself or wrapped like the log's entries.
const tx = t => t.transaction ?? t;

function errors(list) {
  return h('div', {}, h('h3', {}, 'Errors'), table({
    id: 'import-errors', rows: list,
    columns: [
      { label: 'Row', num: true, cell: e => e.row },
      { label: 'Column', cell: e => e.column ?? '' },
      { label: 'Value', cell: e => e.value ?? '' },
      { label: 'Reason', cell: e => e.reason },
    ],
  }));
}
