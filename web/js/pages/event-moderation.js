// The «Модерация» tab of an event: its status and steps, the history, a date cancelled or moved after
// publication, deleting a draft never published.
import { api } from '../api.js';
import { esc, field, handleForm, fmtDate, ask } from '../ui.js';
import { regionTime } from './calendar.js';

/// The wizard step where a field is filled.
function stepOf(field) {
  const steps = { name: 1, shortDescription: 1, durationValue: 1, durationUnit: 1, participantCategoryIds: 2,
    signupDaysBefore: 2, capacity: 2, levelId: 2, formId: 2, address: 3, municipalityId: 3, description: 4,
    contacts: 4, price: 4, schedule: 5, coverFileId: 6, galleryFileIds: 6, sectionId: 7, subsectionId: 7 };
  return `step${steps[field.split(/[.[]/)[0]] || 1}`;
}

export async function moderationTab(e, shell, mod, { statusNames, redraw }) {
  const history = await api.get(`/api/v1/events/${e.id}/history`);
  const actions = mod
    ? { moderation: ['publish', 'return'], published: ['archive'], archived: ['restore'] }[e.status] || []
    : { draft: ['submit'], revision: ['submit'], published: ['archive'], archived: ['restore'] }[e.status] || [];
  const deletable = !mod && (e.status === 'draft' || e.status === 'revision') && !e.publishedAt;
  const labels = { submit: 'Отправить на модерацию', publish: 'Опубликовать', return: 'Вернуть на доработку',
    archive: 'Снять с публикации', restore: 'Вернуть в черновики' };
  shell(`<div class="card"><h2>Статус: ${statusNames[e.status]}</h2>
    ${e.status === 'published' ? `<p><a href="#/calendar/${e.id}">Страница мероприятия в календаре</a> ·
      <a href="#/event-signups?eventId=${e.id}">Заявки</a></p>` : ''}
    <form id="act" novalidate><div class="form-notice"></div>${actions.length ? field('comment', 'Комментарий',
      { type: 'textarea', hint: actions.includes('return') ? 'Обязателен при возврате на доработку' : '' }) : ''}
      <div class="actions">${actions.map((a) => `<button class="btn${a === 'return' || a === 'archive' ? ' danger'
        : ''}" type="submit" value="${a}">${labels[a]}</button>`).join('') || `<span class="muted">${e.status
        === 'moderation' ? 'Мероприятие у модератора.' : 'Действий нет'}</span>`}
        ${deletable ? '<button class="btn danger" type="button" id="event-delete">Удалить мероприятие</button>'
          : ''}</div></form></div>
    ${e.schedule && e.status !== 'archived' ? `<form id="date-change" class="card" novalidate><h2>Отменить или
      перенести дату</h2><div class="form-notice"></div><p class="hint">Записавшиеся на эту дату получат письмо:
      при отмене их заявки отменяются с вашей причиной, при переносе — переходят на новое время.</p>
      <div class="row">${field('date', 'Дата по расписанию', { options: [], idPrefix: 'dc-' })}
      ${field('what', 'Что сделать', { options: [['cancel', 'Отменить'], ['move', 'Перенести']], idPrefix: 'dc-' })}
      ${field('movedTo', 'Новая дата', { type: 'date', idPrefix: 'dc-' })}${field('startTime', 'Новое время',
        { type: 'time', idPrefix: 'dc-' })}</div>
      ${field('comment', 'Причина или комментарий для участников', { type: 'textarea', idPrefix: 'dc-' })}
      <button class="btn" type="submit">Применить</button></form>` : ''}
    <div class="card"><h2>История</h2><ol class="history">${history.items.map((h) => `<li><span
      class="muted">${fmtDate(h.at)} · ${esc(h.author || '')}</span> — ${statusNames[h.fromStatus]} →
      <strong>${statusNames[h.toStatus]}</strong>${h.comment ? `: ${esc(h.comment)}` : ''}</li>`).join('')}</ol>
      ${history.items.length ? '' : '<p class="muted">Мероприятие ещё не отправляли на модерацию.</p>'}</div>`);
  const form = document.getElementById('act');
  let action = null;
  form.querySelectorAll('button[type=submit]').forEach((b) => b.addEventListener('click', () => { action = b.value; }));
  handleForm(form, async (d) => {
    if (action === 'archive' && !await ask({ title: `Снять «${e.name}» с публикации?`, text: 'Мероприятие исчезнет '
      + 'из календаря; новые записи станут невозможны.', confirmLabel: 'Снять с публикации', danger: true })) return;
    try {
      await api.post(`/api/v1/events/${e.id}/${action}`, { comment: d.comment || null });
    } catch (err) {
      // what is missing, each with the step where it is filled
      if (err.fieldErrors?.length && ['submit', 'publish'].includes(action)) {
        form.querySelector('.form-notice').innerHTML = `<div class="notice err" role="alert"><p>Чтобы отправить
          мероприятие, заполните:</p><ul>${err.fieldErrors.map((f) => `<li><a href="#/events/${e.id}/${stepOf(
          f.field)}">${esc(f.message)}</a></li>`).join('')}</ul></div>`;
        return;
      }
      throw err;
    }
    location.hash = `#/events/${e.id}/${action === 'restore' ? 'step1' : 'moderation'}`;
    if (action !== 'restore') redraw();
  });
  const change = document.getElementById('date-change');
  if (change) {
    const coming = await api.get(`/api/v1/events/${e.id}/occurrences`);
    change.elements.date.innerHTML = coming.items.map((o) => `<option value="${o.key}">${regionTime(o.start,
      coming.timeZone, { weekday: true })}</option>`).join('') || '<option value="">Ближайших дат нет</option>';
    const sync = () => {
      const moving = change.elements.what.value === 'move';
      ['movedTo', 'startTime'].forEach((n) => { change.elements[n].closest('.field').hidden = !moving; });
    };
    change.elements.what.addEventListener('change', sync);
    sync();
    handleForm(change, async (d) => {
      const cancel = d.what === 'cancel';
      if (cancel && !await ask({ title: 'Отменить эту дату?', text: 'Заявки на неё будут отменены, участники '
        + 'получат письмо.', confirmLabel: 'Отменить дату', cancelLabel: 'Не отменять', danger: true })) return;
      await api.post(`/api/v1/events/${e.id}/exceptions`, { date: d.date, cancelled: cancel || null,
        movedTo: cancel ? null : d.movedTo || null, startTime: cancel ? null : d.startTime || null,
        comment: d.comment || null });
      redraw();
    });
  }
  document.getElementById('event-delete')?.addEventListener('click', async () => {
    if (!await ask({ title: `Удалить «${e.name}»?`, text: 'Это действие нельзя отменить.',
      confirmLabel: 'Удалить мероприятие', danger: true })) return;
    await api.del(`/api/v1/events/${e.id}`);
    location.hash = '#/events';
  });
}
