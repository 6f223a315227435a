// The schedule card of an event's wizard (seed 000 «Расписание мероприятия»): first date and time, length,
// «Повторять», «Прекратить», «Разбить на интервалы», and dates cancelled or moved; the rule goes to the API as it is.
import { field, handleForm } from '../ui.js';

const repeatNames = { none: 'Не повторять (один раз)', daily: 'Каждый день', weekdays: 'По будням',
  weekends: 'В выходные', days_of_week: 'По дням недели', every_n_days: 'Каждые n дней',
  days_of_month: 'По дням месяца' };
const weekdayNames = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];

/// The schedule card of seed 000 «Расписание мероприятия»: first date and time, length, «Повторять», «Прекратить»,
/// «Разбить на интервалы», and exceptions (a date cancelled or moved).
export function scheduleForm(s) {
  const r = s || { startsOn: '', startTime: '10:00', durationMinutes: 60, repeat: 'none' };
  const ends = r.endsAfter ? 'after' : r.endsOn ? 'on' : 'never';
  return `<form id="step" class="card" novalidate><div class="form-notice"></div><div class="error"
    data-error-for="schedule" role="alert"></div>
    <div class="row">${field('schedule.startsOn', 'Дата начала', { type: 'date', required: true, value: r.startsOn })}
    ${field('schedule.startTime', 'Время начала', { type: 'time', required: true, value: r.startTime })}
    ${field('schedule.durationMinutes', 'Длительность, минут', { type: 'number', required: true,
      value: r.durationMinutes, attrs: 'min="1"' })}</div>
    <div class="row">${field('schedule.repeat', 'Повторять', { options: Object.entries(repeatNames),
      value: r.repeat })}
    <fieldset data-when="days_of_week"><legend>Дни недели</legend>${weekdayNames.map((w, i) =>
      `<label class="check inline"><input type="checkbox" name="weekday" value="${i + 1}"${(r.weekdays || [])
        .includes(i + 1) ? ' checked' : ''}> ${w}</label>`).join('')}<div class="error"
        data-error-for="schedule.weekdays" role="alert"></div></fieldset>
    <div data-when="every_n_days">${field('schedule.everyDays', 'Каждые n дней', { type: 'number',
      value: r.everyDays ?? 2, attrs: 'min="1" max="366"' })}</div>
    <div data-when="days_of_month">${field('schedule.monthDays', 'Числа месяца', { value: (r.monthDays || [])
      .join(', '), hint: 'Через запятую, например: 1, 15' })}</div></div>
    <div class="row" data-repeats>${field('ends', 'Прекратить', { options: [['never', 'Не прекращать'],
      ['after', 'После N повторов'], ['on', 'В дату']], value: ends })}
    <div data-ends="after">${field('schedule.endsAfter', 'Повторов', { type: 'number', value: r.endsAfter ?? 10,
      attrs: 'min="1" max="1000"' })}</div>
    <div data-ends="on">${field('schedule.endsOn', 'Последняя дата', { type: 'date', value: r.endsOn || '' })}</div>
    </div>
    ${field('split', 'Разбить на интервалы (сеансы, на каждый — своя запись)', { type: 'checkbox',
      value: !!r.sessionMinutes })}
    <div data-split>${field('schedule.sessionMinutes', 'Интервал, минут', { type: 'number',
      value: r.sessionMinutes ?? 60, attrs: 'min="5"' })}</div>
    <fieldset data-repeats><legend>Исключения: отменённые и перенесённые даты</legend><ul class="plain" id="exceptions">
      ${(r.exceptions || []).map(exceptionRow).join('')}</ul>
      <button class="btn small secondary" type="button" id="add-exception">Добавить исключение</button></fieldset>
    <div id="schedule-saved" aria-live="polite"></div>
    <div class="actions"><button class="btn" type="submit">Сохранить и показать даты</button></div></form>`;
}

const exceptionRow = (x = {}) => `<li class="row exception">${field('date', 'Дата по расписанию',
  { type: 'date', value: x.date || '', idPrefix: `x${Math.random().toString(36).slice(2, 7)}` })}
  ${field('what', 'Что с ней', { options: [['cancel', 'Отменена'], ['move', 'Перенесена']], value: x.cancelled
    ? 'cancel' : x.movedTo || x.startTime ? 'move' : 'cancel',
    idPrefix: `w${Math.random().toString(36).slice(2, 7)}` })}
  ${field('movedTo', 'Новая дата', { type: 'date', value: x.movedTo || '',
    idPrefix: `m${Math.random().toString(36).slice(2, 7)}` })}
  ${field('newTime', 'Новое время', { type: 'time', value: x.startTime || '',
    idPrefix: `t${Math.random().toString(36).slice(2, 7)}` })}
  <div class="actions"><button class="btn small danger" type="button" data-drop>Убрать</button></div></li>`;

export function wireSchedule(f, save) {
  const sync = () => {
    const repeat = f.elements['schedule.repeat'].value;
    f.querySelectorAll('[data-when]').forEach((el) => { el.hidden = el.dataset.when !== repeat; });
    f.querySelectorAll('[data-repeats]').forEach((el) => { el.hidden = repeat === 'none'; });
    f.querySelectorAll('[data-ends]').forEach((el) => { el.hidden = el.dataset.ends !== f.elements.ends.value; });
    f.querySelector('[data-split]').hidden = !f.elements.split.checked;
    f.querySelectorAll('li.exception').forEach((li) => {
      const moved = li.querySelector('[name="what"]').value === 'move';
      li.querySelectorAll('[name="movedTo"], [name="newTime"]')
        .forEach((x) => { x.closest('.field').hidden = !moved; });
    });
  };
  f.addEventListener('change', sync);
  f.addEventListener('click', (ev) => {
    if (ev.target.id === 'add-exception') {
      document.getElementById('exceptions').insertAdjacentHTML('beforeend', exceptionRow());
      sync();
    }
    if (ev.target.closest('[data-drop]')) ev.target.closest('li').remove();
  });
  sync();
  handleForm(f, (d) => {
    const s = d.schedule || {};
    const repeat = s.repeat || 'none';
    const out = { startsOn: s.startsOn || '', startTime: s.startTime || '', durationMinutes: Number(s.durationMinutes
      || 0), repeat };
    if (repeat === 'days_of_week') out.weekdays = [...f.querySelectorAll('input[name=weekday]:checked')].map((x) =>
      Number(x.value));
    if (repeat === 'every_n_days') out.everyDays = Number(s.everyDays || 0);
    if (repeat === 'days_of_month') out.monthDays = String(s.monthDays || '').split(/[\s,;]+/).filter(Boolean)
      .map(Number);
    if (repeat !== 'none' && d.ends === 'after') out.endsAfter = Number(s.endsAfter || 0);
    if (repeat !== 'none' && d.ends === 'on') out.endsOn = s.endsOn || '';
    if (d.split === true) out.sessionMinutes = Number(s.sessionMinutes || 0);
    const exceptions = [...f.querySelectorAll('li.exception')].map((li) => {
      const value = (n) => li.querySelector(`[name="${n}"]`).value;
      return value('what') === 'cancel' ? { date: value('date'), cancelled: true }
        : { date: value('date'), movedTo: value('movedTo') || null, startTime: value('newTime') || null };
    }).filter((x) => x.date);
    if (repeat !== 'none' && exceptions.length) out.exceptions = exceptions;
    return save(out);
  });
}

