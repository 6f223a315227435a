// Study groups (SPEC §8): list and creation, the group card with its status steps, lecturers and learners, the schedule
// generator with conflict messages; the journal tab is journal.js.
import { api, currentUser, downloadCSV } from '../api.js';
import { gradebookTab } from './journal.js';
import { esc, field, handleForm, notice, setMain, fmtDate, applicationStatusNames, groupStatusNames,
  ask } from '../ui.js';
import { requireMenu } from '../shell.js';
import { documentButtons, wireDocuments } from '../documents.js';
import { moodleSection } from './group-moodle.js';

const actionNames = { form: 'Группа сформирована', unform: 'Вернуть в «не сформирована»',
  confirm_enrollment: 'Подтвердить зачисление', finish: 'Обучение закончено',
  confirm_completion: 'Подтвердить окончание' };
const fmtDay = (d) => d ? d.split('-').reverse().join('.') : '';
const weekdayNames = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];

/// Whether the schedule covers the program: more hours than the program are a mistake to fix, fewer a plan to finish.
function hoursNote(scheduled, program) {
  if (Number(scheduled) > Number(program)) {
    return notice('err', `В расписании ${scheduled} ч — больше, чем ${program} ч программы: удалите лишние занятия.`);
  }
  return Number(scheduled) < Number(program) && Number(scheduled) > 0
    ? notice('warn', `Расписание покрывает ${scheduled}
    из ${program} ч программы: добавьте занятия.`) : '';
}

export async function list() {
  requireMenu('#/groups');
  const [groups, programs] = await Promise.all([api.get('/api/v1/groups?limit=200'),
    api.get('/api/v1/programs?status=published&limit=200')]);
  const user = currentUser();
  const canCreate = programs.items.length > 0 && (user.roles.includes('contractor') || user.roles.includes('admin')
    || user.roles.includes('copp_staff'));
  setMain(`<h1>Группы и расписания</h1>
    ${canCreate ? `<details class="card"><summary><strong>Создать группу</strong></summary><form id="group-form"
      novalidate><div class="form-notice"></div>
      ${field('programId', 'Программа', { required: true, options: [['', '— выберите опубликованную программу —'],
        ...programs.items.map((p) => [p.id, p.fullName])] })}
      ${field('name', 'Название группы', { required: true })}
      <div class="row">${field('minSize', 'Мин. размер', { type: 'number', value: '1',
        attrs: 'min="1"' })}${field('maxSize', 'Макс. размер', { type: 'number', required: true,
        attrs: 'min="1"' })}</div>
      <div class="row">${field('startsOn', 'Начало обучения', { type: 'date', required: true })}${field('endsOn',
        'Окончание обучения', { type: 'date', required: true })}</div>
      <div class="row">${field('applicationsFrom', 'Приём заявок с', { type: 'date' })}${field('applicationsUntil',
        'по', { type: 'date' })}</div>
      ${field('comment', 'Комментарий', { type: 'textarea' })}
      <button class="btn" type="submit">Создать</button></form></details>` : ''}
    <p><button class="btn secondary" id="csv">Выгрузить CSV</button></p>
    <table class="list"><thead><tr><th>Группа</th><th>Программа</th><th>Период</th><th>Обучающихся</th>
      <th>Статус</th></tr></thead><tbody>
    ${groups.items.map((g) => `<tr><td data-label="Группа"><a href="#/groups/${g.id}">${esc(g.name)}</a></td><td
      data-label="Программа">${esc(g.program.fullName)}<br><span
      class="muted">${esc(g.organization.shortName)}</span></td>
      <td data-label="Период">${fmtDay(g.startsOn)} — ${fmtDay(g.endsOn)}</td><td
        data-label="Обучающихся">${g.learners} из ${g.maxSize}</td>
      <td data-label="Статус"><span class="badge">${groupStatusNames[g.status]}</span></td></tr>`).join('')
        || '<tr><td colspan="5" class="muted">Групп пока нет. Создайте группу: «Создать группу» выше (нужна'
          + ' опубликованная программа).</td></tr>'}</tbody></table>`, 'Группы и расписания');
  document.getElementById('csv').addEventListener('click', () => downloadCSV('/api/v1/groups', 'groups.csv'));
  const form = document.getElementById('group-form');
  if (form) handleForm(form, async (d) => {
    for (const k of ['minSize', 'maxSize']) if (d[k]) d[k] = Number(d[k]);
    const g = await api.post('/api/v1/groups', d);
    location.hash = `#/groups/${g.id}`;
  });
}

/// The e-monitoring of a finished group: how many learners were asked, answered, let the term pass.
async function monitoringSection(g, holder) {
  if (!['finished', 'completion_confirmed'].includes(g.status)) return;
  const m = await api.get(`/api/v1/groups/${g.id}/monitoring`).catch(() => null);
  if (!m) return;
  holder.insertAdjacentHTML('beforeend', `<div class="card"><h2>Электронный мониторинг</h2>${m.sent ? `<p>Анкета
    отправлена ${m.sent} обучающимся, заполнили ${m.answered}${m.overdue ? `, не успели ${m.overdue}` : ''}. Срок — до
    ${new Date(`${m.dueOn}T00:00:00`).toLocaleDateString('ru-RU')}.</p><p class="muted">Ответы — в разделе «Анкеты»
    оценки качества.</p>` : '<p class="muted">Анкета мониторинга не отправлялась: когда группа завершилась, анкета '
    + 'электронного мониторинга не действовала.</p>'}</div>`);
}

export async function card(id, tab = 'params') {
  const g = await api.get(`/api/v1/groups/${id}`);
  const tabs = [['params', 'Параметры'], ['schedule', 'Расписание'], ['gradebook', 'Журнал успеваемости']];
  setMain(`<h1>${esc(g.name)} <span
    class="badge">${groupStatusNames[g.status]}</span></h1>
    <p>${esc(g.program.fullName)} · ${esc(g.organization.shortName)} · ${fmtDay(g.startsOn)} — ${fmtDay(g.endsOn)}</p>
    <nav class="tabs" aria-label="Разделы группы">${tabs.map(([t, n]) => `<a href="#/groups/${id}/${t}"${t === tab
      ? ' aria-current="page"' : ''}>${n}</a>`).join('')}</nav>
    <div id="tab"></div>`, g.name);
  const holder = document.getElementById('tab');
  if (tab === 'schedule') return scheduleTab(g, holder);
  if (tab === 'gradebook') return gradebookTab(g, holder);
  return paramsTab(g, holder);
}

async function paramsTab(g, holder) {
  holder.innerHTML = `<div class="grid"><div class="card"><h2>Состав</h2>
      <p>Подтверждено: ${g.counts.confirmed} · обучается: ${g.counts.studying} · завершили: ${g.counts.completed} ·
        отчислено: ${g.counts.expelled} (мест ${g.maxSize}, минимум ${g.minSize})</p>
      <ol>${g.learnersList.map((l) => `<li><a
        href="#/applications/${l.applicationId}">${esc(l.name)}</a> —
          ${applicationStatusNames[l.status]}</li>`).join('')
          || '<li class="muted">Пока никого: подтвердите заявки с выбором этой группы</li>'}</ol>
      <p>Часов в расписании: <strong>${g.scheduledHours}</strong> из ${g.program.hours} по программе</p>
      ${hoursNote(g.scheduledHours, g.program.hours)}
      <div class="actions" id="group-actions">${g.allowedActions.map((a) => `<button class="btn"
        data-action="${a}">${actionNames[a]}</button>`).join('')}</div><div id="group-status"
        aria-live="polite"></div>
      ${g.counts.studying + g.counts.completed > 0 ? documentButtons(`/api/v1/groups/${g.id}/enrollment-order`,
        'Приказ о зачислении') : ''}</div>
    <div class="card"><h2>Параметры</h2><form id="edit-form" novalidate><div class="form-notice"></div>
      ${field('name', 'Название', { required: true, value: g.name })}
      <div class="row">${field('minSize', 'Мин. размер', { type: 'number',
        value: String(g.minSize) })}${field('maxSize', 'Макс. размер', { type: 'number',
        value: String(g.maxSize) })}</div>
      <div class="row">${field('startsOn', 'Начало', { type: 'date', value: g.startsOn })}${field('endsOn',
        'Окончание', { type: 'date', value: g.endsOn })}</div>
      <div class="row">${field('applicationsFrom', 'Приём заявок с', { type: 'date', value: g.applicationsFrom
        || '' })}${field('applicationsUntil', 'по', { type: 'date', value: g.applicationsUntil || '' })}</div>
      ${field('comment', 'Комментарий', { type: 'textarea', value: g.comment || '' })}
      <fieldset><legend>Преподаватели группы</legend><div id="lecturers" class="muted">Загрузка…</div></fieldset>
      <button class="btn" type="submit">Сохранить</button></form></div></div>
    <div class="card"><h2>История статусов</h2>${g.history.length ? `<ol>${g.history.map((h) => `<li>${groupStatusNames[
      h.toStatus]} — ${fmtDate(h.at)}${h.actor ? ', ' + esc(h.actor) : ''}${h.comment ? ': ' + esc(h.comment)
      : ''}</li>`).join('')}</ol>` : '<p class="muted">Переходов статуса не записано.</p>'}</div>`;
  const staff = await api.get(`/api/v1/organizations/${g.organization.id}/staff-resources?limit=200`)
    .catch(() => ({ items: [] }));
  const chosen = new Set(g.lecturers.map((l) => l.id));
  document.getElementById('lecturers').classList.remove('muted');
  document.getElementById('lecturers').innerHTML = staff.items.map((s) => `<label class="check"><input type="checkbox"
    name="lecturer" value="${s.id}"${chosen.has(s.id) ? ' checked' : ''}>
    ${esc(s.lastName)} ${esc(s.firstName)} — ${esc(s.position)}</label>`).join('')
      || 'Добавьте преподавателей в кадровые ресурсы организации';
  wireDocuments(holder);
  moodleSection(g, holder);
  monitoringSection(g, holder);
  document.getElementById('group-actions').addEventListener('click', async (e) => {
    const action = e.target.dataset.action;
    if (!action) return;
    try { await api.post(`/api/v1/groups/${g.id}/${action}`); card(g.id, 'params'); }
    catch (err) { document.getElementById('group-status').innerHTML = notice('err', esc(err.message)); }
  });
  handleForm(document.getElementById('edit-form'), async (d) => {
    for (const k of ['minSize', 'maxSize']) if (d[k]) d[k] = Number(d[k]);
    delete d.lecturer;
    d.lecturerIds = [...document.querySelectorAll('input[name=lecturer]:checked')].map((x) => x.value);
    for (const k of ['applicationsFrom', 'applicationsUntil', 'comment']) d[k] ??= null;
    await api.patch(`/api/v1/groups/${g.id}`, d, { headers: { 'If-Match': `"${g.version}"` } });
    card(g.id, 'params');
  });
}

async function scheduleTab(g, holder) {
  const [lessons, staff, rooms] = await Promise.all([
    api.get(`/api/v1/groups/${g.id}/schedule`),
    api.get(`/api/v1/organizations/${g.organization.id}/staff-resources?limit=200`).catch(() => ({ items: [] })),
    api.get(`/api/v1/organizations/${g.organization.id}/rooms?limit=200`).catch(() => ({ items: [] })),
  ]);
  const teacherOptions = [['', '— не указан —'], ...staff.items.map((s) => [s.id, `${s.lastName} ${s.firstName}`])];
  const roomOptions = [['', '— не указано —'], ...rooms.items.map((r) => [r.id, r.name + (r.number ? ` (${r.number})`
    : '')])];
  const hours = lessons.reduce((n, l) => n + l.academicHours, 0);
  holder.innerHTML = `${hoursNote(hours, g.program.hours)}<p>Часов в расписании: <strong>${hours}</strong> из
    ${g.program.hours}. Период группы:
    ${fmtDay(g.startsOn)} — ${fmtDay(g.endsOn)}.</p>
    <div class="grid">
    <form id="generate" class="card" novalidate><h2>Сгенерировать за период</h2><div class="form-notice"></div>
      <div class="row">${field('from', 'С', { type: 'date', required: true, value: g.startsOn })}${field('to', 'По',
        { type: 'date', required: true, value: g.endsOn })}</div>
      <fieldset><legend>Дни недели</legend><div data-field="weekdays">${weekdayNames.map((n, i) => `<label
        class="check inline"><input type="checkbox" name="wd" value="${i + 1}"> ${n}</label>`).join('')}</div>
        <div class="error" data-error-for="weekdays" role="alert"></div></fieldset>
      <div class="row">${field('startTime', 'Начало', { type: 'time', required: true,
        value: '10:00' })}${field('academicHours', 'Академических часов', { type: 'number', required: true, value: '2',
        attrs: 'min="1" max="12"' })}${field('breakMinutes', 'Перемена, мин', { type: 'number', value: '10',
        attrs: 'min="0" max="60"' })}</div>
      ${field('teacherId', 'Преподаватель', { options: teacherOptions, idPrefix: 'g-' })}${field('roomId', 'Помещение',
        { options: roomOptions, idPrefix: 'g-' })}
      <button class="btn" type="submit">Сформировать</button></form>
    <form id="day" class="card" novalidate><h2>Добавить на день</h2><div class="form-notice"></div>
      ${field('date', 'Дата', { type: 'date', required: true, idPrefix: 'd-' })}
      <div class="row">${field('startTime', 'Начало', { type: 'time', required: true, value: '10:00',
        idPrefix: 'd-' })}${field('academicHours', 'Академических часов', { type: 'number', required: true, value: '2',
        idPrefix: 'd-' })}${field('breakMinutes', 'Перемена, мин', { type: 'number', value: '10',
        idPrefix: 'd-' })}</div>
      ${field('teacherId', 'Преподаватель', { options: teacherOptions, idPrefix: 'd-' })}${field('roomId', 'Помещение',
        { options: roomOptions, idPrefix: 'd-' })}
      ${field('topic', 'Тема занятия', { idPrefix: 'd-' })}
      <button class="btn" type="submit">Добавить</button></form></div>
    <form id="delete-range" class="card filters" novalidate><h2>Удалить занятия за период</h2><div
      class="form-notice"></div>
      <div class="row">${field('from', 'С', { type: 'date', required: true, idPrefix: 'r-' })}${field('to', 'По',
        { type: 'date', required: true, idPrefix: 'r-' })}</div>
      <button class="btn danger" type="submit">Удалить за период</button></form>
    <div id="schedule-status" aria-live="polite"></div>
    <div class="table-scroll"><table class="list"
      id="lessons"><thead><tr><th>Дата</th><th>Время</th><th>Ак.
        ч</th><th>Тема</th><th>Преподаватель</th><th>Помещение</th><th>Онлайн</th><th></th></tr></thead><tbody>
    ${lessons.map((l) => `<tr data-id="${l.id}"><td data-label="Дата">${fmtDay(l.date)}</td><td
      data-label="Время">${l.startTime}–${l.endTime}</td><td data-label="Ак. ч">${l.academicHours}</td>
      <td data-label="Тема">${esc(l.topic || '')}</td><td data-label="Преподаватель">${esc(l.teacher?.name
        || '')}</td><td data-label="Помещение">${esc(l.room?.name || '')}</td>
      <td data-label="Онлайн">${conferenceCell(l)}</td>
      <td><button class="btn small danger"
        data-delete="${l.id}" aria-label="Удалить занятие ${fmtDay(l.date)}">Удалить</button></td></tr>`).join('')
        || '<tr><td colspan="8" class="muted">Занятий нет</td></tr>'}</tbody></table></div>`;
  const numbers = (d) => { for (const k of ['academicHours',
    'breakMinutes']) if (d[k]) d[k] = Number(d[k]); return d; };
  handleForm(document.getElementById('generate'), async (d) => {
    delete d.wd;
    d.weekdays = [...document.querySelectorAll('input[name=wd]:checked')].map((x) => Number(x.value));
    await api.post(`/api/v1/groups/${g.id}/schedule`, numbers(d));
    card(g.id, 'schedule');
  });
  handleForm(document.getElementById('day'), async (d) => {
    await api.post(`/api/v1/groups/${g.id}/schedule`, numbers(d));
    card(g.id, 'schedule');
  });
  handleForm(document.getElementById('delete-range'), async (d) => {
    if (!d.from || !d.to) throw Object.assign(new Error('Укажите период'), { fieldErrors: [{ field: d.from ? 'to'
      : 'from', message: 'Укажите дату' }] });
    const period = `с ${fmtDay(d.from)} по ${fmtDay(d.to)}`;
    if (!await ask({ title: `Удалить все занятия ${period}?`, text: 'Отметки журнала за них тоже удалятся.',
      confirmLabel: 'Удалить занятия', danger: true })) return;
    await api.del(`/api/v1/groups/${g.id}/schedule?from=${d.from}&to=${d.to}`);
    card(g.id, 'schedule');
  });
  document.getElementById('lessons').addEventListener('click', async (e) => {
    if (await conferenceAction(e, g.id)) return;
    const lesson = e.target.dataset.delete;
    if (!lesson || !await ask({ title: 'Удалить занятие?', text: 'Отметки журнала за него тоже удалятся.',
      confirmLabel: 'Удалить', danger: true })) return;
    try { await api.del(`/api/v1/groups/${g.id}/schedule/${lesson}`); card(g.id, 'schedule'); }
    catch (err) { document.getElementById('schedule-status').innerHTML = notice('err', esc(err.message)); }
  });
}

const conferenceNames = { bbb: 'BigBlueButton', link: 'Ссылка' };

/// A lesson's web conference in the schedule: its kind with «Войти» and «Убрать», or «Добавить».
function conferenceCell(l) {
  return l.conference ? `${conferenceNames[l.conference.kind]}<br><button class="btn small secondary"
    data-conf-join="${l.id}">Войти</button> <button class="btn small secondary" data-conf-remove="${l.id}"
    aria-label="Убрать конференцию ${fmtDay(l.date)}">Убрать</button>` : `<button class="btn small secondary"
    data-conf-add="${l.id}" aria-label="Веб-конференция ${fmtDay(l.date)} ${l.startTime}">Добавить</button>`;
}

/// Handles the conference buttons of the schedule table; true when the click was one of them.
async function conferenceAction(e, group) {
  const b = e.target.closest('[data-conf-join], [data-conf-remove], [data-conf-add]');
  if (!b) return false;
  const { confJoin, confRemove, confAdd } = b.dataset;
  const path = (id) => `/api/v1/groups/${group}/schedule/${id}/conference`;
  const status = document.getElementById('schedule-status');
  try {
    if (confJoin) {
      // opened by the click itself (a window opened after the answer would be blocked), then sent to the room
      const room = window.open('about:blank', '_blank');
      try {
        const { url } = await api.post(path(confJoin) + '/join');
        if (room) room.location = url; else location.assign(url);
      } catch (err) { room?.close(); throw err; }
      return true;
    }
    if (confRemove) {
      if (!await ask({ title: 'Убрать конференцию с занятия?', confirmLabel: 'Убрать', danger: true })) return true;
      await api.del(path(confRemove));
    } else {
      const { bigBlueButton } = await api.get('/api/v1/conferences/settings');
      const url = await ask({ title: 'Веб-конференция занятия', confirmLabel: 'Сохранить',
        text: bigBlueButton ? 'Оставьте адрес пустым — платформа создаст комнату BigBlueButton.' : '',
        input: { label: 'Ссылка на конференцию', required: !bigBlueButton,
          hint: 'https://… — Яндекс Телемост, Контур.Толк, Zoom или другая' } });
      if (url === null) return true;
      await api.put(path(confAdd), url ? { kind: 'link', url } : { kind: 'bbb' });
    }
    card(group, 'schedule');
  } catch (err) {
    status.innerHTML = notice('err', esc(err.fieldErrors?.[0]?.message || err.message));
    status.scrollIntoView({ block: 'center' });
  }
  return true;
}
