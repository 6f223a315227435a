// Applications (SPEC §7): the learner's own, and the desk where an organization or ЦОПП works them with the buttons of
// seed 000 «Обработка заявок» — each asks only for what its step needs.
import { api, currentUser, downloadCSV } from '../api.js';
import { inMenu, requireMenu } from '../shell.js';
import { documentButtons, wireDocuments } from '../documents.js';
import { esc, field, handleForm, notice, setMain, fmtDate, queryParams, applicationStatusNames } from '../ui.js';

const statusBadge = (s) => `<span class="badge ${['completed', 'confirmed', 'studying'].includes(s) ? 'good'
  : ['cancelled', 'expelled'].includes(s) ? 'bad' : 'wait'}">${applicationStatusNames[s] || s}</span>`;
const actionNames = {
  postpone: 'Отложить', resume: 'Вернуть в работу', cancel: 'Отменить', withdraw: 'Отозвать заявку',
    confirm: 'Подтвердить запись', waitlist: 'В лист ожидания',
  enroll: 'Обучается (зачислить)', complete: 'Завершить обучение', expel: 'Отчислить',
};
// what a step's details say, as the history shows them
const detailNames = { group: 'группа ', position: 'место в очереди: ', until: 'до ', reason: 'причина: ',
  batch: 'пакетная заявка № ',
  orderNumber: 'приказ № ', orderDate: 'от ', document: '' };
const fmtDay = (d) => d ? d.split('-').reverse().join('.') : '';

/// The learner's applications with their history.
export async function mine() {
  const list = await api.get('/api/v1/me/applications?limit=200');
  setMain(`<h1>Мои заявки</h1>
    ${list.items.length ? ''
      : '<p class="muted">Заявок пока нет. Найдите программу в <a href="#/catalog">каталоге</a> '
        + 'и нажмите «Записаться».</p>'}
    <table class="list"><thead><tr><th>№</th><th>Программа</th><th>Статус</th><th>Группа</th></tr></thead><tbody>
    ${list.items.map((a) => `<tr><td data-label="№"><a href="#/my/applications/${a.id}">${a.number}</a></td>
      <td data-label="Программа"><a href="#/catalog/${a.program.id}">${esc(a.program.fullName)}</a><br><span
        class="muted">${esc(a.organization.shortName)} · ${fmtDate(a.createdAt)}</span></td>
      <td data-label="Статус">${statusBadge(a.status)}${a.postponedUntil ? `<br><span
        class="muted">до ${fmtDay(a.postponedUntil)}</span>` : ''}${a.waitlistPosition ? `<br><span
        class="muted">место в очереди: ${a.waitlistPosition}</span>` : ''}</td>
      <td data-label="Группа">${a.group ? esc(a.group.name) : ''}</td></tr>`).join('')}</tbody></table>`, 'Мои заявки');
}

/// The group's page is the college's (and the region's); a learner or an employer following a batch gets the group's
/// name and dates, not a link they could not open.
const readsGroupOf = (user, orgId) => user.roles.some((r) => ['admin', 'copp_staff', 'moderator', 'coordinator']
  .includes(r)) || user.organizations.some((o) => o.id.toLowerCase() === String(orgId || '').toLowerCase());

/// The desk: filters, keyset pages, CSV.
export async function desk() {
  const q = queryParams();
  const params = new URLSearchParams();
  for (const k of ['status', 'q', 'from', 'to', 'programId', 'groupId', 'batchId']) if (q.get(k)) params.set(k,
    q.get(k));
  params.set('limit', '50');
  if (q.get('cursor')) params.set('cursor', q.get('cursor'));
  // the desk is the college's; an employer reads it only for a batch it sent (the batch's people)
  const batch = q.get('batchId') ? await api.get(`/api/v1/application-batches/${q.get('batchId')}`) : null;
  if (!batch) requireMenu('#/applications');
  const list = await api.get(`/api/v1/applications?${params}`);
  const statusOptions = [['', 'Все статусы'], ...Object.entries(applicationStatusNames)];
  const filtered = ['status', 'q', 'from', 'to'].some((k) => q.get(k));
  const user = currentUser();
  const title = batch ? `Пакет № ${batch.number}: заявки` : 'Заявки на обучение';
  setMain(`<h1>${esc(title)}</h1>${batch ? `<p class="muted">${esc(batch.program.fullName)} · от
    ${esc(batch.organization.shortName)}</p>` : ''}
    <details class="card filter-box"${filtered || matchMedia('(min-width: 761px)').matches ? ' open'
      : ''}><summary><strong>Поиск
      и фильтры</strong>${filtered ? ' <span class="badge">заданы</span>' : ''}</summary>
    <form id="filter" class="filters" role="search">
      <div class="row">${field('q', 'ФИО заявителя', { value: q.get('q') || '' })}${field('status', 'Статус',
        { options: statusOptions, value: q.get('status') || '' })}</div>
      <div class="row">${field('from', 'Подана с', { type: 'date', value: q.get('from') || '' })}${field('to', 'по',
        { type: 'date', value: q.get('to') || '' })}</div>
      <button class="btn" type="submit">Найти</button> <button class="btn secondary" type="button"
        id="csv">Выгрузить CSV</button></form></details>
    <table class="list"
      id="applications"><thead><tr><th>№</th><th>Заявитель</th><th>Программа</th><th>Статус</th><th>Группа</th></tr>
      </thead><tbody>
    ${list.items.map((a) => `<tr><td data-label="№"><a href="#/applications/${a.id}">${a.number}</a></td>
      <td data-label="Заявитель">${esc(a.name)}<br><span class="muted">${esc(a.email)}${a.position
        ? ' · ' + esc(a.position) : ''}</span></td>
      <td data-label="Программа">${esc(a.program.fullName)}<br><span class="muted">${fmtDate(a.createdAt)}</span></td>
      <td data-label="Статус">${statusBadge(a.status)}</td><td data-label="Группа">${a.group ? readsGroupOf(user,
        a.organization?.id) ? `<a href="#/groups/${a.group.id}">${esc(a.group.name)}</a>` : esc(a.group.name)
        : ''}</td></tr>`).join('')
      || '<tr><td colspan="5" class="muted">Заявок не найдено. Измените фильтры; новые заявки появятся здесь,'
        + ' когда люди запишутся на ваши программы в каталоге.</td></tr>'}</tbody></table>
    ${list.nextCursor ? `<p><a class="btn secondary"
      href="#/applications?${new URLSearchParams({ ...Object.fromEntries(params),
      cursor: list.nextCursor })}">Следующая страница →</a></p>` : ''}`,
  title, { section: batch && !inMenu('#/applications') ? '#/application-batches' : null });
  document.getElementById('filter').addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v));
    if (q.get('batchId')) d.set('batchId', q.get('batchId'));  // a search inside a batch stays in it
    location.hash = `#/applications?${d}`;
  });
  document.getElementById('csv').addEventListener('click',
    () => { params.delete('cursor'); params.delete('limit'); downloadCSV(`/api/v1/applications?${params}`,
    'applications.csv'); });
}

/// The fields each step asks for.
async function actionForm(action, app) {
  switch (action) {
    case 'postpone':
      return field('until', 'Отложить до', { type: 'date', required: true }) + field('comment', 'Комментарий',
        { type: 'textarea', required: true });
    case 'cancel': {
      const reasons = await api.get('/api/v1/directories/cancellation_reasons?limit=100');
      return field('reasonId', 'Причина отмены', { required: true, options: [['', '— выберите —'],
        ...reasons.items.map((r) => [r.id, r.name])] })
        + field('comment', 'Комментарий', { type: 'textarea', required: true });
    }
    case 'confirm':
    case 'waitlist': {
      // a waitlisted application is confirmed into its own group
      if (action === 'confirm' && app.status === 'waitlisted') {
        return `<p>Заявка будет записана в группу «${esc(app.group.name)}», если в ней есть место.</p>`;
      }
      const groups = await api.get(`/api/v1/groups?programId=${app.program.id}&limit=200`);
      // groups still taking learners; of them, those with a place (confirm) or full (waitlist)
      const taking = groups.items.filter((g) => ['not_formed', 'formed'].includes(g.status));
      const open = taking.filter((g) => (action === 'confirm' ? g.learners < g.maxSize : g.learners >= g.maxSize));
      const noGroup = 'У программы нет групп, которые набирают слушателей: <a href="#/groups">создайте группу</a>, '
        + 'затем вернитесь к заявке.';
      return field('groupId', 'Группа', { required: true, options: [['', '— выберите группу —'],
        ...open.map((g) => [g.id,
        `${g.name} (${fmtDay(g.startsOn)}–${fmtDay(g.endsOn)}, ${g.learners} из ${g.maxSize})`])],
        hint: !taking.length ? noGroup : action === 'waitlist'
          ? (open.length ? 'Заполненные группы: заявка встанет в очередь и будет записана, когда место освободится'
            : 'Во всех группах есть места: <button class="link" type="button" data-switch="confirm">подтвердите '
              + 'запись</button>')
          : open.length ? '' : 'Свободных мест в группах нет: <button class="link" type="button" '
            + 'data-switch="waitlist">поставить заявку в лист ожидания</button> или <a href="#/groups">создать '
            + 'группу</a>'
      });
    }
    case 'enroll':
      return `<div class="row">${field('orderNumber', 'Номер приказа о зачислении',
        { required: true })}${field('orderDate', 'Дата приказа', { type: 'date', required: true })}</div>`;
    case 'expel':
      return `<div class="row">${field('orderNumber', 'Номер приказа об отчислении',
        { required: true })}${field('orderDate', 'Дата приказа', { type: 'date', required: true })}</div>`
        + field('comment', 'Причина отчисления', { type: 'textarea', required: true });
    case 'complete': {
      const types = await api.get('/api/v1/directories/education_document_types?limit=100');
      return field('result', 'Результат обучения', { required: true, value: 'Освоил программу' })
        + field('documentTypeId', 'Вид документа', { required: true, options: [['', '— выберите —'],
          ...types.items.map((t) => [t.id, t.name])] })
        + `<div class="row">${field('documentSeries', 'Серия')}${field('documentNumber', 'Номер документа',
          { required: true })}</div>`
        + `<div class="row">${field('registrationNumber', 'Регистрационный номер')}${field('issuedOn', 'Дата выдачи',
          { type: 'date', required: true })}</div>`
        + field('sex', 'Пол получателя (для ФИС ФРДО)', { options: [['', '— не указан —'], ['female', 'Женский'],
          ['male', 'Мужской']] });
    }
    default:
      return field('comment', 'Комментарий (необязательно)', { type: 'textarea' });
  }
}

const markNames = { Н: 'отсутствие', Б: 'болезнь', О: 'опоздание' };

/// The learner's own journal: each lesson with its date and mark, the average and the final grade.
function gradesCard(g) {
  const held = g.lessons.filter((l) => l.mark);
  return `<div class="card"><h2>Мои оценки</h2>
    <p>Средний балл: <strong>${g.average == null ? '—' : Number(g.average).toLocaleString('ru-RU')}</strong>
      · Пропуски: <strong>${g.absent + g.sick}</strong>${g.late
      ? ` · Опоздания: <strong>${g.late}</strong>` : ''} · Итоговая оценка: <strong>${esc(g.finalGrade
      || 'ещё нет')}</strong></p>
    ${held.length ? `<table class="list"><thead><tr><th>Дата</th><th>Занятие</th><th>Отметка</th></tr></thead>
      <tbody>${g.lessons.map((l) => `<tr><td>${fmtDay(l.date)} ${l.startTime}</td><td>${esc(l.topic || '')}</td>
      <td>${l.mark ? `<strong>${esc(l.mark)}</strong>${markNames[l.mark] ? ` (${markNames[l.mark]})` : ''}`
        : '<span class="muted">—</span>'}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">Оценок пока нет: они появятся здесь, когда преподаватель заполнит журнал.</p>'}</div>`;
}

/// The application card: applicant, program, status history, action buttons, comments.
export async function card(id) {
  const app = await api.get(`/api/v1/applications/${id}`);
  const user = currentUser();
  const own = app.learnerId === user.id;
  const readsGroup = app.group && readsGroupOf(user, app.organization.id);
  const grades = own && app.group ? await api.get(`/api/v1/applications/${id}/grades`).catch(() => null) : null;
  // the thread is the parties': the applicant and the college (an employer following a batch reads the card only)
  const party = own || readsGroupOf(user, app.organization.id);
  const comments = party ? await api.get(`/api/v1/applications/${id}/comments`).catch(() => null) : null;
  setMain(`<div class="card"><h1>Заявка № ${app.number} ${statusBadge(app.status)}</h1>
      <p><strong>${esc(app.name)}</strong> · ${esc(app.email)}${app.phone ? ' · ' + esc(app.phone) : ''}${app.position
        ? '<br>Должность: ' + esc(app.position) : ''}</p>
      <p>Программа: <a
        href="#/catalog/${app.program.id}">${esc(app.program.fullName)}</a> (${esc(app.organization.shortName)})</p>
      ${app.group ? `<p>Группа: ${readsGroup ? `<a href="#/groups/${app.group.id}">${esc(app.group.name)}</a>`
        : esc(app.group.name)}, ${fmtDay(app.group.startsOn)} — ${fmtDay(app.group.endsOn)}${own ? ` · <a
        href="#/schedule?date=${app.group.startsOn}">Расписание занятий</a>` : ''}</p>` : ''}
      ${app.postponedUntil ? `<p>Отложена до ${fmtDay(app.postponedUntil)}</p>` : ''}
      ${app.waitlistPosition ? `<p>${notice('warn', `Лист ожидания группы: место в очереди —
        <strong>${app.waitlistPosition}</strong>. Когда место освободится, заявка будет записана в группу
        автоматически.`)}</p>` : ''}
      ${app.cancellationReason ? `<p>Причина отмены: ${esc(app.cancellationReason.name)}</p>` : ''}
      ${(app.enrollment || []).map((e) => `<p>${e.kind === 'enrolled' ? 'Зачислен'
        : 'Отчислен'}: приказ № ${esc(e.orderNumber)} от ${fmtDay(e.orderDate)}${e.reason ? ' — ' + esc(e.reason)
        : ''}</p>`).join('')}
      ${app.document ? `<p>Документ: ${esc(app.document.type?.name)} ${esc(app.document.series
        || '')} № ${esc(app.document.number)} от ${fmtDay(app.document.issuedOn)}; результат:
          ${esc(app.document.result)}</p>${app.status === 'completed' ? documentButtons(
            `/api/v1/applications/${id}/completion-certificate`, 'Удостоверение') : ''}` : ''}
      ${app.applicantComment ? `<p class="muted">Комментарий заявителя: ${esc(app.applicantComment)}</p>` : ''}
      <div class="actions" id="actions">${app.allowedActions.map((a) => `<button class="btn ${['cancel', 'expel',
        'withdraw'].includes(a) ? 'danger' : ''}" data-action="${a}">${actionNames[a]}</button>`).join('')}</div>
      <div id="action-form"></div></div>
    ${grades ? gradesCard(grades) : ''}
    <div class="grid">
      <div class="card"><h2>История</h2><ol
        class="history">${app.history.map((h) => `<li><strong>${h.action === 'accept_invitation'
        ? 'Принята в личный кабинет' : applicationStatusNames[h.toStatus]}</strong> — ${fmtDate(h.at)}${h.actor
        ? ', ' + esc(h.actor) : ', автоматически'}
        ${h.comment ? `<br>${esc(h.comment)}` : ''}${Object.keys(h.details || {}).length ? `<br><span
          class="muted">${Object.entries(h.details).map(([k, v]) => `${detailNames[k] || ''}${esc(v)}`)
            .join(' · ')}</span>` : ''}</li>`).join('')}</ol></div>
      ${comments ? `<div class="card"><h2>Комментарии</h2><ul
        id="comments">${comments.map((c) => `<li><strong>${esc(c.author)}</strong> <span
        class="muted">${fmtDate(c.createdAt)}</span><br>${esc(c.body)}</li>`).join('')
        || '<li class="muted">Комментариев нет</li>'}</ul>
        <form id="comment-form" novalidate><div class="form-notice"></div>${field('body', 'Новый комментарий',
          { type: 'textarea', required: true })}<button class="btn secondary"
          type="submit">Добавить</button></form></div>` : ''}
    </div>`, `Заявка № ${app.number}`, { section: own ? '#/my/applications'
    : inMenu('#/applications') ? '#/applications' : '#/application-batches' });
  wireDocuments(document.getElementById('main'));
  const open = async (action) => {
    const holder = document.getElementById('action-form');
    holder.innerHTML = `<form id="step" class="card" novalidate><h2>${actionNames[action]}</h2><div
      class="form-notice"></div>${await actionForm(action, app)}
      <button class="btn" type="submit">${actionNames[action]}</button> <button class="btn secondary" type="button"
        id="step-cancel">Отмена</button></form>`;
    holder.querySelector('#step-cancel').addEventListener('click', () => { holder.innerHTML = ''; });
    holder.querySelector('input,select,textarea')?.focus();
    // a full group's form offers the waitlist instead
    holder.querySelector('[data-switch]')?.addEventListener('click', (e) => open(e.target.dataset.switch));
    handleForm(holder.querySelector('#step'), async (d) => {
      await api.post(`/api/v1/applications/${id}/${action}`, d);
      card(id);
    });
  };
  document.getElementById('actions').addEventListener('click', async (e) => {
    if (e.target.dataset.action) await open(e.target.dataset.action);
  });
  if (comments) handleForm(document.getElementById('comment-form'), async (d) => {
    await api.post(`/api/v1/applications/${id}/comments`, d);
    card(id);
  });
}

/// The e-mailed link of a mass application: what it is about, and accepting it into the signed-in person's cabinet.
export async function invitation() {
  const token = queryParams().get('token') || '';
  let inv;
  try { inv = await api.post('/api/v1/application-invitations/lookup', { token }); }
  catch (err) {
    setMain(`<div class="card narrow"><h1>Ссылка недействительна</h1>${notice('err', esc(err.fieldErrors?.[0]?.message
      || err.message))}
      <p>Если заявку подавала ваша организация, попросите её отправить ссылку ещё раз.</p></div>`, 'Приглашение');
    return;
  }
  const about = `<p>Организация <strong>${esc(inv.organization.shortName)}</strong> подала заявку на обучение
    <strong>${esc(inv.lastName)} ${esc(inv.firstName)}</strong> по программе
    «<a href="#/catalog/${esc(inv.program.id)}">${esc(inv.program.fullName)}</a>».</p>`;
  if (inv.accepted) {
    setMain(`<div class="card narrow"><h1>Заявка уже принята</h1>${about}<a class="btn"
      href="#/my/applications">Мои заявки</a></div>`, 'Приглашение');
    return;
  }
  if (!currentUser()) {
    sessionStorage.setItem('afterLogin', location.hash);
    setMain(`<div class="card narrow"><h1>Заявка на обучение</h1>${about}
      <p>Чтобы следить за заявкой в личном кабинете, войдите или зарегистрируйтесь — затем вернитесь по этой же
        ссылке.</p>
      <div class="actions"><a class="btn" href="#/login">Войти</a><a class="btn secondary"
        href="#/register">Зарегистрироваться</a></div></div>`, 'Приглашение');
    return;
  }
  setMain(`<div class="card narrow"><h1>Заявка на обучение</h1>${about}
    <p>Принять заявку в ваш личный кабинет? Вы будете видеть её статус, расписание и оценки. Если вы не знаете об этой
      заявке, просто закройте страницу.</p>
    <form id="accept-form" novalidate><div class="form-notice"></div><button class="btn"
      type="submit">Принять заявку</button></form></div>`, 'Приглашение');
  handleForm(document.getElementById('accept-form'), async () => {
    const { applicationId } = await api.post('/api/v1/application-invitations/accept', { token });
    location.hash = `#/applications/${applicationId}`;
  });
}
