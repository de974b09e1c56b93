// Calls the API with the signed-in bearer token. A refusal becomes an ApiError carrying the problem details.
const tokenKey = 'portfolio.token';

export const session = {
  get token() { return sessionStorage.getItem(tokenKey); },
  signIn(token) { sessionStorage.setItem(tokenKey, token.trim()); },
  signOut() { sessionStorage.removeItem(tokenKey); },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

function describe(status, problem) {
  if (!problem || typeof problem !== 'object') return `The server answered ${status}.`;
  const errors = Array.isArray(problem.errors) ? {} : problem.errors ?? {}; // an import's row errors are shown as a table
  const fields = Object.entries(errors).map(([field, reasons]) => `${field}: ${[...new Set([].concat(reasons))].join('; ')}`)
    .filter(text => !problem.detail?.includes(text));
  return [problem.title ?? `The server answered ${status}.`, problem.detail, ...fields].filter(Boolean).join(' ');
}

/** Sends a request; answers the parsed JSON, the text (for text/* answers) or null for an empty body. */
export async function api(path, { method = 'GET', json, body, contentType, headers = {}, signal, onResponse } = {}) {
  const request = { method, headers: { Accept: 'application/json, text/csv, text/plain', ...headers }, signal };
  if (session.token) request.headers.Authorization = `Bearer ${session.token}`;
  if (json !== undefined) {
    request.body = JSON.stringify(json);
    request.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    request.body = body;
    if (contentType) request.headers['Content-Type'] = contentType;
  }
  const response = await fetch(path, request);
  const type = response.headers.get('Content-Type') ?? '';
  const text = await response.text();
  const parsed = text && type.includes('json') ? JSON.parse(text) : text || null;
  if (response.status === 401) {
    session.signOut();
    window.dispatchEvent(new CustomEvent('signed-out', { detail: 'Your session has ended: sign in again.' }));
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  onResponse?.(response); // for callers that need a header, such as an ETag
  return parsed;
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(path, fileName) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!response.ok) {
    const text = await response.text();
    let problem = null;
    try { problem = JSON.parse(text); } catch { /* not a problem document */ }
    throw new ApiError(response.status, problem);
  }
  // The server's own file name when it gives one (Content-Disposition), else ours.
  const named = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(response.headers.get('Content-Disposition') ?? '');
  const name = named ? decodeURIComponent(named[1] ?? named[2]) : fileName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
