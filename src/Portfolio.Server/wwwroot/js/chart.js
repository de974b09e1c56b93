// A small self-contained SVG line chart: one series over calendar days, the lowest and highest values on the axis and
// the first and last dates under it. No library, nothing fetched.
import { date as formatDate } from './format.js';

const svgNs = 'http://www.w3.org/2000/svg';
const width = 640, height = 220, left = 92, right = 12, top = 12, bottom = 30;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** points: [{ date: 'yyyy-MM-dd', value: number }] in date order. */
export function lineChart({ points, title, format, className, id }) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.id = id;
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  figure.append(caption);
  if (!points.length) {
    caption.textContent += ': no days yet';
    return figure;
  }

  const values = points.map(p => p.value);
  const low = Math.min(...values), high = Math.max(...values);
  const span = high - low || Math.abs(high) || 1;
  const x = i => left + (points.length === 1 ? (width - left - right) / 2 : i * (width - left - right) / (points.length - 1));
  const y = v => top + (high === low ? (height - top - bottom) / 2 : (high - v) * (height - top - bottom) / span);

  const first = points[0], last = points[points.length - 1];
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-points': String(points.length),
    'aria-label': `${title}: ${format(first.value)} on ${formatDate(first.date)}, ${format(last.value)} on ${formatDate(last.date)}, lowest ${format(low)}, highest ${format(high)}`,
  });
  chart.append(
    svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: height - bottom }),
    svg('line', { class: 'axis', x1: left, y1: height - bottom, x2: width - right, y2: height - bottom }),
    svg('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', class: 'high' }, format(high)),
    svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end', class: 'low' }, format(low)),
    svg('text', { x: left, y: height - 10, 'text-anchor': 'start', class: 'first' }, formatDate(first.date)),
    svg('text', { x: width - right, y: height - 10, 'text-anchor': 'end', class: 'last' }, formatDate(last.date)),
    svg('path', { class: className, d: points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ') }),
  );
  const end = svg('circle', { cx: x(points.length - 1).toFixed(1), cy: y(last.value).toFixed(1), r: 3, class: className });
  end.append(svg('title', {}, `${formatDate(last.date)}: ${format(last.value)}`));
  chart.append(end);
  figure.append(chart);
  return figure;
}
