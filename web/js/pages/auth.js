// Login, the two registration forms, e-mail confirmation and password recovery.
import { api, login as doLogin } from '../api.js';
import { field, handleForm, setMain, notice, queryParams, esc } from '../ui.js';

const go = (p) => { location.hash = '#' + p; };

export function login() {
  setMain(`<div class="card narrow"><h1>Вход</h1>
    <form id="login-form" novalidate>
      <div class="form-notice"></div>
      ${field('email', 'Электронная почта', { type: 'email', required: true, autocomplete: 'username' })}
      ${field('password', 'Пароль', { type: 'password', required: true, autocomplete: 'current-password' })}
      <button class="btn" type="submit">Войти</button>
      <p><a href="#/forgot">Забыли пароль?</a> · <a href="#/register">Регистрация</a></p>
    </form></div>`, 'Вход');
  const form = document.getElementById('login-form');
  handleForm(form, async (d) => {
    try { await doLogin(d.email || '', d.password || ''); }
    catch (err) {
      if (err.problem?.code === 'email_not_confirmed') {
        err.message = 'Адрес не подтверждён. Откройте ссылку из письма.';
        const box = form.querySelector('.form-notice');
        setTimeout(() => {
          box.insertAdjacentHTML('beforeend',
            '<button type="button" class="btn secondary small" id="resend">Отправить письмо ещё раз</button>');
          box.querySelector('#resend').onclick = async () => { await api.post('/api/v1/auth/confirm-email/resend',
            { email: d.email }); box.innerHTML = notice('ok', 'Письмо отправлено повторно.'); };
        });
      }
      throw err;
    }
    const next = sessionStorage.getItem('afterLogin');
    sessionStorage.removeItem('afterLogin');
    location.hash = next || '#/cabinet';
  });
}

export function registerLearner() {
  setMain(`<div class="card narrow"><h1>Регистрация обучающегося</h1>
    <p class="muted">Организациям — <a href="#/register/organization">отдельная форма</a>.</p>
    <form id="register-form" novalidate>
      <div class="form-notice"></div>
      <div class="row">${field('lastName', 'Фамилия', { required: true,
        autocomplete: 'family-name' })}${field('firstName', 'Имя', { required: true,
        autocomplete: 'given-name' })}</div>
      ${field('middleName', 'Отчество', { autocomplete: 'additional-name' })}
      ${field('email', 'Электронная почта', { type: 'email', required: true, autocomplete: 'email',
        hint: 'Станет логином; на неё придёт ссылка для подтверждения' })}
      ${field('password', 'Пароль', { type: 'password', required: true, autocomplete: 'new-password',
        hint: 'Не менее 8 символов; не берите распространённые пароли вроде qwerty123' })}
      <div class="row">${field('phone', 'Телефон', { type: 'tel', autocomplete: 'tel',
        hint: '+7 (XXX) XXX-XX-XX' })}${field('birthDate', 'Дата рождения', { type: 'date',
        autocomplete: 'bday' })}</div>
      ${field('snils', 'СНИЛС', { hint: 'XXX-XXX-XXX YY — нужен для документов об обучении',
        attrs: 'inputmode="numeric"' })}
      ${field('personalDataConsent', 'Я даю согласие на обработку персональных данных (152-ФЗ)', { type: 'checkbox',
        required: true })}
      <button class="btn" type="submit">Зарегистрироваться</button>
    </form></div>`, 'Регистрация');
  handleForm(document.getElementById('register-form'), async (d) => {
    d.personalDataConsent = d.personalDataConsent === true;
    await api.post('/api/v1/auth/register/learner', d);
    setMain(`<div class="card narrow"><h1>Проверьте почту</h1>${notice('ok',
      `Мы отправили письмо на <strong>${esc(d.email)}</strong>. Откройте ссылку из письма, чтобы подтвердить адрес,
        затем войдите.`)}
      <a class="btn" href="#/login">Ко входу</a></div>`, 'Проверьте почту');
  });
}

export function registerOrganization() {
  setMain(`<div class="card"><h1>Регистрация организации</h1>
    <p class="muted">После проверки модератором ЦОПП организация получит доступ к личному кабинету.</p>
    <form id="org-form" novalidate>
      <div class="form-notice"></div>
      <fieldset class="card"><legend><strong>Организация</strong></legend>
        ${field('organization.kind', 'Тип', { required: true, options: [['contractor',
          'Образовательная организация (подрядчик)'], ['employer', 'Работодатель / заказчик']] })}
        ${field('organization.fullName', 'Полное наименование', { required: true })}
        ${field('organization.shortName', 'Краткое наименование', { required: true })}
        <div class="row">
          ${field('organization.inn', 'ИНН', { required: true, attrs: 'inputmode="numeric" maxlength="12"' })}
          ${field('organization.kpp', 'КПП', { hint: 'Обязателен для юридических лиц', attrs: 'maxlength="9"' })}
          ${field('organization.ogrn', 'ОГРН / ОГРНИП', { required: true,
            attrs: 'inputmode="numeric" maxlength="15"' })}
        </div>
        ${field('organization.address', 'Адрес', { required: true, autocomplete: 'street-address' })}
        <div class="row">${field('organization.phone', 'Телефон', { type: 'tel',
          required: true })}${field('organization.email', 'Электронная почта организации', { type: 'email',
          required: true })}</div>
      </fieldset>
      <fieldset class="card"><legend><strong>Представитель (первая учётная запись)</strong></legend>
        <div class="row">${field('account.lastName', 'Фамилия', { required: true })}${field('account.firstName', 'Имя',
          { required: true })}${field('account.middleName', 'Отчество')}</div>
        <div class="row">${field('account.email', 'Электронная почта (логин)', { type: 'email', required: true,
          autocomplete: 'email' })}
        ${field('account.password', 'Пароль', { type: 'password', required: true, autocomplete: 'new-password',
          hint: 'Не менее 8 символов; не берите распространённые пароли вроде qwerty123' })}</div>
        ${field('personalDataConsent', 'Согласен на обработку персональных данных (152-ФЗ)', { type: 'checkbox',
          required: true })}
      </fieldset>
      <button class="btn" type="submit">Отправить на проверку</button>
    </form></div>`, 'Регистрация организации');
  handleForm(document.getElementById('org-form'), async (d) => {
    const r = await api.post('/api/v1/auth/register/organization', d);
    setMain(`<div class="card narrow"><h1>Заявка отправлена</h1>${notice('ok',
      'Организация зарегистрирована и ожидает проверки модератором. Подтвердите адрес по ссылке из письма; '
        + 'о решении модератора мы сообщим по почте.')}
      <p class="muted">Номер заявки: ${esc(r.organizationId)}</p><a class="btn" href="#/login">Ко входу</a></div>`,
        'Заявка отправлена');
  });
}

export async function confirmEmail() {
  const token = queryParams().get('token');
  setMain('<div class="card narrow"><h1>Подтверждение адреса</h1><p>Проверяем ссылку…</p></div>',
    'Подтверждение адреса');
  try {
    await api.post('/api/v1/auth/confirm-email', { token });
    setMain(`<div class="card narrow"><h1>Адрес подтверждён</h1>${notice('ok', 'Спасибо! Теперь вы можете войти.')}<a
      class="btn" href="#/login">Войти</a></div>`, 'Адрес подтверждён');
  } catch (err) {
    setMain(`<div class="card narrow"><h1>Ссылка недействительна</h1>${notice('err', esc(err.fieldErrors?.[0]?.message
      || err.message))}
      <p>Войдите с вашим адресом — мы предложим отправить новое письмо.</p><a class="btn"
        href="#/login">Ко входу</a></div>`, 'Ссылка недействительна');
  }
}

export function forgot() {
  setMain(`<div class="card narrow"><h1>Восстановление пароля</h1>
    <form id="forgot-form" novalidate><div class="form-notice"></div>
      ${field('email', 'Электронная почта', { type: 'email', required: true, autocomplete: 'email' })}
      <button class="btn" type="submit">Отправить ссылку</button></form></div>`, 'Восстановление пароля');
  handleForm(document.getElementById('forgot-form'), async (d) => {
    await api.post('/api/v1/auth/password-reset/request', d);
    document.querySelector('#forgot-form .form-notice').innerHTML = notice('ok',
      'Если такой адрес зарегистрирован, на него отправлена ссылка для смены пароля. Она действует 2 часа.');
  });
}

export function resetPassword() {
  const token = queryParams().get('token') || '';
  const first = location.hash.startsWith('#/set-password');
  setMain(`<div class="card narrow"><h1>${first ? 'Задайте пароль' : 'Новый пароль'}</h1>
    <form id="reset-form" novalidate><div class="form-notice"></div>
      <input type="hidden" name="token" value="${esc(token)}">
      <div class="error" id="f-token-err" role="alert"></div>
      ${field('newPassword', 'Новый пароль', { type: 'password', required: true, autocomplete: 'new-password',
        hint: 'Не менее 8 символов; не берите распространённые пароли вроде qwerty123' })}
      <button class="btn" type="submit">Сохранить пароль</button></form></div>`, 'Пароль');
  handleForm(document.getElementById('reset-form'), async (d) => {
    await api.post('/api/v1/auth/password-reset/confirm', d);
    setMain(`<div class="card narrow"><h1>Пароль сохранён</h1>${notice('ok', 'Теперь войдите с новым паролем.')}<a
      class="btn" href="#/login">Войти</a></div>`, 'Пароль сохранён');
  });
}

export { go };
