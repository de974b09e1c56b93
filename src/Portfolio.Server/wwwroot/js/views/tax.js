// Open tax lots with their term, and realized gains grouped by the year of the sale with wash-sale adjustments.
import { api } from '../api.js';
import { h, table, loading } from '../dom.js';
import { money, quantity, date, tone } from '../format.js';

export function taxTab(account) {
  const base = `/api/accounts/${encodeURIComponent(account.id)}`;
  return h('div', {},
    loading('Tax lots', async () => lots(account, await api(`${base}/tax-lots`)), { id: 'tax-lots' }),
    loading('Realized gains by year', async () => realized(account, await api(`${base}/realized-gains`)), { id: 'realized-gains' }));
}

const term = t => t === 'longTerm' ? 'long' : t === 'shortTerm' ? 'short' : t;

function lots(account, list) {
  const c = account.currency;
  return table({
    id: 'lots-table', caption: 'Open lots', empty: 'No open lots.', rows: list,
    columns: [
      { label: 'Symbol', cell: l => l.symbol },
      { label: 'Acquired', cell: l => date(l.acquiredOn) },
      { label: 'Quantity', num: true, cell: l => quantity(l.quantity) },
      { label: 'Cost per share', num: true, cell: l => money(l.costPerShare, c) },
      { label: 'Cost basis', num: true, cell: l => money(l.costBasis, c) },
      { label: 'Market value', num: true, cell: l => money(l.marketValue, c) },
      { label: 'Unrealized', num: true, cell: l => ({ text: money(l.unrealizedGain, c, { signed: true }), class: tone(l.unrealizedGain) }) },
      { label: 'Term', cell: l => term(l.term) },
    ],
  });
}

function realized(account, view) {
  const c = account.currency;
  const years = Map.groupBy(view.items, item => item.soldOn.slice(0, 4));
  if (!years.size) return h('p', { class: 'muted' }, 'Nothing sold yet.');
  const sum = (items, pick) => items.reduce((total, item) => total + pick(item), 0);
  return [...years.keys()].sort().reverse().map(year => {
    const items = years.get(year);
    const totals = {
      proceeds: sum(items, i => i.proceeds), costBasis: sum(items, i => i.costBasis), gain: sum(items, i => i.gain),
      washSaleDisallowed: sum(items, i => i.washSaleDisallowed), recognizedGain: sum(items, i => i.recognizedGain),
    };
    const shortTerm = sum(items.filter(i => i.term === 'shortTerm'), i => i.recognizedGain);
    const longTerm = sum(items.filter(i => i.term === 'longTerm'), i => i.recognizedGain);
    return h('div', { id: `realized-${year}` },
      h('h3', {}, year),
      h('p', {}, `Short-term ${money(shortTerm, c, { signed: true })}, long-term ${money(longTerm, c, { signed: true })}, wash-sale disallowed ${money(totals.washSaleDisallowed, c)}.`),
      table({
        caption: `Closed lot pieces sold in ${year}`, rows: items,
        columns: [
          { label: 'Symbol', cell: i => i.symbol, total: 'Total' },
          { label: 'Quantity', num: true, cell: i => quantity(i.quantity) },
          { label: 'Acquired', cell: i => date(i.acquiredOn) },
          { label: 'Sold', cell: i => date(i.soldOn) },
          { label: 'Proceeds', num: true, cell: i => money(i.proceeds, c), total: money(totals.proceeds, c) },
          { label: 'Cost basis', num: true, cell: i => money(i.costBasis, c), total: money(totals.costBasis, c) },
          { label: 'Gain', num: true, cell: i => ({ text: money(i.gain, c, { signed: true }), class: tone(i.gain) }), total: money(totals.gain, c, { signed: true }) },
          { label: 'Wash sale disallowed', num: true, cell: i => money(i.washSaleDisallowed, c), total: money(totals.washSaleDisallowed, c) },
          { label: 'Recognized', num: true, cell: i => ({ text: money(i.recognizedGain, c, { signed: true }), class: tone(i.recognizedGain) }), total: money(totals.recognizedGain, c, { signed: true }) },
          { label: 'Term', cell: i => term(i.term) },
        ],
        foot: column => column.total ?? '',
      }));
  });
}
