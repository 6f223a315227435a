// Small DOM helpers shared by the pages: escaping, forms with per-field errors, notices.
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export function setMain(html, title) {
  const main = document.getElementById('main');
  main.innerHTML = html;
  if (title) document.title = `${title} — Платформа ЦОПП`;
  main.focus({ preventScroll: true });
  return main;
}

const fieldId = (name) => 'f-' + name.replace(/[^a-zA-Z0-9]/g, '-');

/// A labelled input; `name` is the API's JSON path, so server errors land next to the right field.
export function field(name, label, { type = 'text', required = false, hint = '', value = '', autocomplete = '', options = null, attrs = '', idPrefix = '' } = {}) {
  const id = fieldId(idPrefix + name);
  const describedBy = `${id}-err${hint ? ` ${id}-hint` : ''}`;
  const common = `id="${id}" name="${esc(name)}" data-field="${esc(name)}" aria-describedby="${describedBy}" ${required ? 'required aria-required="true"' : ''} ${attrs}`;
  if (type === 'checkbox') {
    return `<div class="field check"><input type="checkbox" ${common}${value ? ' checked' : ''}><label for="${id}">${label}${required ? ' <span class="req" aria-hidden="true">*</span>' : ''}</label>
      <div class="error" id="${id}-err" data-error-for="${esc(name)}" role="alert"></div></div>`;
  }
  const control = type === 'textarea'
    ? `<textarea ${common} rows="3">${esc(value)}</textarea>`
    : options
    ? `<select ${common}>${options.map(([v, t]) => `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(t)}</option>`).join('')}</select>`
    : `<input type="${type}" ${common} value="${esc(value)}"${autocomplete ? ` autocomplete="${autocomplete}"` : ''}>`;
  return `<div class="field"><label for="${id}">${label}${required ? ' <span class="req" aria-hidden="true">*</span>' : ''}</label>${control}
    ${hint ? `<div class="hint" id="${id}-hint">${hint}</div>` : ''}<div class="error" id="${id}-err" data-error-for="${esc(name)}" role="alert"></div></div>`;
}

/// Reads a form into a nested object by dotted names (`organization.inn`); empty optional fields are left out.
export function formData(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    let v = el.type === 'checkbox' ? el.checked : el.value.trim();
    if (v === '' ) continue;
    const path = el.name.split('.');
    let o = out;
    path.slice(0, -1).forEach((k) => { o = o[k] ??= {}; });
    o[path[path.length - 1]] = v;
  }
  return out;
}

export function clearErrors(form) {
  form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  form.querySelector('.form-notice')?.replaceChildren();
}

/// Shows problem+json field errors next to their fields; anything else in the form's notice area.
export function showErrors(form, error) {
  let unplaced = [];
  for (const fe of error.fieldErrors || []) {
    const base = fe.field.replace(/\[\d+\]$/, '');
    const byName = (n) => form.querySelector(`[data-error-for="${CSS.escape(n)}"]`) || form.querySelector(`#${fieldId(n)}-err`);
    const el = byName(fe.field) || byName(base);
    if (el) {
      el.textContent = fe.message;
      (form.querySelector(`[data-field="${CSS.escape(fe.field)}"]`) || form.querySelector(`[data-field="${CSS.escape(base)}"]`))?.setAttribute('aria-invalid', 'true');
    } else unplaced.push(fe.message);
  }
  const notice = form.querySelector('.form-notice');
  const text = unplaced.length ? unplaced.join('; ') : (error.fieldErrors?.length ? 'Исправьте отмеченные поля' : error.message);
  if (notice) notice.innerHTML = `<div class="notice err" role="alert">${esc(text)}</div>`;
  form.querySelector('[aria-invalid="true"]')?.focus();
}

/// Wires a form: validation by the server, busy state, errors beside fields.
export function handleForm(form, submit) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const button = form.querySelector('button[type="submit"]');
    button && (button.disabled = true);
    try { await submit(formData(form)); }
    catch (err) { showErrors(form, err); }
    finally { button && (button.disabled = false); }
  });
}

export const notice = (kind, text) => `<div class="notice ${kind}" role="status">${text}</div>`;

export const roleNames = {
  admin: 'Администратор', moderator: 'Модератор', copp_staff: 'Сотрудник ЦОПП', coordinator: 'Координатор (ОИВ)',
  contractor: 'Представитель образовательной организации', employer: 'Представитель работодателя', teacher: 'Преподаватель',
  developer: 'Разработчик', expert: 'Эксперт', learner: 'Обучающийся', spk_staff: 'Сотрудник СПК', tsok_staff: 'Сотрудник ЦОК', site_staff: 'Сотрудник экзаменационной площадки',
};

export const orgStatusNames = { pending: 'На модерации', approved: 'Одобрена', rejected: 'Отклонена' };

export const fmtDate = (iso) => iso ? new Date(iso).toLocaleString('ru-RU', { dateStyle: 'short', timeStyle: 'short' }) : '';

export function queryParams() {
  const h = location.hash; const i = h.indexOf('?');
  return new URLSearchParams(i >= 0 ? h.slice(i + 1) : '');
}
