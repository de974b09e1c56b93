// Numbers for people: money with two decimals in the account's currency, percentages to two places. The API keeps
// exact decimals; only what is shown is rounded.
const locale = undefined; // the reader's own

const cache = new Map();
function formatter(key, options) {
  if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(locale, options));
  return cache.get(key);
}

const dash = '—';

export function money(value, currency, { signed = false } = {}) {
  if (value === null || value === undefined) return dash;
  return formatter(`money:${currency}:${signed}`, {
    style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(value);
}

/** A fraction (0.05 is 5 %), as returns are. */
export function fraction(value, { signed = false } = {}) {
  if (value === null || value === undefined) return dash;
  return formatter(`pct:${signed}`, {
    style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(value);
}

/** A number already in percent (weights, targets, drift). */
export const percent = (value, options) => value === null || value === undefined ? dash : fraction(value / 100, options);

/** Percentage points (drift). */
export function points(value) {
  if (value === null || value === undefined) return dash;
  return `${formatter('pp', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)} pp`;
}

export function quantity(value) {
  if (value === null || value === undefined) return dash;
  return formatter('qty', { maximumFractionDigits: 6 }).format(value);
}

/** A calendar date (yyyy-MM-dd), shown without a time zone shift. */
export function date(value) {
  if (!value) return dash;
  const [y, m, d] = value.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** An instant, in the reader's time zone. */
export function instant(value) {
  if (!value) return dash;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** The CSS class for the sign of a gain. */
export const tone = value => value > 0 ? 'gain' : value < 0 ? 'loss' : '';
