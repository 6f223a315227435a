// Events of an organization (SPEC §9, seed 000 §9): the creation wizard saved as a draft after its first step, the
// schedule with its coming dates, cover and gallery, moderation (queue, steps, history).
import { api, uploadFile, currentUser, downloadCSV } from '../api.js';
import { esc, field, handleForm, notice, setMain } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';
import { regionTime, unitNames } from './calendar.js';
import { scheduleForm, wireSchedule } from './event-schedule.js';
import { moderationTab } from './event-moderation.js';

export const statusNames = { draft: 'Черновик', moderation: 'На модерации', revision: 'На доработке',
  published: 'Опубликовано', archived: 'В архиве' };
const statusBadge = (s) => `<span class="badge ${s === 'published' ? 'good' : s === 'revision' ? 'bad'
  : s === 'moderation' ? 'wait' : ''}">${statusNames[s]}</span>`;
const isModerator = () => ['admin', 'moderator'].some((r) => currentUser().roles.includes(r));
const day = (iso) => (iso ? new Date(`${iso}T12:00:00`).toLocaleDateString('ru-RU') : '');

export async function list() {
  const moderation = location.hash.startsWith('#/events/moderation');
  requireMenu(moderation ? '#/events/moderation' : '#/events');
  const page = await api.get(`/api/v1/events?limit=200${moderation ? '&status=moderation' : ''}`);
  const orgs = currentUser().organizations.filter((o) => o.status === 'approved');
  setMain(`<h1>${moderation ? 'Мероприятия на модерации' : 'Мероприятия'}</h1>
    ${moderation || !orgs.length ? '' : `<details class="card"><summary><strong>Создать мероприятие</strong></summary>
      <form id="event-new" novalidate><div class="form-notice"></div>
      ${orgs.length > 1 ? field('organizationId', 'Организация', { options: orgs.map((o) => [o.id, o.shortName]) })
        : ''}
      ${field('name', 'Полное наименование мероприятия', { required: true, attrs: 'maxlength="65"',
        hint: 'До 65 символов, без Caps Lock. Лучше уникальное: по нему мероприятие ищут в календаре.' })}
      <button class="btn" type="submit">Далее</button></form></details>`}
    <p class="actions spaced"><button class="btn secondary" type="button" id="events-csv">Скачать CSV</button>${
      moderation ? '' : '<a class="btn secondary" href="#/event-signups">Заявки на мероприятия</a>'}</p>
    <table class="list"><thead><tr><th>Мероприятие</th><th>Организация</th><th>Статус</th><th>Даты</th>
      <th>Новые заявки</th></tr></thead><tbody>
    ${page.items.map((e) => `<tr><td><a href="#/events/${e.id}/${moderation ? 'preview'
      : e.status === 'draft' || e.status === 'revision' ? `step${e.wizardStep}` : 'moderation'}">${esc(e.name)}</a></td>
      <td>${esc(e.organization || '')}</td><td>${statusBadge(e.status)}</td>
      <td>${e.firstDay ? `${day(e.firstDay)}${e.lastDay !== e.firstDay ? ` — ${e.lastDay ? day(e.lastDay)
        : 'без окончания'}` : ''}` : ''}</td>
      <td>${e.signups ? `<a href="#/event-signups?eventId=${e.id}&status=new">${e.signups}</a>` : ''}</td></tr>`)
      .join('') || `<tr><td colspan="5" class="muted">${moderation ? 'Очередь пуста: новых мероприятий на модерации '
        + 'нет.' : 'Мероприятий пока нет. Создайте первое: «Создать мероприятие» выше.'}</td></tr>`}</tbody></table>`,
  moderation ? 'Модерация мероприятий' : 'Мероприятия');
  document.getElementById('events-csv').addEventListener('click', () => downloadCSV(`/api/v1/events?format=csv${
    moderation ? '&status=moderation' : ''}`, 'events.csv'));
  const form = document.getElementById('event-new');
  if (form) handleForm(form, async (d) => {
    const e = await api.post('/api/v1/events', { name: d.name, organizationId: d.organizationId || orgs[0]?.id });
    location.hash = `#/events/${e.id}/step1`;
  });
}

const steps = [['preview', 'Просмотр'], ['step1', '1. Основное'], ['step2', '2. Участники'], ['step3', '3. Место'],
  ['step4', '4. Описание'], ['step5', '5. Расписание'], ['step6', '6. Обложка'], ['step7', '7. Раздел'],
  ['moderation', '8. Модерация']];
const nullable = (x) => (x === undefined || x === '' ? null : x);
const number = (x) => (x === undefined || x === '' ? null : Number(x));

/// Characters typed and the limit, said while typing (the server refuses the same).
function counter(input, { max = 0, min = 0 }) {
  const out = document.getElementById(`${input.id}-hint`);
  const base = out.textContent;
  const show = () => {
    const n = input.value.trim().length;
    out.textContent = `${base} Сейчас ${n}${max ? ` из ${max}` : ''}${min && n < min ? `, нужно ещё ${min - n}` : ''}.`;
  };
  input.addEventListener('input', show);
  show();
}

function preview(e) {
  const row = (label, value) => value ? `<tr><th scope="row">${label}</th><td>${value}</td></tr>` : '';
  const block = (title, text) => text ? `<h3>${title}</h3><p class="prose">${esc(text)}</p>` : '';
  return `<div class="card">${e.cover ? `<img class="cover wide" src="${esc(e.cover.url)}" alt="">` : ''}
    <h2>${esc(e.name)}</h2><p class="lead">${esc(e.shortDescription || '')}</p>
    <table class="facts">${row('Организация', esc(e.organization?.shortName || ''))}
      ${row('Продолжительность', e.durationValue ? `${e.durationValue} ${unitNames[e.durationUnit] || ''}` : '')}
      ${row('Участники', e.participantCategories.map((c) => esc(c.name)).join(', '))}
      ${row('Мест', e.capacity ?? 'без ограничения')}${row('Уровень', esc(e.level?.name || ''))}
      ${row('Форма участия', esc(e.form?.name || ''))}${row('ОВЗ', e.accessible ? 'Доступно' : 'Нет')}
      ${row('Место', esc([e.municipality?.name, e.address].filter(Boolean).join(', ')))}
      ${row('Стоимость', e.price ? `${Number(e.price).toLocaleString('ru-RU')} ₽` : 'Бесплатно')}
      ${row('Раздел', esc([e.section?.name, e.subsection?.name].filter(Boolean).join(' › ')))}
      ${row('Теги', e.tags.map((t) => esc(t.name)).join(', '))}</table>
    ${block('Подробное описание', e.description)}${block('План', e.plan)}${block('Цели и задачи', e.goals)}
    ${block('Ожидаемые результаты', e.results)}${block('Материально-техническая база', e.facilities)}
    ${block('Условия участия', e.conditions)}${block('Пресс-релиз', e.pressRelease)}${block('Контакты', e.contacts)}
    ${e.gallery.length ? `<h3>Галерея</h3><div class="gallery">${e.gallery.map((g) => `<img src="${esc(g.url)}"
      alt="">`).join('')}</div>` : ''}
    <h3>Ближайшие даты</h3><div id="dates"></div>
    <p class="actions"><a class="btn" href="#/events/${e.id}/moderation">${isModerator()
      ? 'К решению по мероприятию' : 'К отправке на модерацию'}</a></p></div>`;
}

/// The coming dates of the saved schedule (the server computes them as the calendar will).
async function showDates(id) {
  const box = document.getElementById('dates');
  if (!box) return;
  const answer = await api.get(`/api/v1/events/${id}/occurrences`);
  box.innerHTML = answer.items.length ? `<ul class="plain">${answer.items.slice(0, 12).map((o) => `<li>${regionTime(
    o.start, answer.timeZone, { weekday: true })}–${regionTime(o.end, answer.timeZone, { date: false })}${o.sessions
    .length ? ` · сеансов: ${o.sessions.length}` : ''}${o.moved ? ' <span class="badge wait">перенесено</span>' : ''}
    </li>`).join('')}</ul>${answer.items.length > 12 ? `<p class="muted">и ещё ${answer.items.length - 12} в ближайшие `
    + 'три месяца</p>' : ''}` : '<p class="muted">В ближайшие три месяца дат нет.</p>';
}

export async function edit(id, step = 'step1') {
  let e = await api.get(`/api/v1/events/${id}`);
  const mod = isModerator();
  const editable = mod ? ['draft', 'revision', 'moderation'].includes(e.status)
    : ['draft', 'revision'].includes(e.status);
  const nav = steps.map(([s, n]) => `<a href="#/events/${id}/${s}"${s === step ? ' aria-current="page"'
    : ''}>${n}</a>`).join('');
  const lockedNote = editable || step === 'moderation' || step === 'preview' ? ''
    : notice('', e.status === 'published' ? 'Опубликованное мероприятие не редактируется: снимите его с публикации '
      + `и верните в черновики на вкладке <a href="#/events/${id}/moderation">«8. Модерация»</a>.`
      : `Мероприятие в статусе «${statusNames[e.status]}» не редактируется.`);
  // returned for revision: the moderator's words on every tab, not only on «Модерация»
  let returned = '';
  if (e.status === 'revision' && step !== 'moderation') {
    const last = (await api.get(`/api/v1/events/${id}/history`)).items.filter((h) => h.toStatus === 'revision').pop();
    returned = notice('warn', `Модератор вернул мероприятие на доработку${last?.comment ? `: «${esc(last.comment)}»`
      : ''}. Исправьте и отправьте снова на вкладке <a href="#/events/${id}/moderation">«8. Модерация»</a>.`);
  }
  const shell = (inner) => {
    setMain(`<h1>${esc(e.name)} ${statusBadge(e.status)}</h1><nav class="tabs" aria-label="Шаги мастера">${nav}</nav>
      ${returned}${lockedNote}${inner}`, e.name, { section: mod && e.status === 'moderation' ? '#/events/moderation'
        : '#/events' });
    if (!editable && step !== 'moderation') {
      document.querySelectorAll('#main form input, #main form select, #main form textarea, #main form button')
        .forEach((el) => { el.disabled = true; });
    }
  };
  const next = steps[steps.findIndex(([s]) => s === step) + 1]?.[0];
  const save = async (body) => {
    e = await api.patch(`/api/v1/events/${id}`, { ...body, ...(next?.startsWith('step')
      ? { wizardStep: Number(next.slice(4)) } : next === 'moderation' ? { wizardStep: 8 } : {}) },
    { headers: { 'If-Match': `"${e.version}"` } });
    location.hash = `#/events/${id}/${next || step}`;
  };
  const buttons = '<div class="actions"><button class="btn" type="submit">Сохранить и далее</button></div>';
  const form = (inner) => `<form id="step" class="card" novalidate><div class="form-notice"></div>${inner}${buttons}
    </form>`;
  const checks = (name, legend, options, chosen) => `<fieldset><legend>${legend}</legend><div
    class="check-columns short">${options
    .map(([v, t]) => `<label class="check"><input type="checkbox" name="${name}" value="${v}"${chosen.includes(v)
      ? ' checked' : ''}> ${esc(t)}</label>`).join('')}</div></fieldset>`;
  const checked = (f, name) => [...f.querySelectorAll(`input[name="${name}"]:checked`)].map((x) => x.value);
  const ids = (list) => list.map((x) => x.id.toLowerCase());

  if (step === 'preview') {
    shell(preview(e));
    await showDates(id);
  } else if (step === 'step1') {
    shell(form(`${field('name', 'Полное наименование мероприятия', { required: true, value: e.name,
      attrs: 'maxlength="65"', hint: 'Не используйте Caps Lock.' })}
      ${field('shortDescription', 'Краткое описание', { type: 'textarea', value: e.shortDescription || '',
        attrs: 'maxlength="140"', hint: 'Анонс для карточки в календаре.' })}
      <div class="row">${field('durationValue', 'Продолжительность', { type: 'number', value: e.durationValue ?? '',
        attrs: 'min="1"', hint: '1 час вместо 60 минут, 1 день вместо 24 часов.' })}
      ${field('durationUnit', 'Мера', { options: [['', '—'], ['minutes', 'минут'], ['hours', 'часов'],
        ['days', 'дней'], ['weeks', 'недель']], value: e.durationUnit || '' })}</div>`));
    counter(document.getElementById('f-name'), { max: 65 });
    counter(document.getElementById('f-shortDescription'), { max: 140 });
    handleForm(document.getElementById('step'), (d) => save({ name: d.name, shortDescription: nullable(
      d.shortDescription), durationValue: number(d.durationValue), durationUnit: nullable(d.durationUnit) }));
  } else if (step === 'step2') {
    const [categories, levels, forms] = await Promise.all(['participant_categories', 'event_levels', 'study_forms']
      .map(dirOptions));
    shell(form(`${checks('participantCategoryIds', 'Участники', categories, ids(e.participantCategories))}
      <div class="error" data-error-for="participantCategoryIds" role="alert"></div>
      <div class="row">${field('signupDaysBefore', 'Записаться можно за (дней)', { type: 'number',
        value: e.signupDaysBefore, attrs: 'min="0" max="365"', hint: '0 — до самого начала' })}
      ${field('capacity', 'Количество участников', { type: 'number', value: e.capacity ?? '', attrs: 'min="1"',
        hint: 'На каждую дату или сеанс; пусто — без ограничения' })}
      ${field('levelId', 'Уровень мероприятия', { options: [['', '—'], ...levels], value: (e.level?.id || '')
        .toLowerCase() })}
      ${field('formId', 'Форма участия', { options: [['', '—'], ...forms], value: (e.form?.id || '')
        .toLowerCase() })}</div>
      ${field('accessible', 'Могут участвовать люди с ОВЗ', { type: 'checkbox', value: e.accessible })}`));
    const f = document.getElementById('step');
    handleForm(f, (d) => save({ participantCategoryIds: checked(f, 'participantCategoryIds'),
      signupDaysBefore: Number(d.signupDaysBefore || 0), capacity: number(d.capacity), levelId: nullable(d.levelId),
      formId: nullable(d.formId), accessible: d.accessible === true }));
  } else if (step === 'step3') {
    const municipalities = await dirOptions('municipalities');
    shell(form(`${field('address', 'Адрес проведения', { value: e.address || '', hint: 'Город, улица, дом, '
      + 'аудитория; для дистанционных — ссылка или «онлайн»' })}
      ${field('municipalityId', 'Муниципальное образование', { options: [['', '—'], ...municipalities],
        value: (e.municipality?.id || '').toLowerCase() })}`));
    handleForm(document.getElementById('step'), (d) => save({ address: nullable(d.address),
      municipalityId: nullable(d.municipalityId) }));
  } else if (step === 'step4') {
    const area = (name, label, hint = '') => field(name, label, { type: 'textarea', value: e[name] || '', hint });
    shell(form(`${area('description', 'Подробное описание', 'Не менее 200 символов: что будет, для кого, чем '
      + 'полезно.')}
      <details open><summary><strong>Подробности</strong></summary>${area('plan', 'План мероприятия',
        'Подробный план или тайминг')}${area('goals', 'Цели и задачи')}${area('results', 'Ожидаемые результаты')}
      ${area('facilities', 'Материально-техническая база')}${area('conditions', 'Условия участия, порядок подачи '
        + 'заявок')}${area('pressRelease', 'Пресс-релиз', 'Текст сообщения для СМИ')}
      ${area('contacts', 'Контактные лица', 'Кто отвечает на вопросы: имя, телефон, e-mail')}</details>
      ${field('price', 'Стоимость участия, ₽', { type: 'number', value: e.price ?? '', attrs: 'min="0"',
        hint: 'Пусто — бесплатно' })}`));
    counter(document.getElementById('f-description'), { min: 200 });
    const keys = ['description', 'plan', 'goals', 'results', 'facilities', 'conditions', 'pressRelease', 'contacts'];
    handleForm(document.getElementById('step'), (d) => save({ ...Object.fromEntries(keys.map((k) => [k,
      nullable(d[k])])), price: number(d.price) }));
  } else if (step === 'step5') {
    shell(scheduleForm(e.schedule) + `<div class="card"><h2>Ближайшие даты</h2><div id="dates"></div>
      <p class="actions"><a class="btn secondary" href="#/events/${id}/step6">Далее: обложка →</a></p></div>`);
    // saved in place, so the dates below show what was just entered
    wireSchedule(document.getElementById('step'), async (schedule) => {
      e = await api.patch(`/api/v1/events/${id}`, { schedule, wizardStep: Math.max(e.wizardStep, 6) },
        { headers: { 'If-Match': `"${e.version}"` } });
      document.getElementById('schedule-saved').innerHTML = notice('ok', 'Расписание сохранено. Проверьте даты ниже.');
      await showDates(id);
    });
    await showDates(id);
  } else if (step === 'step6') {
    shell(`<form id="step" class="card" novalidate><div class="form-notice"></div>
      <h2>Обложка</h2>${e.cover ? `<img class="cover" src="${esc(e.cover.url)}" alt="Текущая обложка"><p
        class="muted">${e.cover.width}×${e.cover.height} px</p>` : '<p class="muted">Обложки пока нет.</p>'}
      ${field('cover', 'Загрузить обложку', { type: 'file', attrs: 'accept="image/jpeg,image/png,image/webp"',
        hint: 'Горизонтальное изображение не меньше 706×470 пикселей; лучше не больше 1 МБ.' })}
      <div class="error" data-error-for="coverFileId" role="alert"></div>
      <h2>Галерея</h2><div class="gallery">${e.gallery.map((g) => `<figure><img src="${esc(g.url)}" alt="">
        <figcaption><button class="btn small danger" type="button" data-remove="${g.id}">Удалить</button></figcaption>
        </figure>`).join('') || '<p class="muted">Изображений нет.</p>'}</div>
      ${field('gallery', 'Загрузить изображения', { type: 'file', attrs: 'accept="image/*" multiple',
        hint: 'До 20 изображений: они показываются на странице мероприятия.' })}
      <div class="error" data-error-for="galleryFileIds" role="alert"></div>${buttons}</form>`);
    const f = document.getElementById('step');
    f.addEventListener('click', async (ev) => {
      const b = ev.target.closest('[data-remove]');
      if (!b) return;
      e = await api.patch(`/api/v1/events/${id}`, { galleryFileIds: e.gallery.map((g) => g.id)
        .filter((g) => g !== b.dataset.remove) }, { headers: { 'If-Match': `"${e.version}"` } });
      edit(id, 'step6');
    });
    handleForm(f, async () => {
      const cover = document.getElementById('f-cover').files[0];
      const body = {};
      if (cover) {
        const size = await imageSize(cover);
        if (size && (size.width <= size.height || size.width < 706 || size.height < 470)) {
          throw Object.assign(new Error('Обложка не подходит'), { fieldErrors: [{ field: 'coverFileId', message:
            `Нужна горизонтальная обложка не меньше 706×470 пикселей, выбрана ${size.width}×${size.height}` }] });
        }
        // the cover and gallery are the event's public face: readable by anyone (an <img> sends no token)
        body.coverFileId = (await uploadFile(cover, { organizationId: e.organizationId, public: 'true' })).id;
      }
      const added = [];
      for (const file of document.getElementById('f-gallery').files) {
        added.push((await uploadFile(file, { organizationId: e.organizationId, public: 'true' })).id);
      }
      if (added.length) body.galleryFileIds = [...e.gallery.map((g) => g.id), ...added];
      await save(body);
    });
  } else if (step === 'step7') {
    const [sections, tags] = await Promise.all(['catalog_sections', 'tags'].map(dirOptions));
    shell(form(`<div class="row">${field('sectionId', 'Раздел каталога', { options: [['', '—'],
      ...sections.filter((s) => !s[2])], value: (e.section?.id || '').toLowerCase() })}
      ${field('subsectionId', 'Подраздел', { options: [] })}</div>
      ${checks('tagIds', 'Теги', tags, ids(e.tags))}<p class="hint">По тегам мероприятие находят в календаре.</p>`));
    const sectionSelect = document.getElementById('f-sectionId');
    const subSelect = document.getElementById('f-subsectionId');
    const fill = () => {
      const subs = sections.filter((s) => s[2] && s[2] === sectionSelect.value);
      subSelect.innerHTML = [['', subs.length ? '—' : 'нет подразделов'], ...subs].map(([v, t]) => `<option
        value="${v}"${v && v === (e.subsection?.id || '').toLowerCase() ? ' selected' : ''}>${esc(t)}</option>`)
        .join('');
      subSelect.disabled = !subs.length || sectionSelect.disabled;
    };
    sectionSelect.addEventListener('change', fill);
    fill();
    const f = document.getElementById('step');
    handleForm(f, (d) => save({ sectionId: nullable(d.sectionId), subsectionId: nullable(d.subsectionId),
      tagIds: checked(f, 'tagIds') }));
  } else {
    await moderationTab(e, shell, mod, { statusNames, redraw: () => edit(id, 'moderation') });
  }
}

/// The natural size of an image file, read in the browser before uploading (the server checks it again).
function imageSize(file) {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => {
      resolve({ width: img.naturalWidth, height: img.naturalHeight });
      URL.revokeObjectURL(img.src);
    };
    img.onerror = () => resolve(null);
    img.src = URL.createObjectURL(file);
  });
}
