// Admin: the audit log — who changed what and when, with before/after.
import { api, downloadCSV } from '../api.js';
import { esc, field, notice, fmtDate, setMain, plural, roleNames, orgStatusNames, groupStatusNames,
  applicationStatusNames } from '../ui.js';
import { requireMenu } from '../shell.js';
import { statusNames as programStatusNames } from './programs.js';

const actionNames = {
  register: 'Регистрация', create: 'Создание', update: 'Изменение', delete: 'Удаление', copy: 'Копирование',
  block: 'Блокировка', unblock: 'Разблокировка', restore: 'Восстановление', grant_role: 'Выдача роли',
  revoke_role: 'Снятие роли', approve: 'Одобрение', reject: 'Отклонение', bootstrap_admin: 'Первый администратор',
  password_reset: 'Сброс пароля', password_change: 'Смена пароля', update_profile: 'Изменение профиля',
  add_staff: 'Добавление сотрудника', remove_staff: 'Удаление сотрудника', invite_staff: 'Приглашение сотрудника',
  accept_invitation: 'Принятие приглашения', add_document: 'Добавление документа',
  delete_document: 'Удаление документа',
  add_gallery_image: 'Фото в галерею', delete_gallery_image: 'Удаление фото', add_topic: 'Добавление темы',
  update_topic: 'Изменение темы', delete_topic: 'Удаление темы', add_lesson: 'Добавление занятия',
  update_lesson: 'Изменение занятия', delete_lesson: 'Удаление занятия', set_modules: 'Состав модулей',
  // programs (ProgramWorkflow)
  submit: 'Отправка на модерацию', publish: 'Публикация', return: 'Возврат на доработку',
  archive: 'Снятие с публикации', revise: 'Новая версия',
  // applications (ApplicationWorkflow)
  apply: 'Подача заявки', postpone: 'Заявка отложена', resume: 'Заявка возобновлена', cancel: 'Отмена заявки',
  withdraw: 'Отзыв заявки заявителем', confirm: 'Подтверждение записи', waitlist: 'Лист ожидания',
  enroll: 'Зачисление', expel: 'Отчисление', complete: 'Завершение обучения',
  // groups (GroupWorkflow)
  form: 'Группа сформирована', unform: 'Группа расформирована', confirm_enrollment: 'Зачисление подтверждено',
  finish: 'Обучение закончено', confirm_completion: 'Окончание подтверждено',
};

/// What was changed, in words, and where to open it.
const entities = {
  user: ['Пользователь'], organization: ['Организация', (id) => `#/organizations/${id}`],
  program: ['Программа', (id) => `#/programs/${id}/preview`], module: ['Модуль', (id) => `#/modules/${id}`],
  study_group: ['Группа', (id) => `#/groups/${id}`],
  application: ['Заявка на обучение', (id) => `#/applications/${id}`],
  program_request: ['Заявка на программу'], directory_item: ['Элемент справочника'],
  search_synonym: ['Синоним поиска'], staff_resource: ['Кадровый ресурс'], room: ['Помещение'],
  object_group: ['Здание (объект)'], equipment: ['Оборудование'],
};

const fieldNames = { status: 'Статус', roles: 'Роли', name: 'Название', kind: 'Вид', fileId: 'Файл',
  moduleIds: 'Модули', userId: 'Сотрудник', documentId: 'Документ', from: 'Откуда', itemId: 'Элемент',
  program: 'Программа', reason: 'Причина', email: 'Почта', level: 'Уровень доступа', position: 'Должность' };
const statusNames = { ...orgStatusNames, ...groupStatusNames, ...programStatusNames, ...applicationStatusNames };
const isId = (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v);

/// A value as a person reads it: statuses and roles by name, lists of records counted, a record as «выбран».
function readable(key, v) {
  if (v === undefined || v === null || v === '') return '—';
  if (key === 'status') return statusNames[v] || String(v);
  if (key === 'roles' && Array.isArray(v)) return v.map((r) => roleNames[r] || r).join(', ') || 'нет';
  if (Array.isArray(v)) return v.every(isId) ? plural(v.length, 'запись', 'записи', 'записей') : v.join(', ');
  if (isId(v)) return 'задан';
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${fieldNames[k] || k}: ${readable(k, x)}`)
    .join('; ');
  return String(v);
}

/// Only the fields that changed, as «Поле: было → стало».
function changes(before, after) {
  const keys = new Set([...Object.keys(before || {}), ...Object.keys(after || {})]);
  // a change only of record ids («— → задан») says nothing the action and its link do not: left out
  const opaque = (v) => v === undefined || v === null || isId(v);
  return [...keys].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])
    && !(opaque(before?.[k]) && opaque(after?.[k])))
    .map((k) => `<div><strong>${esc(fieldNames[k] || k)}</strong>: ${esc(readable(k, before?.[k]))} →
      ${esc(readable(k, after?.[k]))}</div>`).join('');
}

function entity(e) {
  const [kind, link] = entities[e.entity] || [e.entity];
  const id = (e.entityId || '').toLowerCase();
  const label = e.entityName ? `${kind}: ${e.entityName}` : kind;
  return link && id ? `<a href="${link(id)}">${esc(label)}</a>` : esc(label);
}

export async function page() {
  requireMenu('#/admin/audit');
  const filters = {};
  setMain(`<h1>Журнал изменений</h1>
    <form id="audit-filters" class="filters" role="search">
      ${field('entity', 'Объект', { options: [['', 'Все'], ...Object.entries(entities).map(([k, [n]]) => [k, n])] })}
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
          class="muted">${entity(e)}</span></td>
        <td data-label="Изменения">${changes(e.before, e.after) || '<span class="muted">—</span>'}</td></tr>`).join('');
      const tbody = document.getElementById('audit-rows');
      if (append) tbody.insertAdjacentHTML('beforeend', rows); else tbody.innerHTML = rows
        || '<tr><td colspan="4" class="muted">Записей за выбранный период нет: измените даты или фильтры.</td></tr>';
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
