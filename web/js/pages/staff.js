// An organization's accounts (seed 000 «Аккаунты»): list, add with roles (a registered person is invited and joins
// when they accept — seed 004 §1), remove; and the invited person's answer.
import { api, currentUser, downloadCSV, loadProfile } from '../api.js';
import { esc, field, handleForm, notice, roleNames, fmtDate, setMain, ask } from '../ui.js';
import { requireOrganization } from '../shell.js';

export async function page(orgId) {
  requireOrganization(orgId);
  const user = currentUser();
  const org = user.organizations.find((o) => o.id.toLowerCase() === orgId.toLowerCase());
  const canManage = user.roles.includes('admin') || org?.level === 'admin';
  // the roles given follow the organization's ticked roles (OrganizationRole.staffRoles)
  const ticked = org?.roles || [org?.kind];
  const staffRoles = [...new Set([
    ...(ticked.includes('contractor') ? ['teacher', 'developer', 'expert', 'contractor'] : []),
    ...(ticked.some((r) => r === 'employer' || r === 'customer') ? ['employer', 'expert'] : [])])];
  setMain(`<h1>Сотрудники${org ? `: ${esc(org.shortName)}` : ''}</h1>
    <div id="staff-status" aria-live="polite"></div>
    ${canManage ? `<details class="card"><summary><strong>Добавить аккаунт</strong></summary>
      <form id="staff-form" novalidate><div class="form-notice"></div>
        <div class="row">${field('email', 'Электронная почта', { type: 'email', required: true })}${field('position',
          'Должность')}</div>
        <div class="row">${field('lastName', 'Фамилия')}${field('firstName', 'Имя')}${field('middleName',
          'Отчество')}</div>
        <fieldset><legend>Группы (роли) <span class="req">*</span></legend>
          <div class="role-list">${staffRoles.map((r) => `<label class="check"><input type="checkbox" name="role"
            value="${r}"> ${esc(roleNames[r])}</label>`).join('')}</div>
          <div class="error" id="f-roles-err" role="alert"></div></fieldset>
        <p class="hint">Если у человека ещё нет учётной записи, укажите ФИО: он получит письмо со ссылкой для установки
          пароля. Если он уже зарегистрирован на платформе, ему придёт приглашение; сотрудником он станет, когда примет
          его в личном кабинете.</p>
        <button class="btn" type="submit">Добавить</button></form></details>` : ''}
    ${canManage ? '<div id="invitations"></div>' : ''}
    <div class="actions spaced"><button class="btn secondary" id="csv">Выгрузить CSV</button></div>
    <table class="list"><thead><tr><th>Сотрудник</th><th>Должность</th><th>Роли</th><th></th></tr></thead><tbody
      id="staff-rows"></tbody></table>`, 'Сотрудники');
  const status = (h) => { document.getElementById('staff-status').innerHTML = h; };
  async function load() {
    if (canManage) {
      const open = await api.get(`/api/v1/organizations/${orgId}/staff-invitations`);
      document.getElementById('invitations').innerHTML = open.items.length ? `<div class="card"><h2>Ждут
        ответа</h2><ul>${open.items.map((i) => `<li data-invitation="${i.id}">${esc(i.name)} <span
        class="muted">${esc(i.email)}</span> — ${i.roles.map((r) => esc(roleNames[r] || r)).join(', ')}, до
        ${fmtDate(i.expiresAt)} <button class="btn small secondary" data-withdraw>Отозвать</button></li>`)
        .join('')}</ul></div>` : '';
    }
    const list = await api.get(`/api/v1/organizations/${orgId}/staff`);
    document.getElementById('staff-rows').innerHTML = list.items.map((m) => `<tr data-id="${m.userId}">
      <td data-label="Сотрудник">${esc(m.lastName)} ${esc(m.firstName)} ${esc(m.middleName || '')}<br><span
        class="muted">${esc(m.email)}</span>
        ${m.level === 'admin' ? '<span class="badge">администратор</span>' : ''}${m.emailConfirmed ? ''
          : '<span class="badge wait">пароль не задан</span>'}</td>
      <td data-label="Должность">${esc(m.position || '')}</td>
      <td data-label="Роли">${m.roles.map((r) => `<span class="badge">${esc(roleNames[r] || r)}</span>`).join('')}</td>
      <td>${canManage ? '<button class="btn small danger" data-remove>Удалить</button>' : ''}</td></tr>`).join('');
  }
  document.getElementById('csv').addEventListener('click', () => downloadCSV(`/api/v1/organizations/${orgId}/staff`,
    'staff.csv'));
  document.getElementById('invitations')?.addEventListener('click', async (e) => {
    if (!e.target.hasAttribute('data-withdraw')) return;
    try {
      await api.del(`/api/v1/organizations/${orgId}/staff-invitations/${e.target.closest('li').dataset.invitation}`);
      status(notice('ok', 'Приглашение отозвано.'));
      load();
    } catch (err) { status(notice('err', esc(err.message))); }
  });
  document.getElementById('staff-rows').addEventListener('click', async (e) => {
    if (!e.target.hasAttribute('data-remove')) return;
    if (!await ask({ title: 'Удалить аккаунт из организации?', text: 'Человек потеряет доступ к разделам организации.',
      confirmLabel: 'Удалить', danger: true })) return;
    try { await api.del(`/api/v1/organizations/${orgId}/staff/${e.target.closest('tr').dataset.id}`);
      status(notice('ok', 'Аккаунт удалён из организации.')); load(); }
    catch (err) { status(notice('err', esc(err.message))); }
  });
  const form = document.getElementById('staff-form');
  if (form) handleForm(form, async (d) => {
    status('');  // the previous answer is not this one's
    d.roles = [...form.querySelectorAll('input[name="role"]:checked')].map((i) => i.value);
    delete d.role;
    const m = await api.post(`/api/v1/organizations/${orgId}/staff`, d);
    form.reset();
    status(notice('ok', m.userId ? `Аккаунт ${esc(m.email)} добавлен, письмо отправлено.`
      : `${esc(m.name)} (${esc(m.email)}) уже зарегистрирован(а): приглашение отправлено. Сотрудником он(а) станет,
        когда примет его.`));
    load();
  });
  await load();
}

/** The invited person's side: open invitations with «Принять» / «Отклонить». */
export async function mine() {
  const open = await api.get('/api/v1/me/staff-invitations');
  setMain(`<h1>Приглашения в организации</h1><div id="inv-status" aria-live="polite"></div><div id="inv-list">
    ${open.items.map((i) => `<div class="card" data-id="${i.id}"><h2>${esc(i.organization.shortName)}</h2>
      <p>Вас приглашают сотрудником${i.position ? ` (${esc(i.position)})` : ''} с ролями:
        ${i.roles.map((r) => `<span class="badge">${esc(roleNames[r] || r)}</span>`).join('')}</p>
      <p class="muted">Пригласил(а): ${esc(i.invitedBy || '—')} · действует до ${fmtDate(i.expiresAt)}</p>
      <div class="actions"><button class="btn" data-answer="accept">Принять</button><button class="btn secondary"
        data-answer="decline">Отклонить</button></div></div>`).join('')
      || '<p class="muted">Открытых приглашений нет.</p>'}</div>`, 'Приглашения');
  document.getElementById('inv-list').addEventListener('click', async (e) => {
    const answer = e.target.dataset.answer;
    if (!answer) return;
    const card = e.target.closest('[data-id]');
    try {
      await api.post(`/api/v1/me/staff-invitations/${card.dataset.id}/${answer}`);
      if (answer === 'accept') {
        await loadProfile();
        await mine();  // drawn again: the cabinet menu now has the organization's sections
      } else {
        card.remove();
      }
      document.getElementById('inv-status').innerHTML = notice('ok', answer === 'accept'
        ? 'Приглашение принято: разделы организации появились в меню кабинета.' : 'Приглашение отклонено.');
    } catch (err) { document.getElementById('inv-status').innerHTML = notice('err', esc(err.message)); }
  });
}
