// Admin: the audit log — who changed what and when, with before/after.
import { api, downloadCSV } from '../api.js';
import { esc, field, notice, fmtDate, setMain } from '../ui.js';

const actionNames = {
  register: 'Регистрация', create: 'Создание', update: 'Изменение', block: 'Блокировка', unblock: 'Разблокировка',
    delete: 'Удаление',
  restore: 'Восстановление', grant_role: 'Выдача роли', revoke_role: 'Снятие роли', approve: 'Одобрение',
    reject: 'Отклонение',
  add_staff: 'Добавление сотрудника', remove_staff: 'Удаление сотрудника', password_reset: 'Сброс пароля',
    password_change: 'Смена пароля',
  bootstrap_admin: 'Первый администратор',
};

/// Only the fields that changed, as "field: before → after".
function changes(before, after) {
  const keys = new Set([...Object.keys(before || {}), ...Object.keys(after || {})]);
  const show = (v) => v === undefined || v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return [...keys].filter((k) => show(before?.[k]) !== show(after?.[k]))
    .map((k) => `<div><strong>${esc(k)}</strong>: ${esc(show(before?.[k]))} → ${esc(show(after?.[k]))}</div>`).join('');
}

export async function page() {
  const filters = {};
  setMain(`<h1>Журнал изменений</h1>
    <form id="audit-filters" class="filters" role="search">
      ${field('entity', 'Объект', { options: [['', 'Все'], ['user', 'Пользователи'], ['organization',
        'Организации']] })}
      ${field('action', 'Действие', { options: [['', 'Все'], ...Object.entries(actionNames)] })}
      ${field('from', 'С даты', { type: 'date' })}
      ${field('to', 'По дату (не включая)', { type: 'date' })}
      <div class="actions"><button class="btn" type="submit">Показать</button><button class="btn secondary"
        type="button" id="csv">CSV</button></div>
    </form>
    <div id="audit-status" aria-live="polite"></div>
    <table class="list"><thead><tr><th>Когда</th><th>Кто</th><th>Действие</th><th>Изменения</th></tr></thead><tbody
      id="audit-rows"></tbody></table>
    <div class="pager"><button class="btn secondary" id="more" hidden>Показать ещё</button></div>`, 'Журнал изменений');
  let cursor = null;
  const query = () => new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  async function load(append = false) {
    try {
      const page = await api.get(`/api/v1/admin/audit?limit=50&${query()}${append && cursor
        ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const rows = page.items.map((e) => `<tr>
        <td data-label="Когда">${fmtDate(e.at)}</td>
        <td data-label="Кто">${esc(e.actorEmail || 'система')}</td>
        <td data-label="Действие">${esc(actionNames[e.action] || e.action)}<br><span
          class="muted">${esc(e.entity)} ${esc((e.entityId || '').toLowerCase().slice(0, 8))}</span></td>
        <td data-label="Изменения">${changes(e.before, e.after) || '<span class="muted">—</span>'}</td></tr>`).join('');
      const tbody = document.getElementById('audit-rows');
      if (append) tbody.insertAdjacentHTML('beforeend', rows); else tbody.innerHTML = rows
        || '<tr><td colspan="4" class="muted">Записей нет</td></tr>';
      cursor = page.nextCursor;
      document.getElementById('more').hidden = !cursor;
    } catch (err) { document.getElementById('audit-status').innerHTML = notice('err', esc(err.message)); }
  }
  document.getElementById('audit-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    for (const k of ['entity', 'action', 'from', 'to']) filters[k] = e.target.elements[k].value;
    load();
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  document.getElementById('csv').addEventListener('click', () => downloadCSV(`/api/v1/admin/audit?${query()}`,
    'audit.csv'));
  await load();
}
