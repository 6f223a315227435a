// What the pages share: escaping, forms with per-field errors, notices, the page frame and trail, status labels.

/// Russian plural forms: plural(2, 'заявка', 'заявки', 'заявок') → «2 заявки» (the server's RussianPlural).
export function plural(n, one, few, many) {
  const m = Math.abs(n) % 100;
  const form = m >= 11 && m <= 14 ? many : m % 10 === 1 ? one : m % 10 >= 2 && m % 10 <= 4 ? few : many;
  return `${n} ${form}`;
}

export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;',
  '"': '&quot;', "'": '&#39;' })[c]);

// The page being drawn: a page whose data arrives after the person went elsewhere must not draw over the new page
// (the cabinet overview waited for its requests while a menu link was followed, then replaced the page clicked).
let drawing = null;
// How a page is framed: cabinet pages (those behind a login) inside the cabinet's menu, whichever page draws them —
// the menu vanished on pages that forgot to ask for it.
const publicFrame = (html, title, { crumbs }) => (crumbs ? breadcrumbs(crumbs) : '') + html;
let frame = publicFrame;
export function startPage(framer) { drawing = location.hash; frame = framer || publicFrame; }

/// Draws the page. `crumbs`: the trail above the title of a public page ([href, label] pairs, the page itself last
/// without href); a cabinet page's trail comes from its menu entry — the one its address names, or `section` (the
/// href of the entry) when the address does not say it (an application opened from a batch).
export function setMain(html, title, { crumbs = null, section = null } = {}) {
  const main = document.getElementById('main');
  if (drawing !== null && location.hash !== drawing) return main;
  main.innerHTML = frame(html, title, { crumbs, section });
  labelTables(main);
  if (title) document.title = `${title} — Платформа ЦОПП`;
  main.focus({ preventScroll: true });
  return main;
}

/// «Главная › Каталог › Программа»: where the page is, each step a link back.
export function breadcrumbs(steps) {
  return `<nav class="crumbs" aria-label="Вы здесь"><ol>${steps.map(([href, label], i) => i === steps.length - 1
    ? `<li aria-current="page">${esc(label)}</li>` : `<li><a href="${href}">${esc(label)}</a></li>`).join('')}</ol>
    </nav>`;
}

/// On a phone a list table becomes cards: every cell needs its column's name (CSS shows it before the value).
/// Cells drawn later (next page, a filter) are labelled as they arrive.
function labelCells(table) {
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  if (!names.length) return;
  for (const row of table.tBodies[0]?.rows || []) {
    [...row.cells].forEach((cell, i) => {
      if (!cell.hasAttribute('data-label') && names[i] && cell.colSpan === 1) cell.dataset.label = names[i];
      // a card does not show a label with nothing after it («Должность:» of someone without one)
      cell.classList.toggle('blank', !cell.textContent.trim() && !cell.querySelector('input, select, button, img'));
    });
  }
}
const tableWatcher = new MutationObserver((changes) => {
  const tables = new Set();
  for (const c of changes) {
    const t = c.target.closest?.('table.list');
    if (t) tables.add(t);
    else c.target.querySelectorAll?.('table.list').forEach((x) => tables.add(x));
  }
  tables.forEach(labelCells);
});
function labelTables(main) {
  main.querySelectorAll('table.list').forEach(labelCells);
  if (!main.dataset.watched) {
    tableWatcher.observe(main, { childList: true, subtree: true });
    main.dataset.watched = '1';
  }
}

const fieldId = (name) => 'f-' + name.replace(/[^a-zA-Z0-9]/g, '-');

/// A labelled input; `name` is the API's JSON path, so server errors land next to the right field.
export function field(name, label, { type = 'text', required = false, hint = '', value = '', autocomplete = '',
  options = null, attrs = '', idPrefix = '' } = {}) {
  const id = fieldId(idPrefix + name);
  const describedBy = `${id}-err${hint ? ` ${id}-hint` : ''}`;
  const common = `id="${id}" name="${esc(name)}" data-field="${esc(name)}" aria-describedby="${describedBy}" ${required
    ? 'required aria-required="true"' : ''} ${attrs}`;
  if (type === 'checkbox') {
    return `<div class="field check"><input type="checkbox" ${common}${value ? ' checked' : ''}><label
      for="${id}">${label}${required ? ' <span class="req" aria-hidden="true">*</span>' : ''}</label>
      <div class="error" id="${id}-err" data-error-for="${esc(name)}" role="alert"></div></div>`;
  }
  const control = type === 'textarea'
    ? `<textarea ${common} rows="3">${esc(value)}</textarea>`
    : options
    ? `<select ${common}>${options.map(([v, t]) => `<option value="${esc(v)}"${v === value ? ' selected'
      : ''}>${esc(t)}</option>`).join('')}</select>`
    : `<input type="${type}" ${common} value="${esc(value)}"${autocomplete ? ` autocomplete="${autocomplete}"` : ''}>`;
  return `<div class="field"><label for="${id}">${label}${required ? ' <span class="req" aria-hidden="true">*</span>'
    : ''}</label>${control}
    ${hint ? `<div class="hint" id="${id}-hint">${hint}</div>` : ''}<div class="error"
      id="${id}-err" data-error-for="${esc(name)}" role="alert"></div></div>`;
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
    const byName = (n) => form.querySelector(`[data-error-for="${CSS.escape(n)}"]`)
      || form.querySelector(`#${fieldId(n)}-err`);
    const el = byName(fe.field) || byName(base);
    if (el) {
      el.textContent = fe.message;
      (form.querySelector(`[data-field="${CSS.escape(fe.field)}"]`)
        || form.querySelector(`[data-field="${CSS.escape(base)}"]`))?.setAttribute('aria-invalid', 'true');
    } else unplaced.push(fe.message);
  }
  const notice = form.querySelector('.form-notice');
  const text = unplaced.length ? unplaced.join('; ') : (error.fieldErrors?.length ? 'Исправьте отмеченные поля'
    : error.message);
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
  contractor: 'Представитель образовательной организации', employer: 'Представитель работодателя',
    teacher: 'Преподаватель',
  developer: 'Разработчик', expert: 'Эксперт', learner: 'Обучающийся', spk_staff: 'Сотрудник СПК',
    tsok_staff: 'Сотрудник ЦОК', site_staff: 'Сотрудник экзаменационной площадки',
};

export const orgStatusNames = { pending: 'На модерации', approved: 'Одобрена', rejected: 'Отклонена' };

export const fmtDate = (iso) => iso ? new Date(iso).toLocaleString('ru-RU', { dateStyle: 'short', timeStyle: 'short' })
  : '';

export function queryParams() {
  const h = location.hash; const i = h.indexOf('?');
  return new URLSearchParams(i >= 0 ? h.slice(i + 1) : '');
}

/// «Режим обучения» of a program (the constructor and the catalog).
export const studyModes = { full_release: 'С отрывом от работы', partial_release: 'С частичным отрывом от работы',
  no_release: 'Без отрыва от работы' };

/// Labels of application statuses (the desk, batches, groups).
export const applicationStatusNames = {
  new: 'Новая', postponed: 'Отложена', waitlisted: 'Лист ожидания', cancelled: 'Отменена', confirmed: 'Подтверждена',
    studying: 'Обучается', completed: 'Завершена', expelled: 'Отчислен',
};

/// Labels of group statuses.
export const groupStatusNames = {
  not_formed: 'Не сформирована', formed: 'Сформирована', enrollment_confirmed: 'Зачисление подтверждено',
    finished: 'Обучение закончено',
  completion_confirmed: 'Окончание подтверждено',
};

/// A question in a dialog of the page (not the browser's confirm/prompt, which cannot be styled, read well on a phone
/// or say what the button will do). Resolves to true (or the typed text when `input` is given), or null on «Отмена».
/// `input`: { label, required, hint } — the answer must be non-empty when required.
export function ask({ title, text = '', confirmLabel = 'Подтвердить', cancelLabel = 'Отмена', danger = false,
  input = null }) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'ask';
    dialog.setAttribute('aria-labelledby', 'ask-title');
    dialog.innerHTML = `<form method="dialog" novalidate><h2 id="ask-title">${esc(title)}</h2>${text
      ? `<p>${esc(text)}</p>` : ''}${input ? field('answer', esc(input.label), { type: 'textarea',
      required: !!input.required, hint: input.hint ? esc(input.hint) : '', idPrefix: 'ask-' }) : ''}
      <div class="actions"><button class="btn${danger ? ' danger' : ''}" value="ok">${esc(confirmLabel)}</button>
      <button class="btn secondary" value="cancel" formnovalidate>${esc(cancelLabel)}</button></div></form>`;
    document.body.append(dialog);
    const answer = dialog.querySelector('textarea');
    dialog.querySelector('button[value=ok]').addEventListener('click', (e) => {
      if (input?.required && !answer.value.trim()) {
        e.preventDefault();
        dialog.querySelector('.error').textContent = 'Заполните это поле';
        answer.setAttribute('aria-invalid', 'true');
        answer.focus();
      }
    });
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok';
      dialog.remove();
      resolve(ok ? (input ? answer.value.trim() : true) : null);
    });
    dialog.showModal();
    (answer || dialog.querySelector('button[value=ok]')).focus();
  });
}
