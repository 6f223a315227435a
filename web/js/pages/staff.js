// An organization's accounts (seed 000 «Аккаунты»): list, add with roles, remove.
import { api, currentUser, downloadCSV } from '../api.js';
import { esc, field, handleForm, notice, roleNames, layout } from '../ui.js';

export async function page(orgId) {
  const user = currentUser();
  const org = user.organizations.find((o) => o.id.toLowerCase() === orgId.toLowerCase());
  const canManage = user.roles.includes('admin') || org?.level === 'admin';
  const staffRoles = org?.kind === 'employer' ? ['employer', 'expert'] : ['teacher', 'developer', 'expert',
    'contractor'];
  layout(`<h1>Сотрудники${org ? `: ${esc(org.shortName)}` : ''}</h1>
    <div id="staff-status" aria-live="polite"></div>
    ${canManage ? `<details class="card"><summary><strong>Добавить аккаунт</strong></summary>
      <form id="staff-form" novalidate><div class="form-notice"></div>
        <div class="row">${field('lastName', 'Фамилия', { required: true })}${field('firstName', 'Имя',
          { required: true })}${field('middleName', 'Отчество')}</div>
        <div class="row">${field('email', 'Электронная почта', { type: 'email', required: true })}${field('position',
          'Должность')}</div>
        <fieldset><legend>Группы (роли) <span class="req">*</span></legend>
          ${staffRoles.map((r) => `<label class="check"><input type="checkbox" name="role"
            value="${r}"> ${esc(roleNames[r])}</label>`).join('')}
          <div class="error" id="f-roles-err" role="alert"></div></fieldset>
        <p class="hint">Сотрудник получит письмо с логином и ссылкой для установки пароля.</p>
        <button class="btn" type="submit">Добавить</button></form></details>` : ''}
    <div class="actions spaced"><button class="btn secondary" id="csv">Выгрузить CSV</button></div>
    <table class="list"><thead><tr><th>Сотрудник</th><th>Должность</th><th>Роли</th><th></th></tr></thead><tbody
      id="staff-rows"></tbody></table>`, 'Сотрудники');
  const status = (h) => { document.getElementById('staff-status').innerHTML = h; };
  async function load() {
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
  document.getElementById('staff-rows').addEventListener('click', async (e) => {
    if (!e.target.hasAttribute('data-remove')) return;
    if (!confirm('Удалить аккаунт из организации?')) return;
    try { await api.del(`/api/v1/organizations/${orgId}/staff/${e.target.closest('tr').dataset.id}`);
      status(notice('ok', 'Аккаунт удалён из организации.')); load(); }
    catch (err) { status(notice('err', esc(err.message))); }
  });
  const form = document.getElementById('staff-form');
  if (form) handleForm(form, async (d) => {
    d.roles = [...form.querySelectorAll('input[name="role"]:checked')].map((i) => i.value);
    delete d.role;
    const m = await api.post(`/api/v1/organizations/${orgId}/staff`, d);
    form.reset();
    status(notice('ok', `Аккаунт ${esc(m.email)} добавлен, письмо отправлено.`));
    load();
  });
  await load();
}
