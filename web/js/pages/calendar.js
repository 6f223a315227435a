// Public calendar of events (SPEC §9, seed 000 «Реализация раздела "Мероприятия" на сайте»): a month as a grid or a
// list, «Гибкий поиск» by words, municipality, section and subsection, and an event's page with sign-up.
import { api, currentUser } from '../api.js';
import { esc, field, setMain, notice, plural } from '../ui.js';
import { dirOptions } from '../directory-options.js';

const monthNames = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь',
  'Ноябрь', 'Декабрь'];
const weekdays = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];
export const unitNames = { minutes: 'мин', hours: 'ч', days: 'дн.', weeks: 'нед.' };
const rub = (p) => (p == null || Number(p) === 0 ? 'Бесплатно' : `${Number(p).toLocaleString('ru-RU')} ₽`);

/// Times on the region's clock (the API names its zone): «12 декабря, 15:00».
export function regionTime(iso, zone, { date = true, time = true, weekday = false } = {}) {
  return new Date(iso).toLocaleString('ru-RU', { timeZone: zone, ...(date ? { day: 'numeric', month: 'long' } : {}),
    ...(weekday ? { weekday: 'short' } : {}), ...(time ? { hour: '2-digit', minute: '2-digit' } : {}) });
}
/// The region's day of an instant, YYYY-MM-DD.
const regionDay = (iso, zone) => new Date(iso).toLocaleDateString('en-CA', { timeZone: zone });

/// Where: the address, after the municipality unless the address names its town already.
export function placeOf(municipality, address) {
  if (!address) return municipality || '';
  if (!municipality || address.toLowerCase().includes(municipality.toLowerCase())) return address;
  return `${municipality}, ${address}`;
}

/// «Время иркутское (GMT+8)»: the zone as the browser names it in Russian, and its offset.
export function zoneLabel(zone) {
  const part = (style) => new Intl.DateTimeFormat('ru-RU', { timeZone: zone, timeZoneName: style })
    .formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value || '';
  return `${part('long')} (${part('shortOffset')})`;
}

const places = (free) => (free == null ? 'мест без ограничения' : free === 0 ? 'мест нет'
  : `свободно мест: ${free}`);

export async function page() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const today = new Date();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') || '') ? params.get('month')
    : `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
  const view = params.get('view') === 'list' ? 'list' : 'month';
  const [municipalities, sections, categories, tags] = await Promise.all(['municipalities', 'catalog_sections',
    'participant_categories', 'tags'].map(dirOptions));
  const v = (k) => params.get(k) || '';
  const [y, m] = month.split('-').map(Number);
  const shift = (n) => { const d = new Date(y, m - 1 + n, 1); return `${d.getFullYear()}-${String(d.getMonth() + 1)
    .padStart(2, '0')}`; };
  const link = (changes) => { const q = new URLSearchParams(params); q.set('month', month); q.set('view', view);
    for (const [k, x] of Object.entries(changes)) { if (x) q.set(k, x); else q.delete(k); } return `#/calendar?${q}`; };
  setMain(`<h1>Мероприятия</h1>
    <form id="cal-form" class="card" role="search">
      <div class="filters">${field('q', 'Найти мероприятие', { value: v('q'), attrs: 'enterkeyhint="search"',
        hint: 'Например: мастер-класс, сварка, день открытых дверей' })}
        <div class="actions"><button class="btn" type="submit">Найти</button></div></div>
      <details${window.innerWidth > 760 || ['municipalityId', 'sectionId', 'subsectionId', 'categoryId', 'tagId',
        'free', 'accessible'].some((k) => params.get(k)) ? ' open' : ''}>
      <summary><strong>Гибкий поиск</strong></summary>
      <div class="row">${field('municipalityId', 'Муниципалитет', { options: [['', 'Все'], ...municipalities],
        value: v('municipalityId') })}
      ${field('sectionId', 'Раздел', { options: [['', 'Все'], ...sections.filter((s) => !s[2])],
        value: v('sectionId') })}
      ${field('subsectionId', 'Подраздел', { options: [['', 'Все']], value: v('subsectionId') })}
      ${field('categoryId', 'Участники', { options: [['', 'Все'], ...categories], value: v('categoryId') })}
      ${field('tagId', 'Тег', { options: [['', 'Все'], ...tags], value: v('tagId') })}</div>
      <div class="row">${field('free', 'Только бесплатные', { type: 'checkbox', value: v('free') === 'true' })}
      ${field('accessible', 'Доступно для людей с ОВЗ', { type: 'checkbox', value: v('accessible') === 'true' })}</div>
      <button class="btn secondary" type="submit">Применить</button></details></form>
    <div class="week-nav"><a class="btn secondary" href="${link({ month: shift(-1), day: '' })}"
      aria-label="Предыдущий месяц">←</a><h2 class="month-title">${monthNames[m - 1]} ${y}</h2><a class="btn secondary"
      href="${link({ month: shift(1), day: '' })}" aria-label="Следующий месяц">→</a>
      <nav class="tabs" aria-label="Вид"><a href="${link({ view: 'month' })}"${view === 'month'
        ? ' aria-current="page"' : ''}>Календарь</a><a href="${link({ view: 'list' })}"${view === 'list'
        ? ' aria-current="page"' : ''}>Списком</a></nav>
      <a class="btn secondary" id="cal-csv" href="#">Скачать CSV</a></div>
    <p id="cal-total" class="muted" aria-live="polite"></p><div id="cal-body"></div>`, 'Мероприятия');
  const form = document.getElementById('cal-form');
  const sectionSelect = form.elements.sectionId;
  const subSelect = form.elements.subsectionId;
  const fillSubsections = () => {
    const subs = sections.filter((s) => s[2] && s[2] === sectionSelect.value);
    subSelect.innerHTML = [['', subs.length ? 'Все' : '—'], ...subs].map(([id, name]) => `<option
      value="${id}"${id && id === v('subsectionId') ? ' selected' : ''}>${esc(name)}</option>`).join('');
    subSelect.disabled = !subs.length;
  };
  sectionSelect.addEventListener('change', fillSubsections);
  fillSubsections();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams({ month, view });
    for (const k of ['q', 'municipalityId', 'sectionId', 'subsectionId', 'categoryId', 'tagId']) {
      if (form.elements[k].value.trim()) q.set(k, form.elements[k].value.trim());
    }
    if (form.elements.free.checked) q.set('free', 'true');
    if (form.elements.accessible.checked) q.set('accessible', 'true');
    location.hash = `#/calendar?${q}`;
  });

  const query = new URLSearchParams({ month });
  for (const k of ['q', 'municipalityId', 'sectionId', 'subsectionId', 'categoryId', 'tagId', 'free', 'accessible']) {
    if (params.get(k)) query.set(k, params.get(k));
  }
  document.getElementById('cal-csv').href = `/api/v1/catalog/events?${query}&format=csv`;
  // a month holds few enough events for all pages at once
  const events = [];
  let zone = 'Asia/Irkutsk';
  let cursor = null;
  for (let n = 0; n < 10; n++) {
    const answer = await api.get(`/api/v1/catalog/events?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    zone = answer.timeZone;
    events.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  const starts = events.flatMap((e) => e.occurrences.map((o) => ({ e, o, day: regionDay(o.start, zone) })))
    .sort((a, b) => a.o.start.localeCompare(b.o.start));
  document.getElementById('cal-total').textContent = events.length
    ? `Мероприятий: ${events.length}, дат: ${starts.length}` : '';
  const entry = ({ e, o }) => `<li><a href="#/calendar/${e.id}"><strong>${regionTime(o.start, zone,
    { date: false })}</strong> ${esc(e.name)}</a><br><span class="muted">${esc(placeOf(e.municipality?.name,
    e.address))} · ${rub(e.price)} · ${o.closed ? 'запись закрыта' : places(o.free)}</span>
    ${e.accessible ? '<span class="badge good">ОВЗ</span>' : ''}</li>`;
  const byDay = new Map();
  for (const s of starts) byDay.set(s.day, [...(byDay.get(s.day) || []), s]);
  const dayList = (day) => `<section class="card"><h3>${new Date(`${day}T12:00:00`).toLocaleDateString('ru-RU',
    { weekday: 'long', day: 'numeric', month: 'long' })}</h3><ul class="plain">${byDay.get(day).map(entry)
    .join('')}</ul></section>`;
  const body = document.getElementById('cal-body');
  if (!starts.length) {
    body.innerHTML = notice('', 'В этом месяце мероприятий по вашему запросу нет. Посмотрите другой месяц или '
      + 'уберите фильтры.');
    return;
  }
  if (view === 'list') {
    body.innerHTML = [...byDay.keys()].map(dayList).join('');
    return;
  }
  // the month grid: a day shows its events on a desktop, how many on a phone; a chosen day is listed below it
  const first = new Date(y, m - 1, 1);
  const blanks = (first.getDay() + 6) % 7;
  const days = new Date(y, m, 0).getDate();
  const chosen = v('day');
  const cells = [];
  for (let i = 0; i < blanks; i++) cells.push('<div class="cal-day blank" aria-hidden="true"></div>');
  for (let d = 1; d <= days; d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    const list = byDay.get(day) || [];
    cells.push(`<div class="cal-day${list.length ? ' busy' : ''}${day === chosen ? ' chosen' : ''}">${list.length
      ? `<a class="cal-num" href="${link({ day })}" aria-label="${d} ${monthNames[m - 1]}: мероприятий ${list.length}"
        >${d}<span class="cal-count">${list.length}</span></a>` : `<span class="cal-num">${d}</span>`}
      <ul class="cal-items">${list.slice(0, 3).map(({ e, o }) => `<li><a href="#/calendar/${e.id}">${regionTime(o.start,
        zone, { date: false })} ${esc(e.name)}</a></li>`).join('')}${list.length > 3 ? `<li><a
        href="${link({ day })}">ещё ${list.length - 3}</a></li>` : ''}</ul></div>`);
  }
  // the days' links name their date and count for a screen reader; the weekday heads are for the eye
  body.innerHTML = `<div class="cal-grid">
    ${weekdays.map((w) => `<div class="cal-head" aria-hidden="true">${w}</div>`).join('')}${cells.join('')}</div>
    <div id="cal-day">${chosen && byDay.has(chosen) ? dayList(chosen)
      : `<p class="muted">Нажмите на день, чтобы увидеть его мероприятия.</p>${window.innerWidth <= 760
        ? [...byDay.keys()].slice(0, 3).map(dayList).join('') : ''}`}</div>`;
  if (chosen) document.getElementById('cal-day').scrollIntoView({ block: 'nearest' });
}

/// An event's public page: what, where, when — the coming dates with free places and sign-up; a signed-in visitor
/// sees the dates they already booked.
export async function event(id, signedUp = null) {
  const user = currentUser();
  const [e, mine] = await Promise.all([api.get(`/api/v1/catalog/events/${id}`),
    user ? api.get(`/api/v1/me/event-signups?eventId=${id}&limit=200`).catch(() => ({ items: [] }))
      : Promise.resolve({ items: [] })]);
  const zone = e.timeZone;
  const booked = new Map(mine.items.filter((s) => s.status !== 'cancelled').map((s) => [Date.parse(s.startsAt), s]));
  const row = (label, value) => value ? `<tr><th scope="row">${label}</th><td>${value}</td></tr>` : '';
  const block = (title, text) => text ? `<h3>${title}</h3><p class="prose">${esc(text)}</p>` : '';
  const button = (start, closed, free) => {
    const mineHere = booked.get(Date.parse(start));
    if (mineHere) {
      return `<a class="badge good" href="#/my/event-signups/${mineHere.id}">Вы записаны: заявка №
        ${mineHere.number}</a>`;
    }
    return closed ? '<span class="muted">запись закрыта</span>' : free === 0 ? '<span class="muted">мест нет</span>'
      : user ? `<button class="btn small" type="button" data-start="${start}">Записаться</button>`
      : '<a class="btn small secondary" href="#/login" data-login>Войти и записаться</a>';
  };
  const dates = e.occurrences.map((o) => `<li class="card occurrence"><strong>${regionTime(o.start, zone,
    { weekday: true })}–${regionTime(o.end, zone, { date: false })}</strong>${o.moved
    ? ' <span class="badge wait">перенесено</span>' : ''}
    ${o.sessions.length ? `<ul class="plain sessions">${o.sessions.map((x) => `<li>${regionTime(x.start, zone,
      { date: false })}–${regionTime(x.end, zone, { date: false })} · ${places(x.free)}
      ${button(x.start, x.closed, x.free)}</li>`).join('')}</ul>`
      : `<div>${places(o.free)} ${button(o.start, o.closed, o.free)}</div>`}</li>`).join('');
  const perStart = e.schedule?.sessionMinutes ? 'на каждый сеанс' : 'на каждую дату';
  setMain(`<article>
    ${e.cover ? `<img class="cover wide" src="${esc(e.cover.url)}" alt="">` : ''}
    <h1>${esc(e.name)}</h1>
    <p class="lead">${esc(e.shortDescription || '')}</p>
    <p class="muted">Организатор: <a href="#/organizations/${e.organization.id}">${esc(e.organization.publicName
      || e.organization.shortName)}</a></p>
    <section class="card" id="signup"><h2>Даты и запись</h2><div id="signup-status" aria-live="polite">${signedUp
      ? notice('ok', `Заявка № ${signedUp.number} на ${regionTime(signedUp.startsAt, zone)} отправлена организатору.
        Когда он её подтвердит, придёт письмо; за день до начала напомним. <a
        href="#/my/event-signups/${signedUp.id}">Моя заявка</a>`) : ''}</div>
      ${e.occurrences.length ? `<ul class="plain">${dates}</ul>` : '<p class="muted">Ближайших дат нет.</p>'}
      <p class="hint">Время — ${esc(zoneLabel(zone))}.</p></section>
    <div class="card"><table class="facts">
      ${row('Продолжительность', e.durationValue ? `${e.durationValue} ${unitNames[e.durationUnit] || ''}` : '')}
      ${row('Участники', e.participantCategories.map((c) => esc(c.name)).join(', '))}
      ${row('Уровень', esc(e.level?.name || ''))}${row('Форма участия', esc(e.form?.name || ''))}
      ${row('Место', esc(placeOf(e.municipality?.name, e.address)))}
      ${row('Стоимость', rub(e.price))}${row('Мест', e.capacity ? `${e.capacity} ${perStart}` : 'без ограничения')}
      ${row('Запись', e.signupDaysBefore
        ? `не позднее чем за ${plural(e.signupDaysBefore, 'день', 'дня', 'дней')} до начала` : 'до начала')}
      ${row('Доступно для людей с ОВЗ', e.accessible ? 'Да' : 'Нет')}
      ${row('Раздел', esc([e.section?.name, e.subsection?.name].filter(Boolean).join(' › ')))}
      ${row('Теги', e.tags.map((t) => `<span class="badge">${esc(t.name)}</span>`).join(''))}</table></div>
    <div class="card">${block('О мероприятии', e.description)}${block('План мероприятия', e.plan)}
      ${block('Цели и задачи', e.goals)}${block('Ожидаемые результаты', e.results)}
      ${block('Материально-техническая база', e.facilities)}${block('Условия участия', e.conditions)}
      ${block('Контакты', e.contacts)}${block('Пресс-релиз', e.pressRelease)}</div>
    ${e.gallery.length ? `<div class="card"><h2>Галерея</h2><div class="gallery">${e.gallery.map((g) => `<img
      src="${esc(g.url)}" alt="" loading="lazy">`).join('')}</div></div>` : ''}
    <p><a href="#/calendar">← Все мероприятия</a></p></article>`, e.name);
  const box = document.getElementById('signup');
  if (signedUp) box.scrollIntoView({ block: 'start' });
  box.addEventListener('click', async (ev) => {
    if (ev.target.closest('[data-login]')) sessionStorage.setItem('afterLogin', `#/calendar/${id}`);
    const b = ev.target.closest('[data-start]');
    if (!b) return;
    b.disabled = true;
    try {
      // drawn again: the places left, the booked date marked, the notice where the person is looking
      const created = await api.post(`/api/v1/catalog/events/${id}/signups`, { startsAt: b.dataset.start });
      await event(id, created);
    } catch (err) {
      b.disabled = false;
      b.insertAdjacentHTML('afterend', `<span class="error" role="alert">${esc(err.message)}</span>`);
    }
  });
}
