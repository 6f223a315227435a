// Sign-ups for events (seed 000 «Заявки на мероприятия»): the organizer's desk with filters and CSV, a sign-up's card
// with «Подтвердить / Отложить / Отменить» and «Следующая новая заявка», the participant's own sign-ups.
import { api, downloadCSV } from '../api.js';
import { esc, field, handleForm, notice, setMain, fmtDate, ask } from '../ui.js';
import { requireMenu } from '../shell.js';
import { regionTime, placeOf } from './calendar.js';
import { documentButtons, wireDocuments } from '../documents.js';

export const signupStatusNames = { new: 'Новая', postponed: 'Отложена', cancelled: 'Отменена',
  confirmed: 'Подтверждена' };
const badge = (s) => `<span class="badge ${s === 'confirmed' ? 'good' : s === 'cancelled' ? 'bad' : s === 'postponed'
  ? 'wait' : ''}">${signupStatusNames[s]}</span>`;
const actionNames = { confirm: 'Подтвердить', postpone: 'Отложить', cancel: 'Отменить заявку',
  withdraw: 'Отменить мою запись' };

/// The organizer's desk.
export async function desk() {
  requireMenu('#/event-signups');
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const events = await api.get('/api/v1/events?status=published&limit=200');
  const v = (k) => params.get(k) || '';
  setMain(`<h1>Заявки на мероприятия</h1>
    <form id="desk-form" class="card" role="search"><div class="row">
      ${field('q', 'Участник или мероприятие', { value: v('q'), hint: 'Фамилия, e-mail или часть названия' })}
      ${field('eventId', 'Мероприятие', { options: [['', 'Все'], ...events.items.map((e) => [e.id, e.name])],
        value: v('eventId') })}
      ${field('status', 'Статус', { options: [['', 'Все'], ...Object.entries(signupStatusNames)],
        value: v('status') })}
      ${field('from', 'Даты с', { type: 'date', value: v('from') })}${field('to', 'по', { type: 'date',
        value: v('to') })}</div>
      <div class="actions"><button class="btn" type="submit">Показать</button><button class="btn secondary"
        type="button" id="desk-csv">Скачать CSV</button></div></form>
    <div id="desk-list"></div><div class="pager"><button class="btn secondary" id="more" hidden>Показать ещё</button>
    </div>`, 'Заявки на мероприятия');
  const form = document.getElementById('desk-form');
  const filters = ['q', 'eventId', 'status', 'from', 'to'];
  const query = () => {
    const q = new URLSearchParams();
    for (const k of filters) if (form.elements[k].value) q.set(k, form.elements[k].value);
    if (q.get('to')) q.set('to', nextDay(q.get('to')));
    return q;
  };
  let cursor = null;
  const load = async (append) => {
    const q = query();
    q.set('limit', '50');
    if (append && cursor) q.set('cursor', cursor);
    const page = await api.get(`/api/v1/event-signups?${q}`);
    const rows = page.items.map((s) => `<tr><td><a href="#/event-signups/${s.id}">№ ${s.number}</a></td>
      <td>${esc(s.participant.name)}<br><span class="muted">${esc(s.participant.email)}</span></td>
      <td>${esc(s.event.name)}</td><td>${regionTime(s.startsAt, page.timeZone, { weekday: true })}</td>
      <td>${badge(s.status)}</td><td>${fmtDate(s.createdAt)}</td></tr>`).join('');
    const box = document.getElementById('desk-list');
    if (append) box.querySelector('tbody').insertAdjacentHTML('beforeend', rows);
    else {
      box.innerHTML = page.items.length ? `<table class="list"><thead><tr><th>Заявка</th><th>Участник</th>
        <th>Мероприятие</th><th>Дата</th><th>Статус</th><th>Подана</th></tr></thead><tbody>${rows}</tbody></table>`
        : notice('', 'Заявок по этим условиям нет.');
    }
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const k of filters) if (form.elements[k].value) q.set(k, form.elements[k].value);
    history.replaceState(null, '', `#/event-signups?${q}`);
    load(false);
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  document.getElementById('desk-csv').addEventListener('click', () =>
    downloadCSV(`/api/v1/event-signups?${query()}`, 'event-signups.csv'));
  await load(false);
}

const nextDay = (d) => { const x = new Date(`${d}T12:00:00Z`); x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10); };

/// A sign-up's card: the organizer decides; the participant sees it and may cancel.
export async function card(id) {
  const mine = location.hash.startsWith('#/my/');
  const s = await api.get(`/api/v1/event-signups/${id}`);
  const zone = s.timeZone;
  const row = (label, value) => value ? `<tr><th scope="row">${label}</th><td>${value}</td></tr>` : '';
  setMain(`<h1>Заявка № ${s.number} ${badge(s.status)}</h1>
    <div class="card"><table class="facts">
      ${row('Мероприятие', `<a href="#/calendar/${s.event.id}">${esc(s.event.name)}</a>`)}
      ${row('Дата', `${regionTime(s.startsAt, zone, { weekday: true })}–${regionTime(s.endsAt, zone,
        { date: false })}`)}
      ${row('Место', esc(placeOf(s.event.municipality, s.event.address)))}
      ${row('Организатор', `${esc(s.organization?.shortName || '')}${s.organization?.phone
        ? `, ${esc(s.organization.phone)}` : ''}${s.organization?.email ? `, ${esc(s.organization.email)}` : ''}`)}
      ${row('Участник', `${esc(s.participant.name)}<br><a href="mailto:${esc(s.participant.email)}">${esc(
        s.participant.email)}</a>${s.participant.phone ? `, ${esc(s.participant.phone)}` : ''}`)}
      ${row('Комментарий участника', esc(s.comment || ''))}${row('Подана', fmtDate(s.createdAt))}</table></div>
    <div class="card"><h2>${mine ? 'Действия' : 'Решение'}</h2><form id="act" novalidate><div class="form-notice"></div>
      ${s.allowed.length && !mine ? field('comment', 'Комментарий для участника', { type: 'textarea',
        hint: s.allowed.includes('cancel') ? 'Обязателен при отмене: участник получит его в письме' : '' }) : ''}
      <div class="actions">${s.allowed.map((a) => `<button class="btn${a === 'cancel' || a === 'withdraw' ? ' danger'
        : a === 'postpone' ? ' secondary' : ''}" type="submit" value="${a}">${actionNames[a]}</button>`).join('')
        || '<span class="muted">Действий нет</span>'}
        ${!mine && s.nextNew ? `<a class="btn secondary" href="#/event-signups/${s.nextNew}">Следующая новая заявка
          →</a>` : ''}
        <a class="btn secondary" href="${mine ? '#/my/event-signups' : '#/event-signups'}">К списку</a></div>
      </form></div>
    ${s.status === 'confirmed' ? `<div class="card"><h2>Свидетельство об участии</h2>${documentButtons(
      `/api/v1/event-signups/${id}/certificate`, 'Свидетельство № ' + s.number)}<p class="hint">В свидетельстве есть
      код: по нему любой может проверить подлинность на странице «Проверка документа».</p></div>` : ''}
    ${s.history.length ? `<div class="card"><h2>История</h2><ol class="history">${s.history.map((h) => `<li><span
      class="muted">${fmtDate(h.at)} · ${esc(h.author || '')}</span> —
      <strong>${signupStatusNames[h.toStatus]}</strong>${
      h.comment ? `: ${esc(h.comment)}` : ''}</li>`).join('')}</ol></div>` : ''}`,
  `Заявка № ${s.number}`, { section: mine ? '#/my/event-signups' : '#/event-signups' });
  wireDocuments(document.getElementById('main'));
  const form = document.getElementById('act');
  let action = null;
  form.querySelectorAll('button[type=submit]').forEach((b) => b.addEventListener('click', () => { action = b.value; }));
  handleForm(form, async (d) => {
    if (action === 'withdraw' && !await ask({ title: 'Отменить запись на мероприятие?', text: `${s.event.name}, ${
      regionTime(s.startsAt, zone)}. Место освободится для других.`, confirmLabel: 'Отменить запись',
    cancelLabel: 'Не отменять', danger: true })) return;
    await api.post(`/api/v1/event-signups/${id}/${action}`, { comment: d.comment || null });
    card(id);
  });
}

/// The participant's own sign-ups, coming ones first.
export async function mine() {
  requireMenu('#/my/event-signups');
  const page = await api.get('/api/v1/me/event-signups?limit=200');
  const now = Date.now();
  const coming = page.items.filter((s) => new Date(s.endsAt) > now);
  const past = page.items.filter((s) => new Date(s.endsAt) <= now);
  const list = (items) => `<ul class="plain">${items.map((s) => `<li class="card occurrence"><a
    href="#/my/event-signups/${s.id}"><strong>${esc(s.event.name)}</strong></a> ${badge(s.status)}<br>
    ${regionTime(s.startsAt, page.timeZone, { weekday: true })}${s.event.address ? ` · ${esc(s.event.address)}` : ''}
    </li>`).join('')}</ul>`;
  setMain(`<h1>Мои мероприятия</h1>
    ${coming.length ? list(coming.reverse()) : notice('', 'Вы пока ни на что не записаны. <a href="#/calendar">'
      + 'Календарь мероприятий</a>')}
    ${past.length ? `<h2>Прошедшие</h2>${list(past)}` : ''}`, 'Мои мероприятия');
}
