// Admin: users (search, filters, block, roles, create, CSV) and organizations awaiting approval.
import { api, downloadCSV, currentUser } from '../api.js';
import { esc, field, handleForm, notice, roleNames, orgStatusNames, fmtDate, setMain, ask } from '../ui.js';
import { requireMenu } from '../shell.js';

const roleOptions = Object.entries(roleNames);
// moderators block and unblock people (seed 000); creating, editing, deleting accounts and roles stay with admins
const isAdmin = () => currentUser()?.roles.includes('admin');

function userRow(u) {
  const admin = isAdmin();
  // a moderator does not block administrators or other moderators (the server refuses it too)
  // one's own account is not blocked, deleted or stripped of its administrator role here (the server refuses it)
  const self = u.id.toLowerCase() === currentUser().id.toLowerCase();
  const blockable = !self && (admin || !u.roles.some((r) => r === 'admin' || r === 'moderator'));
  const state = u.deleted ? '<span class="badge bad">удалён</span>' : u.blocked ? `<span class="badge bad"
    title="${esc(u.blockedReason || '')}">заблокирован</span>` : '<span class="badge good">активен</span>';
  return `<tr data-id="${u.id}">
    <td data-label="ФИО">${esc(u.lastName)} ${esc(u.firstName)} ${esc(u.middleName || '')}<br><span
      class="muted">${esc(u.email)}</span>${u.emailConfirmed ? ''
      : ' <span class="badge wait">почта не подтверждена</span>'}</td>
    <td data-label="Роли">${u.roles.map((r) => `<span class="badge">${esc(roleNames[r] || r)}${admin && !(self
      && r === 'admin') ? ` <button
      class="link" data-revoke="${r}" aria-label="Снять роль ${esc(roleNames[r] || r)}">×</button>` : ''}</span>`)
      .join('')}</td>
    <td data-label="Организации">${u.organizations.map((o) => esc(o.shortName)).join('<br>')}</td>
    <td data-label="Состояние">${state}</td>
    <td data-label="Действия"><div class="actions">
      ${u.deleted ? (admin ? '<button class="btn small" data-act="restore">Восстановить</button>' : '') : `
        ${!blockable ? '' : u.blocked ? '<button class="btn small" data-act="unblock">Разблокировать</button>'
          : '<button class="btn small secondary" data-act="block">Заблокировать</button>'}
        ${admin ? `<select aria-label="Выдать роль" data-grant><option
          value="">+ роль</option>${roleOptions.filter(([r]) => !u.roles.includes(r)).map(([r, t]) => `<option
          value="${r}">${esc(t)}</option>`).join('')}</select>
        <button class="btn small secondary" data-act="edit">Изменить</button>
        ${self ? '' : '<button class="btn small danger" data-act="delete">Удалить</button>'}` : ''}`}
    </div></td></tr>`;
}

export async function users() {
  requireMenu('#/admin/users');
  const filters = { q: '', role: '', organizationId: '', blocked: '', deleted: '' };
  const orgs = await api.get('/api/v1/admin/organizations?status=approved&limit=200');
  setMain(`<h1>Пользователи</h1>
    <form id="user-filters" class="filters" role="search">
      ${field('q', 'Поиск по ФИО или почте')}
      ${field('role', 'Роль', { options: [['', 'Все роли'], ...roleOptions] })}
      ${field('organizationId', 'Организация', { options: [['', 'Все организации'], ...orgs.items.map((o) => [o.id,
        o.shortName])] })}
      ${field('blocked', 'Блокировка', { options: [['', 'Все'], ['false', 'Активные'], ['true', 'Заблокированные']] })}
      ${field('deleted', 'Удалённые', { options: [['', 'Действующие'], ['true', 'Удалённые']] })}
      <div class="actions"><button class="btn" type="submit">Найти</button><button class="btn secondary" type="button"
        id="csv">CSV</button></div>
    </form>
    ${isAdmin() ? '' : '<p class="hint">Модератор блокирует и разблокирует учётные записи; создание, правка, '
      + 'удаление и роли — у администратора.</p>'}
    <details class="card"${isAdmin() ? '' : ' hidden'}><summary><strong>Создать пользователя</strong></summary>
      <form id="create-user" novalidate><div class="form-notice"></div>
        <div class="row">${field('lastName', 'Фамилия', { required: true })}${field('firstName', 'Имя',
          { required: true })}${field('middleName', 'Отчество')}</div>
        <div class="row">${field('email', 'Электронная почта', { type: 'email', required: true })}${field('roles',
          'Роль', { required: true, options: roleOptions })}</div>
        <p class="hint">Пользователь получит письмо со ссылкой для установки пароля.</p>
        <button class="btn" type="submit">Создать</button></form></details>
    <div id="user-status" aria-live="polite"></div>
    <table class="list"><thead><tr><th>Пользователь</th><th>Роли</th><th>Организации</th><th>Состояние</th>
      <th>Действия</th></tr></thead><tbody id="user-rows"></tbody></table>
    <div class="pager"><button class="btn secondary" id="more" hidden>Показать ещё</button></div>
    <dialog id="edit-dialog"><form id="edit-user" novalidate><h2>Данные пользователя</h2><div class="form-notice"></div>
      ${field('lastName', 'Фамилия', { required: true, idPrefix: 'e-' })}${field('firstName', 'Имя',
        { required: true, idPrefix: 'e-' })}${field('middleName', 'Отчество', { idPrefix: 'e-' })}
      ${field('email', 'Электронная почта', { type: 'email', required: true, idPrefix: 'e-',
        hint: 'Новый адрес нужно будет подтвердить' })}
      ${field('phone', 'Телефон', { type: 'tel', idPrefix: 'e-' })}
      <div class="actions"><button class="btn" type="submit">Сохранить</button><button class="btn secondary"
        type="button" id="edit-cancel">Отмена</button></div>
    </form></dialog>`, 'Пользователи');

  let cursor = null;
  const query = () => new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  async function load(append = false) {
    const page = await api.get(`/api/v1/admin/users?limit=50&${query()}${append && cursor
      ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const tbody = document.getElementById('user-rows');
    if (!append) tbody.innerHTML = '';
    tbody.insertAdjacentHTML('beforeend', page.items.map(userRow).join('') || (append ? ''
      : '<tr><td colspan="5" class="muted">Никого не найдено: измените поиск или сбросьте фильтры.</td></tr>'));
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  }
  const status = (html) => { document.getElementById('user-status').innerHTML = html; };

  document.getElementById('user-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    for (const k of Object.keys(filters)) filters[k] = e.target.elements[k].value.trim();
    load();
  });
  document.getElementById('csv').addEventListener('click', () => downloadCSV(`/api/v1/admin/users?${query()}`,
    'users.csv').catch((err) => status(notice('err', esc(err.message)))));
  document.getElementById('more').addEventListener('click', () => load(true));
  document.getElementById('user-rows').addEventListener('click', async (e) => {
    const row = e.target.closest('tr[data-id]');
    if (!row) return;
    const id = row.dataset.id;
    try {
      if (e.target.dataset.act) {
        const act = e.target.dataset.act;
        if (act === 'edit') { await openEdit(id); return; }
        const who = row.querySelector('td')?.textContent.trim() || 'пользователь';
        if (act === 'delete') {
          if (!await ask({ title: 'Удалить пользователя?', text: `${who}: вход будет закрыт. Учётную запись можно `
            + 'будет восстановить.', confirmLabel: 'Удалить', danger: true })) return;
          await api.del(`/api/v1/admin/users/${id}`);
        } else if (act === 'block') {
          const reason = await ask({ title: 'Заблокировать пользователя?', text: `${who} не сможет войти, пока его не `
            + 'разблокируют.', confirmLabel: 'Заблокировать', danger: true, input: { label: 'Причина блокировки',
            required: true, hint: 'Её увидят администраторы и модераторы в журнале изменений' } });
          if (reason === null) return;
          await api.post(`/api/v1/admin/users/${id}/block`, { reason });
        }
        else await api.post(`/api/v1/admin/users/${id}/${act}`);
        status(notice('ok', 'Готово.'));
        load();
      } else if (e.target.dataset.revoke) {
        const role = roleNames[e.target.dataset.revoke] || e.target.dataset.revoke;
        if (!await ask({ title: `Снять роль «${role}»?`, text: `${row.querySelector('td')?.textContent.trim()} `
          + 'потеряет доступ к разделам этой роли при следующем входе.', confirmLabel: 'Снять роль',
          danger: true })) return;
        await api.del(`/api/v1/admin/users/${id}/roles/${e.target.dataset.revoke}`);
        load();
      }
    } catch (err) { status(notice('err', esc(err.message))); }
  });
  document.getElementById('user-rows').addEventListener('change', async (e) => {
    if (!e.target.dataset.hasOwnProperty('grant') || !e.target.value) return;
    const row = e.target.closest('tr');
    const role = e.target.value;
    // a role is a privilege: granting one (the administrator's above all) is confirmed, not done by a select
    const granted = await ask({ title: `Выдать роль «${roleNames[role] || role}»?`, text: `${row.querySelector('td')
      ?.textContent.trim()} получит доступ к разделам этой роли.${role === 'admin' ? ' Администратор управляет '
      + 'всеми пользователями, ролями и данными платформы.' : ''}`, confirmLabel: 'Выдать роль', danger: role
      === 'admin' });
    if (!granted) { e.target.value = ''; return; }
    try { await api.put(`/api/v1/admin/users/${row.dataset.id}/roles/${role}`); load(); }
    catch (err) { status(notice('err', esc(err.message))); }
  });
  const dialog = document.getElementById('edit-dialog');
  const editForm = document.getElementById('edit-user');
  let editing = null;
  async function openEdit(id) {
    editing = await api.get(`/api/v1/admin/users/${id}`);
    for (const k of ['lastName', 'firstName', 'middleName', 'email', 'phone']) editForm.elements[k].value = editing[k]
      || '';
    editForm.querySelector('.form-notice').innerHTML = '';
    dialog.showModal();
  }
  document.getElementById('edit-cancel').addEventListener('click', () => dialog.close());
  handleForm(editForm, async (d) => {
    for (const k of ['middleName', 'phone']) d[k] ??= '';
    await api.patch(`/api/v1/admin/users/${editing.id}`, d, { headers: { 'If-Match': `"${editing.version}"` } });
    dialog.close();
    status(notice('ok', 'Данные сохранены.'));
    load();
  });
  handleForm(document.getElementById('create-user'), async (d) => {
    d.roles = [d.roles];
    const u = await api.post('/api/v1/admin/users', d);
    document.getElementById('create-user').reset();
    status(notice('ok', `Пользователь ${esc(u.email)} создан, письмо для установки пароля отправлено.`));
    load();
  });
  await load();
}

export async function organizations() {
  requireMenu('#/admin/organizations');
  let status = 'pending';
  setMain(`<h1>Организации</h1>
    <nav class="tabs" aria-label="Статус">${[['pending', 'На проверке'], ['approved', 'Одобренные'],
      ['rejected', 'Отклонённые']].map(([s, t]) => `<a href="#" data-status="${s}">${t}</a>`).join('')}</nav>
    <div id="org-status" aria-live="polite"></div><div id="org-list"></div>
    <dialog id="reject-dialog"><form id="reject-form" method="dialog" novalidate><h2>Отклонить регистрацию</h2><div
      class="form-notice"></div>
      ${field('comment', 'Причина (её увидит заявитель)', { required: true })}
      <div class="actions"><button class="btn danger" type="submit">Отклонить</button><button class="btn secondary"
        type="button" id="reject-cancel">Отмена</button></div></form></dialog>`,
    'Организации на проверке');
  const dialog = document.getElementById('reject-dialog');
  let rejecting = null;
  async function load() {
    document.querySelectorAll('.tabs a').forEach((a) => {
      if (a.dataset.status === status) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    const page = await api.get(`/api/v1/admin/organizations?status=${status}&limit=100`);
    document.getElementById('org-list').innerHTML = page.items.map((o) => `<article class="card" data-id="${o.id}">
      <h2>${esc(o.shortName)} <span class="badge">${o.kind === 'employer' ? 'Работодатель'
        : 'Образовательная организация'}</span></h2>
      <p>${esc(o.fullName)}</p>
      <p>ИНН ${esc(o.inn)}${o.kpp ? `, КПП ${esc(o.kpp)}`
        : ''}, ОГРН ${esc(o.ogrn)}<br>${esc(o.address)}<br>${esc(o.phone)}, ${esc(o.email)}</p>
      <p class="muted">Заявитель: ${esc(o.applicant || '—')} · ${fmtDate(o.createdAt)}</p>
      ${o.moderationComment ? `<p>Комментарий: ${esc(o.moderationComment)}</p>` : ''}
      ${o.status === 'pending'
        ? '<div class="actions"><button class="btn" data-approve>Одобрить</button>'
          + '<button class="btn danger" data-reject>Отклонить</button></div>' : ''}
      </article>`).join('') || '<p class="muted">Нет организаций в этом статусе.</p>';
  }
  document.querySelector('.tabs').addEventListener('click',
    (e) => { const s = e.target.dataset.status; if (s) { e.preventDefault(); status = s; load(); } });
  document.getElementById('org-list').addEventListener('click', async (e) => {
    const id = e.target.closest('[data-id]')?.dataset.id;
    if (e.target.hasAttribute('data-approve')) {
      try { await api.post(`/api/v1/admin/organizations/${id}/approve`);
        document.getElementById('org-status').innerHTML = notice('ok',
        'Организация одобрена, заявителю отправлено уведомление.'); load(); }
      catch (err) { document.getElementById('org-status').innerHTML = notice('err', esc(err.message)); }
    } else if (e.target.hasAttribute('data-reject')) { rejecting = id; dialog.showModal(); }
  });
  document.getElementById('reject-cancel').addEventListener('click', () => dialog.close());
  handleForm(document.getElementById('reject-form'), async (d) => {
    await api.post(`/api/v1/admin/organizations/${rejecting}/reject`, { comment: d.comment || '' });
    dialog.close();
    document.getElementById('org-status').innerHTML = notice('ok',
      'Регистрация отклонена, заявителю отправлено уведомление.');
    load();
  });
  await load();
}
