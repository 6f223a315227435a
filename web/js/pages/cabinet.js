// Personal cabinet: menu by roles, overview blocks (seed 004), profile, inbox, password.
import { api, currentUser, loadProfile, login } from '../api.js';
import { esc, field, handleForm, setMain, notice, roleNames, orgStatusNames, fmtDate } from '../ui.js';

export async function overview() {
  const user = currentUser();
  const [inbox, invitations] = await Promise.all([api.get('/api/v1/me/messages?limit=3'),
    api.get('/api/v1/me/staff-invitations')]);
  const orgs = user.organizations.map((o) => `<li>${esc(o.shortName)} <span class="badge ${o.status === 'approved'
    ? 'good' : o.status === 'pending' ? 'wait' : 'bad'}">${orgStatusNames[o.status]}</span>
      ${o.level === 'admin' ? '<span class="badge">администратор</span>' : ''}</li>`).join('');
  setMain(`<h1>Личный кабинет</h1>
    <p>Здравствуйте, ${esc(user.firstName)}! Ваши роли: ${user.roles.map((r) => `<span class="badge">${esc(roleNames[r]
      || r)}</span>`).join('')}</p>
    ${user.organizations.some((o) => o.status === 'pending') ? notice('warn',
      'Организация проверяется модератором ЦОПП. После одобрения станут доступны её разделы.') : ''}
    ${invitations.items.length ? notice('warn', `Вас приглашают в организацию: ${invitations.items.map((i) =>
      esc(i.organization.shortName)).join(', ')}. <a href="#/invitations">Ответить на приглашение</a>`) : ''}
    <div class="grid">
      <div class="card"><h2>Мои сообщения</h2><p>Непрочитанных: <strong>${inbox.unread}</strong></p>
        <ul>${inbox.items.map((m) => `<li>${esc(m.subject)}</li>`).join('')
          || '<li class="muted">Сообщений нет</li>'}</ul>
        <a href="#/cabinet/messages">Все сообщения</a></div>
      <div class="card"><h2>Мои организации</h2>${orgs ? `<ul>${orgs}</ul>`
        : '<p class="muted">Вы не состоите в организациях.</p>'}</div>
      <div class="card"><h2>Мой профиль</h2><p>${esc(user.lastName)} ${esc(user.firstName)} ${esc(user.middleName
        || '')}<br>${esc(user.email)}</p>
        <a href="#/cabinet/profile">Изменить</a></div>
    </div>`, 'Личный кабинет');
}

export async function profile() {
  const me = await loadProfile();
  setMain(`<h1>Мой профиль</h1><div class="card narrow"><form id="profile-form" novalidate><div
    class="form-notice"></div>
      <p><strong>Электронная почта:</strong> ${esc(me.email)}</p>
      <div class="row">${field('lastName', 'Фамилия', { required: true, value: me.lastName })}${field('firstName',
        'Имя', { required: true, value: me.firstName })}</div>
      ${field('middleName', 'Отчество', { value: me.middleName || '' })}
      <div class="row">${field('phone', 'Телефон', { type: 'tel', value: me.phone || '' })}${field('birthDate',
        'Дата рождения', { type: 'date', value: me.birthDate || '' })}</div>
      ${field('snils', 'СНИЛС', { value: me.snils || '' })}
      <button class="btn" type="submit">Сохранить</button></form></div>`, 'Мой профиль');
  const form = document.getElementById('profile-form');
  handleForm(form, async (d) => {
    for (const k of ['middleName', 'phone', 'birthDate', 'snils']) d[k] ??= '';
    await api.patch('/api/v1/me', d, { headers: { 'If-Match': `"${me.version}"` } });
    await profile();
    document.querySelector('#profile-form .form-notice').innerHTML = notice('ok', 'Изменения сохранены.');
  });
}

export async function messages(cursor = null) {
  const page = await api.get('/api/v1/me/messages?limit=20' + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
  setMain(`<h1>Мои сообщения</h1><p class="muted">Непрочитанных: ${page.unread}</p>
    ${page.items.map((m) => `<article class="card message${m.read ? '' : ' unread'}" data-id="${m.id}">
      <h3>${esc(m.subject)}</h3><p class="muted">${fmtDate(m.createdAt)}</p><p class="prose">${esc(m.body)}</p>
      <div class="actions">${m.link ? `<a class="btn small secondary" href="${esc(m.link)}">Открыть</a>` : ''}
      ${m.read ? '' : '<button class="btn small" data-read>Отметить прочитанным</button>'}</div></article>`).join('')
        || '<p class="muted">Сообщений нет.</p>'}
    ${page.nextCursor ? '<div class="pager"><button class="btn secondary" id="more">Показать ещё</button></div>'
      : ''}`, 'Мои сообщения');
  document.querySelectorAll('[data-read]').forEach((b) => b.addEventListener('click', async () => {
    await api.post(`/api/v1/me/messages/${b.closest('[data-id]').dataset.id}/read`);
    messages(cursor);
  }));
  document.getElementById('more')?.addEventListener('click', () => messages(page.nextCursor));
}

export function password() {
  setMain(`<h1>Смена пароля</h1><div class="card narrow"><form id="password-form" novalidate><div
    class="form-notice"></div>
      ${field('currentPassword', 'Текущий пароль', { type: 'password', required: true,
        autocomplete: 'current-password' })}
      ${field('newPassword', 'Новый пароль', { type: 'password', required: true, autocomplete: 'new-password',
        hint: 'Не менее 8 символов; не берите распространённые пароли вроде qwerty123' })}
      <button class="btn" type="submit">Сменить пароль</button></form></div>`, 'Смена пароля');
  const form = document.getElementById('password-form');
  handleForm(form, async (d) => {
    const email = currentUser().email;
    await api.post('/api/v1/me/password', d);
    await login(email, d.newPassword);  // every session ended with the change, this one continues with the new password
    form.reset();
    form.querySelector('.form-notice').innerHTML = notice('ok',
      'Пароль изменён. На других устройствах потребуется войти заново.');
  });
}
