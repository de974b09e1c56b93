// Value, day change, gains and returns from the performance route; the daily series as two charts; the drift alerts.
import { api } from '../api.js';
import { h, card, table, loading, flag } from '../dom.js';
import { lineChart } from '../chart.js';
import { money, fraction, percent, points, instant, tone } from '../format.js';

export function overviewTab(account) {
  const base = `/api/accounts/${encodeURIComponent(account.id)}`;
  return h('div', {},
    loading('Performance since the first trade', async () => summary(account, await api(`${base}/performance`)), { id: 'performance' }),
    loading('Alerts', async () => alerts(account, await api(`${base}/alerts?includeResolved=true`)), { id: 'alerts' }));
}

/** Day change: the last day's value less its flows and the day before's value (zero before the first trade). */
export function dayChange(daily) {
  if (!daily.length) return null;
  const last = daily[daily.length - 1];
  const before = daily.length > 1 ? daily[daily.length - 2].value : 0;
  return last.value - last.netFlow - before;
}

function summary(account, report) {
  const c = account.currency;
  const change = dayChange(report.daily);
  const twr = report.annualizedTimeWeightedReturn;
  return [
    h('dl', { class: 'cards' },
      card('Value', money(report.value, c), { id: 'value' }),
      card('Day change', money(change, c, { signed: true }), { tone: tone(change), id: 'day-change' }),
      card('Unrealized gain', money(report.unrealizedGain, c, { signed: true }), { tone: tone(report.unrealizedGain), id: 'unrealized' }),
      card('Realized gain', money(report.realizedGain, c, { signed: true }), { tone: tone(report.realizedGain), id: 'realized' }),
      card('Income', money(report.income, c), { id: 'income' }),
      card('Time-weighted return', fraction(report.timeWeightedReturn, { signed: true }), { tone: tone(report.timeWeightedReturn), id: 'twr' }),
      card('Money-weighted return (annual)', fraction(report.moneyWeightedReturn, { signed: true }), { tone: tone(report.moneyWeightedReturn), id: 'mwr' }),
      card('TWR annualized', twr === undefined || twr === null ? '—' : fraction(twr, { signed: true }), { id: 'twr-annual' })),
    h('p', { class: 'muted' }, `From ${report.from} to ${report.to}; fees ${money(report.fees, c)}; cost basis ${money(report.costBasis, c)}.`),
    lineChart({ id: 'value-chart', title: 'Value at each day\'s close', className: 'value',
      points: report.daily.map(d => ({ date: d.date, value: d.value })), format: v => money(v, c) }),
    lineChart({ id: 'twr-chart', title: 'Cumulative time-weighted return', className: 'twr',
      points: report.daily.map(d => ({ date: d.date, value: d.cumulativeTwr })), format: v => fraction(v) }),
  ];
}

function alerts(account, list) {
  return table({
    id: 'alerts-table', caption: 'Drift beyond the tolerance of the target allocation', empty: 'No drift alerts.',
    rows: list,
    columns: [
      { label: 'Symbol', cell: a => a.symbol },
      { label: 'Opened', cell: a => instant(a.openedAt) },
      { label: 'Current', num: true, cell: a => percent(a.currentPercent) },
      { label: 'Target', num: true, cell: a => percent(a.targetPercent) },
      { label: 'Drift', num: true, cell: a => points(a.drift) },
      { label: 'Trade', cell: a => a.action === 'none' ? '—' : `${a.action} ${a.quantity ?? ''}`.trim() },
      { label: 'State', cell: a => a.resolvedAt ? `resolved ${instant(a.resolvedAt)}` : flag('open') },
    ],
  });
}
