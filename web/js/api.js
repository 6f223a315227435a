// The only place that calls fetch: adds the access token, refreshes it once on 401, and turns problem+json into errors.
let accessToken = null;
let profile = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `Ошибка ${status}`);
    this.status = status;
    this.problem = problem;
    this.fieldErrors = problem.errors || [];
  }
}

export function onSessionChange(fn) { listeners.add(fn); }
// Called after every change the person makes (POST, PUT, PATCH, DELETE that succeeded): the menu's counters ask again.
const writeListeners = new Set();
export function onWrite(fn) { writeListeners.add(fn); }
function notify() { listeners.forEach((fn) => fn(profile)); }
export function currentUser() { return profile; }

async function send(method, path, body, { raw = false, retry = true, headers = {} } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (accessToken) h.Authorization = `Bearer ${accessToken}`;
  const init = { method, headers: h, credentials: 'same-origin' };
  if (body !== undefined) { h['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
  const res = await fetch(path, init);
  if (res.status === 401 && retry && accessToken && !path.startsWith('/api/v1/auth/')) {
    if (await refresh()) return send(method, path, body, { raw, retry: false, headers });
  }
  if (raw) return res;
  if (res.status === 204) {  // a 202 may carry a body (an invitation): read it like any answer
    if (method !== 'GET') writeListeners.forEach((fn) => fn());
    return null;
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(data || { title: res.statusText }, res.status);
  if (method !== 'GET') writeListeners.forEach((fn) => fn());
  return data;
}

export const api = {
  get: (p, o) => send('GET', p, undefined, o),
  post: (p, b, o) => send('POST', p, b ?? {}, o),
  patch: (p, b, o) => send('PATCH', p, b, o),
  put: (p, b, o) => send('PUT', p, b, o),
  del: (p, o) => send('DELETE', p, undefined, o),
};

// Whether this browser has a session (a mark, not a secret: the refresh cookie itself is HttpOnly). Without it a
// visitor's first page does not ask for a refresh that can only fail (a 401 in the console on every anonymous page).
const SIGNED_IN = 'copp.signedIn';

/// Uses the HttpOnly refresh cookie to get a new access token; false when there is no session. `ifSignedIn`: only when
/// this browser signed in before (the first page of a visit).
export async function refresh({ ifSignedIn = false } = {}) {
  if (ifSignedIn && !localStorage.getItem(SIGNED_IN)) return false;
  try {
    const res = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin',
      headers: { Accept: 'application/json' } });
    if (!res.ok) { accessToken = null; profile = null; localStorage.removeItem(SIGNED_IN); notify(); return false; }
    localStorage.setItem(SIGNED_IN, '1');
    accessToken = (await res.json()).accessToken;
    await loadProfile();
    return true;
  } catch { return false; }
}

export async function loadProfile() {
  profile = accessToken ? await send('GET', '/api/v1/me', undefined, { retry: false }) : null;
  notify();
  return profile;
}

export async function login(email, password) {
  const tokens = await api.post('/api/v1/auth/login', { email, password });
  accessToken = tokens.accessToken;
  localStorage.setItem(SIGNED_IN, '1');
  return loadProfile();
}

export async function logout() {
  try { await api.post('/api/v1/auth/logout', {}); } finally {
    accessToken = null; profile = null; localStorage.removeItem(SIGNED_IN); notify();
  }
}

/// Uploads a File from an <input type=file> as multipart/form-data; returns the stored file's metadata.
export async function uploadFile(file, fields = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file);
  const doUpload = () => fetch('/api/v1/files', { method: 'POST', body: form, credentials: 'same-origin',
    headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} });
  let res = await doUpload();
  if (res.status === 401 && await refresh()) res = await doUpload();
  const data = await res.json();
  if (!res.ok) throw new ApiError(data, res.status);
  return data;
}

/// Downloads a CSV export of a list URL with the current token.
export async function downloadCSV(path, filename) {
  return downloadFile(path, filename, 'text/csv');
}

/// Downloads what an API URL answers (a generated document, an export) with the current token; a refusal
/// (problem+json) is thrown as an ApiError. The server's file name is kept unless `filename` is given.
export async function downloadFile(path, filename = null, accept = '*/*') {
  const res = await send('GET', path, undefined, { raw: true, headers: { Accept: accept } });
  if (!res.ok) throw new ApiError(await res.json(), res.status);
  const named = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('Content-Disposition') || '');
  filename = filename || (named ? decodeURIComponent(named[1]) : 'document');
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/// An object URL of a file only a signed-in reader may fetch (a test question's picture): an <img> sends no token.
export async function fileURL(id) {
  const res = await send('GET', `/api/v1/files/${id}`, undefined, { raw: true, headers: { Accept: '*/*' } });
  if (!res.ok) return '';
  return URL.createObjectURL(await res.blob());
}

/// Sends a large body (a CSV of thousands of rows) with upload progress (0..1) reported to `onProgress`;
/// XMLHttpRequest because fetch cannot report upload progress.
export function sendWithProgress(method, path, body, contentType, onProgress) {
  const attempt = () => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new ApiError({ title: 'Нет связи с сервером' }, 0));
    xhr.send(body);
  });
  return attempt().then(async (xhr) => {
    if (xhr.status === 401 && await refresh()) xhr = await attempt();
    const data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
    if (xhr.status >= 400) throw new ApiError(data || { title: xhr.statusText }, xhr.status);
    return data;
  });
}
