// Positions at the latest prices (with each price's time, source and stale flag) and the allocation against targets.
import { api } from '../api.js';
import { h, table, loading, errorBox, flag } from '../dom.js';
import { money, percent, points, quantity, instant, tone } from '../format.js';

export function positionsTab(account) {
  const base = `/api/accounts/${encodeURIComponent(account.id)}`;
  return h('div', {},
    loading('Positions', async () => positions(account, await api(`${base}/positions`)), { id: 'positions' }),
    account.targets
      ? loading('Allocation against targets', async () => allocation(account, await api(`${base}/rebalance`)), { id: 'allocation' })
      : h('section', { class: 'panel', id: 'allocation' }, h('h2', {}, 'Allocation against targets'),
        h('p', { class: 'muted' }, 'No targets yet: set them below to see the drift and the trades that reach them.')),
    targetsForm(account));
}

function positions(account, view) {
  const c = account.currency;
  const rows = [...view.positions];
  return [
    table({
      id: 'positions-table', caption: `As of ${instant(view.asOf)}`, empty: 'No positions.',
      rows,
      columns: [
        { label: 'Symbol', cell: p => p.symbol },
        { label: 'Quantity', num: true, cell: p => quantity(p.quantity) },
        { label: 'Price', num: true, cell: p => money(p.price, c) },
        { label: 'Price time', cell: p => instant(p.priceTime) },
        { label: 'Source', cell: p => p.priceSource ?? '—' },
        { label: 'Fresh', cell: p => p.price === undefined || p.price === null ? flag('no price') : p.stale ? flag('stale') : 'yes' },
        { label: 'Market value', num: true, cell: p => money(p.marketValue, c) },
        { label: 'Cost basis', num: true, cell: p => money(p.costBasis, c) },
        { label: 'Unrealized', num: true, cell: p => ({ text: money(p.unrealizedGain, c, { signed: true }), class: tone(p.unrealizedGain) }) },
        { label: 'Weight', num: true, cell: p => percent(p.weightPercent) },
      ],
    }),
    h('dl', { class: 'cards' },
      h('div', { class: 'card' }, h('dt', {}, 'Cash'), h('dd', { id: 'cash' }, money(view.cash, c))),
      h('div', { class: 'card' }, h('dt', {}, 'Total value'), h('dd', { id: 'total-value' }, money(view.totalValue, c))),
      h('div', { class: 'card' }, h('dt', {}, 'Cost basis'), h('dd', {}, money(view.costBasis, c))),
      h('div', { class: 'card' }, h('dt', {}, 'Unrealized gain'), h('dd', { class: tone(view.unrealizedGain) || null, id: 'total-unrealized' }, money(view.unrealizedGain, c, { signed: true })))),
    view.unpricedSymbols?.length ? h('p', { class: 'muted' }, `Without a price (valued at cost): ${view.unpricedSymbols.join(', ')}`) : null,
  ];
}

function allocation(account, plan) {
  return [
    h('p', { class: 'muted' }, `Tolerance ${points(plan.tolerancePercentPoints)}; weights in percent of ${money(plan.totalValue, account.currency)} (securities and cash).`),
    table({
      id: 'allocation-table', caption: 'Current weight, target and drift', empty: 'No targets set and nothing held.',
      rows: plan.lines,
      columns: [
        { label: 'Symbol', cell: l => l.symbol },
        { label: 'Current', num: true, cell: l => percent(l.currentPercent) },
        { label: 'Target', num: true, cell: l => percent(l.targetPercent) },
        { label: 'Drift', num: true, cell: l => ({ text: points(l.drift), class: l.breaches ? 'loss' : '' }) },
        { label: 'Breach', cell: l => l.breaches ? flag('beyond tolerance') : 'no' },
        { label: 'Trade to target', cell: l => l.action === 'none' ? '—' : `${l.action} ${quantity(l.quantity)}` },
      ],
    }),
  ];
}

function targetsForm(account) {
  const status = h('div', { 'aria-live': 'polite' });
  const current = account.targets?.targets ?? {};
  const text = h('input', { name: 'targets', id: 'targets-input', placeholder: 'VTI=60, BND=40',
    value: Object.entries(current).map(([s, p]) => `${s}=${p}`).join(', ') });
  const tolerance = h('input', { name: 'tolerance', id: 'tolerance-input', type: 'number', step: 'any', min: '0', max: '100',
    value: String(account.targets?.tolerance ?? 5) });
  const form = h('form', {
    class: 'grid', id: 'targets-form',
    onsubmit: async event => {
      event.preventDefault();
      const targets = {};
      for (const part of text.value.split(',').map(p => p.trim()).filter(Boolean)) {
        const [symbol, value] = part.split('=').map(s => s.trim());
        targets[symbol.toUpperCase()] = Number(value);
      }
      try {
        await api(`/api/accounts/${encodeURIComponent(account.id)}/targets`, { method: 'PUT', json: { targets, tolerance: Number(tolerance.value) } });
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } catch (error) {
        status.replaceChildren(errorBox(error));
      }
    },
  },
  h('label', {}, 'Targets (symbol=percent, …)', text),
  h('label', {}, 'Tolerance (percentage points)', tolerance),
  h('button', { type: 'submit' }, 'Save targets'));
  return h('section', { class: 'panel' }, h('h2', {}, 'Targets'), status, form);
}
