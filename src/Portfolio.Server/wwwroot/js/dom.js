// A tiny element builder and a table helper: the views build their markup with these, never with HTML strings, so data
// from the server is always text.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * A table: columns are { label, num, cell(row) } where cell answers text, a node, or { text, class }.
 * Wrapped so a wide table scrolls sideways on a phone instead of widening the page.
 */
export function table({ caption, columns, rows, foot, empty = 'Nothing yet.', id }) {
  if (!rows.length) return h('p', { class: 'muted', id }, empty);
  const cell = (tag, column, content) => {
    const value = content && typeof content === 'object' && !(content instanceof Node) ? content : { text: content };
    return h(tag, { class: [column.num ? 'num' : '', value.class ?? ''].join(' ').trim() || null }, value.text);
  };
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption ?? 'table' },
    h('table', { id },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.map(row => h('tr', {}, columns.map(c => cell('td', c, c.cell(row)))))),
      foot ? h('tfoot', {}, h('tr', {}, columns.map(c => cell('td', c, foot(c))))) : null));
}

export const flag = text => h('span', { class: 'flag' }, text);

export function card(label, value, { tone, id } = {}) {
  return h('div', { class: 'card' }, h('dt', {}, label), h('dd', { class: tone || null, id }, value));
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error?.message ?? String(error));
}

/** Renders a section whose data loads asynchronously; a failure is shown in place, never thrown away. */
export function loading(title, load, { id } = {}) {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const section = h('section', { class: 'panel', id, 'aria-busy': 'true' }, title ? h('h2', {}, title) : null, body);
  Promise.resolve().then(load).then(
    content => body.replaceChildren(...[].concat(content).filter(c => c !== null && c !== undefined && c !== false)),
    error => body.replaceChildren(errorBox(error)),
  ).finally(() => section.setAttribute('aria-busy', 'false'));
  return section;
}

/**
 * Shows a refusal next to the fields its ProblemDetails names (inputs carry data-field="name"); whatever names no
 * field of this form goes into the status box. Answers nothing; clearFieldErrors undoes it.
 */
export function showFieldErrors(form, status, error) {
  clearFieldErrors(form);
  const errors = error?.problem?.errors && !Array.isArray(error.problem.errors) ? error.problem.errors : {};
  let unplaced = false;
  for (const [field, reasons] of Object.entries(errors)) {
    const input = form.querySelector(`[data-field="${CSS.escape(field)}" i]`);
    if (!input) { unplaced = true; continue; }
    const id = `${input.id}-error`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', id);
    input.closest('label').append(h('span', { class: 'field-error', id }, [...new Set([].concat(reasons))].join('; ')));
  }
  status.replaceChildren(unplaced || !Object.keys(errors).length ? errorBox(error) : h('p', { class: 'error', role: 'alert' }, error.problem.title ?? 'Please correct the fields marked below.'));
  form.querySelector('[aria-invalid="true"]')?.focus();
}

export function clearFieldErrors(form) {
  for (const span of form.querySelectorAll('.field-error')) span.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) { input.removeAttribute('aria-invalid'); input.removeAttribute('aria-describedby'); }
}
