// Program constructor (a multi-step form saved as a draft after step one) and moderation (queue, thread, actions).
import { api, uploadFile, currentUser } from '../api.js';
import { esc, field, handleForm, notice, setMain, fmtDate, studyModes, ask } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';
import { programTab } from './expertise.js';

export const statusNames = { draft: 'Черновик', moderation: 'На модерации', revision: 'На доработке',
  published: 'Опубликована', archived: 'В архиве' };
const statusBadge = (s) => `<span class="badge ${s === 'published' ? 'good' : s === 'revision' ? 'bad'
  : s === 'moderation' ? 'wait' : ''}">${statusNames[s]}</span>`;
const isModerator = () => ['admin', 'moderator'].some((r) => currentUser().roles.includes(r));

export async function list() {
  requireMenu(location.hash.startsWith('#/moderation') ? '#/moderation' : '#/programs');
  const moderation = location.hash.startsWith('#/moderation');
  const page = await api.get(`/api/v1/programs?limit=200${moderation ? '&status=moderation' : ''}`);
  // programs are created by an approved organization; one still being checked is told so, not offered a form the
  // server would refuse
  const creators = currentUser().organizations.filter((o) => o.status === 'approved');
  const pending = currentUser().organizations.some((o) => o.status === 'pending');
  setMain(`<h1>${moderation ? 'Программы на модерации' : 'Программы'}</h1>
    ${moderation ? '' : !creators.length ? notice('warn', pending ? 'Создавать программы можно после того, как '
      + 'модератор ЦОПП одобрит вашу организацию.' : 'Программы создают сотрудники образовательных организаций.')
    : `<details class="card"><summary><strong>Создать программу</strong></summary><form id="prog-new"
      novalidate><div class="form-notice"></div>
      ${field('fullName', 'Полное наименование программы', { required: true })}
      <button class="btn" type="submit">Далее</button></form></details>`}
    <table class="list"><thead><tr><th>Программа</th><th>Организация</th><th>Статус</th><th>Часы</th><th>Изменена</th>
    </tr></thead><tbody>
    ${page.items.map((p) => `<tr><td data-label="Программа"><a href="#/programs/${p.id}/${moderation ? 'preview'
      : p.status === 'draft' || p.status === 'revision' ? `step${p.wizardStep}`
      : 'moderation'}">${esc(p.fullName)}</a>${p.revisionOf ? ' <span class="badge">новая версия</span>'
        : ''}</td><td data-label="Организация">${esc(p.organization || '')}</td>
      <td data-label="Статус">${statusBadge(p.status)}</td><td
        data-label="Часы">${Number(p.hours).toLocaleString('ru-RU')}</td><td
        data-label="Изменена">${fmtDate(p.updatedAt)}</td></tr>`).join('')
      || `<tr><td colspan="5" class="muted">${moderation ? 'Очередь пуста: новых программ на модерации нет.'
        : 'Программ пока нет. Создайте первую: «Создать программу» выше.'}</td></tr>`}</tbody></table>`,
    moderation ? 'Модерация программ' : 'Программы');
  const form = document.getElementById('prog-new');
  if (form) handleForm(form, async (d) => {
    const orgs = currentUser().organizations.filter((o) => o.status === 'approved');
    const p = await api.post('/api/v1/programs', { fullName: d.fullName, organizationId: orgs[0]?.id });
    location.hash = `#/programs/${p.id}/step1`;
  });
}

const steps = [['preview', 'Просмотр'], ['step1', '1. Основное'], ['step2', '2. Параметры'], ['step3', '3. Описание'],
  ['step4', '4. Модули'], ['materials', '5. Материалы'], ['moderation', '6. Модерация'], ['expertise', 'Оценки']];

const studyModeName = (m) => studyModes[m] || '';
const names = (list) => (list || []).map((x) => esc(x.name)).join(', ');

/// The program as one page, nothing editable: what the moderator checks (and the author sees before submitting),
/// in the order of the catalog's card.
function preview(p) {
  const row = (label, value) => value ? `<tr><th scope="row">${label}</th><td>${value}</td></tr>` : '';
  return `<div class="card"><h2>${esc(p.fullName)}</h2>
    <p class="muted">${esc(p.organization?.shortName || '')}${p.shortName ? ` · краткое название: ${esc(p.shortName)}`
      : ''}</p>
    <table class="facts">${row('Вид программы', esc(p.kind?.name || ''))}${row('Подвид', esc(p.subkind?.name || ''))}
      ${row('Форма обучения', esc(p.studyForm?.name || ''))}${row('Режим', esc(studyModeName(p.studyMode)))}
      ${row('Объём', `${Number(p.hours).toLocaleString('ru-RU')} ч`)}
      ${row('Стоимость', p.funding === 'free' ? 'Бесплатно' : p.price != null
        ? `${Number(p.price).toLocaleString('ru-RU')} ₽` : '')}
      ${row('Направление', esc(p.direction || ''))}${row('Требования к слушателям', esc(p.learnerRequirements || ''))}
      ${row('Документ', esc(p.issuedDocumentType?.name || ''))}${row('Квалификация', esc(p.qualification || ''))}
      ${row('Итоговая аттестация', esc(p.finalAttestation || ''))}${row('Профессии', names(p.professions))}
      ${row('Компетенции', names(p.competencies))}${row('Доступна людям с ОВЗ', p.accessible ? 'Да' : 'Нет')}
      ${row('Организации-партнёры', names(p.implementingOrganizations))}</table>
    <h3>Описание</h3><p class="prose">${esc(p.description || '—')}</p>
    ${p.normativeBasis ? `<h3>Нормативная база</h3><p class="prose">${esc(p.normativeBasis)}</p>` : ''}
    <h3>Модули</h3>${p.modules.length ? `<ol>${p.modules.map((m) => `<li><a href="#/modules/${m.id}">${esc(m.name)}</a>
      — ${Number(m.hours).toLocaleString('ru-RU')} ч</li>`).join('')}</ol>` : '<p class="muted">Модулей нет</p>'}
    ${p.materials.length ? `<h3>Материалы</h3><ul>${p.materials.map((m) => `<li><a href="${esc(m.url)}"
      target="_blank" rel="noopener">${esc(m.title)}</a></li>`).join('')}</ul>` : ''}
    <p class="actions"><a class="btn" href="#/programs/${p.id}/moderation">К решению по программе</a></p></div>`;
}

export async function edit(id, step = 'step1') {
  let p = await api.get(`/api/v1/programs/${id}`);
  const nav = steps.map(([s, n]) => `<a href="#/programs/${id}/${s}"${s === step ? ' aria-current="page"'
    : ''}>${n}</a>`).join('');
  // a new version, or a program with one in work, says so on every tab; a program its author can't edit says why
  const versionNote = p.revisionOf
    ? `<p class="notice warn">Это <strong>новая версия</strong> <a
      href="#/programs/${p.revisionOf}/moderation">опубликованной программы</a>. В каталоге остаётся прежний текст,
      пока модератор не опубликует эту версию.</p>`
    : p.newVersion ? `<p class="notice">Готовится <a href="#/programs/${p.newVersion.id}/step1">новая версия</a>
      (${statusNames[p.newVersion.status]}). После публикации она заменит текст программы в каталоге.</p>` : '';
  const editable = isModerator() ? p.status !== 'archived' : p.status === 'draft' || p.status === 'revision';
  const lockedNote = editable || ['moderation', 'preview', 'expertise'].includes(step) ? ''
    : `<p class="notice">${p.status === 'published'
    ? 'Опубликованная программа не редактируется: изменения вносят в новую версию — кнопка «Создать новую версию» '
      + `на вкладке <a href="#/programs/${id}/moderation">«6. Модерация»</a>.`
    : `Программа в статусе «${statusNames[p.status]}» не редактируется.`}</p>`;
  const shell = (inner) => {
    setMain(`<h1>${esc(p.fullName)} ${statusBadge(p.status)}${p.revisionOf ? ' <span class="badge">новая версия</span>'
        : ''} <span class="badge">${Number(p.hours).toLocaleString('ru-RU')} ч</span></h1>
      <nav class="tabs" aria-label="Шаги">${nav}</nav><div id="prog-status" aria-live="polite"></div>${versionNote}
      ${lockedNote}${inner}`, p.fullName, { section: isModerator() && p.status === 'moderation' ? '#/moderation'
        : null });
    // what cannot be saved is shown, not offered
    if (!editable && step !== 'moderation') {
      document.querySelectorAll('#main form input, #main form select, #main form textarea, #main form button')
        .forEach((el) => { el.disabled = true; });
    }
  };
  const next = steps[steps.findIndex(([s]) => s === step) + 1]?.[0];
  const save = async (body) => {
    p = await api.patch(`/api/v1/programs/${id}`, { ...body, ...(next && next.startsWith('step')
      ? { wizardStep: Number(next.slice(4)) } : {}) },
      { headers: { 'If-Match': `"${p.version}"` } });
    location.hash = `#/programs/${id}/${next || step}`;
  };
  const buttons = '<div class="actions"><button class="btn" type="submit">Сохранить и далее</button></div>';
  if (step === 'expertise') {
    shell('<div id="expertise-tab"></div>');
    await programTab(p, document.getElementById('expertise-tab'));
  } else if (step === 'preview') {
    shell(preview(p));
  } else if (step === 'step1') {
    const kinds = await dirOptions('program_kinds');
    shell(`<form id="step" class="card" novalidate><div class="form-notice"></div>
      ${field('fullName', 'Полное наименование', { required: true, value: p.fullName })}${field('shortName',
        'Краткое наименование', { value: p.shortName || '' })}
      <div class="row">${field('kindId', 'Вид программы', { options: [['', '—'], ...kinds.filter((k) => !k[2])
        .map(([k, n]) => [k, n])], value: (p.kind?.id || '').toLowerCase() })}
      ${field('subkindId', 'Подвид', { options: [], hint: 'Уточняет продолжительность: например, «от 72 ч»' })}
      ${field('funding', 'Финансирование', { options: [['paid', 'Платно'], ['free', 'Бесплатно'], ['certificate',
        'По сертификату']], value: p.funding })}
      ${field('price', 'Стоимость, ₽', { type: 'number', value: p.price ?? '',
        attrs: 'min="0"' })}</div>${buttons}</form>`);
    // the subkinds of the chosen kind only
    const kindSelect = document.getElementById('f-kindId');
    const subSelect = document.getElementById('f-subkindId');
    const fillSubkinds = () => {
      const subs = kinds.filter((k) => k[2] && k[2] === kindSelect.value);
      subSelect.innerHTML = [['', subs.length ? '—' : 'нет подвидов'], ...subs].map(([id, name]) => `<option
        value="${id}"${id && id === (p.subkind?.id || '').toLowerCase() ? ' selected' : ''}>${esc(name)}</option>`)
        .join('');
      subSelect.disabled = !subs.length || kindSelect.disabled;
    };
    kindSelect.addEventListener('change', fillSubkinds);
    fillSubkinds();
    handleForm(document.getElementById('step'), (d) => save({ fullName: d.fullName, shortName: d.shortName || null,
      kindId: d.kindId || null, subkindId: d.subkindId || null,
      funding: d.funding, price: d.price === undefined || d.price === '' ? null : Number(d.price) }));
  } else if (step === 'step2') {
    const [forms, docs] = await Promise.all([dirOptions('study_forms'), dirOptions('education_document_types')]);
    shell(`<form id="step" class="card" novalidate><div class="form-notice"></div>
      <div class="row">${field('studyFormId', 'Форма обучения', { options: [['', '—'], ...forms],
        value: (p.studyForm?.id || '').toLowerCase() })}
      ${field('studyMode', 'Режим обучения', { options: [['', '—'], ...Object.entries(studyModes)],
        value: p.studyMode || '' })}</div>
      <div class="row">${field('issuedDocumentTypeId', 'Выдаваемый документ', { options: [['', '—'], ...docs],
        value: (p.issuedDocumentType?.id || '').toLowerCase() })}</div>
      ${field('direction', 'Направление', { value: p.direction || '' })}${field('qualification',
        'Присваиваемая квалификация', { value: p.qualification || '' })}
      ${field('learnerRequirements', 'Требования к обучающимся', { type: 'textarea', value: p.learnerRequirements
        || '' })}
      ${field('accessible', 'Подходит для людей с ОВЗ', { type: 'checkbox', value: p.accessible })}${buttons}</form>`);
    handleForm(document.getElementById('step'), (d) => save({ studyFormId: d.studyFormId || null,
      studyMode: d.studyMode || null, issuedDocumentTypeId: d.issuedDocumentTypeId || null,
      direction: d.direction || null, qualification: d.qualification || null,
        learnerRequirements: d.learnerRequirements || null, accessible: d.accessible === true }));
  } else if (step === 'step3') {
    shell(`<form id="step" class="card" novalidate><div class="form-notice"></div>
      ${field('description', 'Описание программы', { type: 'textarea', value: p.description || '',
        hint: 'Не менее 100 символов: чему научится слушатель, как проходит обучение. <span id="desc-count"></span>' })}
      ${field('normativeBasis', 'Нормативная база', { type: 'textarea', value: p.normativeBasis || '' })}
      ${field('finalAttestation', 'Форма итоговой аттестации', { value: p.finalAttestation || '' })}
      ${field('careerTags', 'Теги профориентации', { value: (p.careerTags || []).join(', '),
        hint: 'Через запятую' })}${buttons}</form>`);
    // the length rule is the server's (it refuses at submission); said here while typing, and before saving
    const description = document.getElementById('f-description');
    const count = () => {
      const n = description.value.trim().length;
      document.getElementById('desc-count').textContent = n < 100 ? `Сейчас ${n}, нужно ещё ${100 - n}.`
        : `Сейчас ${n}.`;
    };
    description.addEventListener('input', count);
    count();
    handleForm(document.getElementById('step'), (d) => (d.description || '').length < 100
      ? Promise.reject(Object.assign(new Error('Описание короче 100 символов'), { fieldErrors: [{ field: 'description',
        message: `Опишите программу подробнее: не менее 100 символов (сейчас ${(d.description || '').length})` }] }))
      : save({ description: d.description || null,
      normativeBasis: d.normativeBasis || null,
      finalAttestation: d.finalAttestation || null, careerTags: (d.careerTags
        || '').split(',').map((x) => x.trim()).filter(Boolean) }));
  } else if (step === 'step4') {
    const modules = await api.get(`/api/v1/modules?organizationId=${p.organizationId}&limit=200`);
    const chosen = p.modules.map((m) => m.id);
    shell(`<form id="step" class="card" novalidate><div class="form-notice"></div><p
      class="hint">Отметьте модули и укажите их порядок. Часы программы — сумма часов модулей.</p>
      ${modules.items.map((m) => `<div class="row"><label class="check"><input type="checkbox" name="module"
        value="${m.id}"${chosen.includes(m.id) ? ' checked'
        : ''}> ${esc(m.name)} (${Number(m.hours).toLocaleString('ru-RU')} ч)</label>
        <label>Порядок <input type="number" name="order-${m.id}" value="${chosen.includes(m.id)
          ? chosen.indexOf(m.id) + 1 : ''}" min="1" class="order-input"></label></div>`).join('')
        || '<p class="muted">Сначала создайте модули в разделе «Модули программ».</p>'}
      <div class="error" data-error-for="moduleIds" role="alert"></div>${buttons}</form>`);
    const form = document.getElementById('step');
    handleForm(form, async () => {
      const ids = [...form.querySelectorAll('input[name=module]:checked')].map((x) => x.value)
        .sort((a, b) => (Number(form.elements[`order-${a}`].value) || 99) - (Number(form.elements[`order-${b}`].value)
          || 99));
      p = await api.put(`/api/v1/programs/${id}/modules`, { moduleIds: ids });
      await save({});
    });
  } else if (step === 'materials') {
    shell(`<div class="card"><h2>Материалы программы</h2><p
      class="hint">Файлы и ссылки увидят посетители страницы программы в каталоге.</p>
      <ul id="materials">${p.materials.map((m) => `<li><a
        href="${esc(m.url)}" target="_blank" rel="noopener">${esc(m.title)}</a>
        ${m.file ? `<span class="muted">${esc(m.file.name)}</span>` : ''} <button class="btn small danger"
          data-remove="${m.id}" aria-label="Удалить материал ${esc(m.title)}">Удалить</button></li>`).join('')
        || '<li class="muted">Материалов пока нет</li>'}</ul>
      <form id="material" novalidate><div class="form-notice"></div>${field('title', 'Название', { required: true })}
        ${field('file', 'Файл', { type: 'file' })}${field('url', 'или ссылка', { type: 'url', hint: 'https://…' })}
        <button class="btn" type="submit">Добавить</button></form></div>
      <form id="step" novalidate><div class="form-notice"></div>${buttons}</form>`);
    handleForm(document.getElementById('material'), async (d) => {
      const file = document.getElementById('f-file').files[0];
      const body = { title: d.title };
      if (file) body.fileId = (await uploadFile(file)).id; else if (d.url) body.url = d.url;
      p = await api.post(`/api/v1/programs/${id}/materials`, body);
      edit(id, 'materials');
    });
    document.getElementById('materials').addEventListener('click', async (e) => {
      if (!e.target.dataset.remove) return;
      p = await api.del(`/api/v1/programs/${id}/materials/${e.target.dataset.remove}`);
      edit(id, 'materials');
    });
    handleForm(document.getElementById('step'), () => save({}));
  } else {
    const raw = await api.get(`/api/v1/programs/${id}/comments`);
    // a step's comment is stored with the step and in the thread: shown once, with the step
    const steps = raw.items.filter((x) => x.type === 'status' && x.text);
    const thread = { items: raw.items.filter((x) => x.type !== 'comment' || !steps.some((s) => s.text === x.text
      && s.author === x.author && Math.abs(new Date(s.at) - new Date(x.at)) < 60000)) };
    const mod = isModerator();
    // what each side may do in each status (ProgramWorkflow); deleting is the authors' own, for a program never
    // published
    const actions = mod
      ? { moderation: ['publish', 'return'], published: ['archive'], archived: ['restore'] }[p.status] || []
      : { draft: ['submit'], revision: ['submit'], published: p.newVersion ? ['archive'] : ['revise', 'archive'],
        archived: ['restore'] }[p.status] || [];
    // only a program never published is deleted (a restored one keeps its history in the registries)
    const deletable = !mod && (p.status === 'draft' || p.status === 'revision') && !p.publishedAt;
    const labels = { submit: 'Отправить на модерацию', publish: 'Опубликовать', return: 'Вернуть на доработку',
      archive: 'Снять с публикации', revise: 'Создать новую версию', restore: 'Вернуть в черновики' };
    shell(`<div class="card"><h2>Статус: ${statusNames[p.status]}</h2>
      <form id="act" novalidate><div class="form-notice"></div>${actions.length ? field('comment', 'Комментарий',
        { type: 'textarea', hint: actions.includes('return') ? 'Обязателен при возврате на доработку' : '' }) : ''}
        <div class="actions">${actions.map((a) => `<button class="btn${a === 'return' || a === 'archive' ? ' danger'
          : ''}" type="submit" value="${a}">${labels[a]}</button>`).join('')
          || `<span class="muted">${p.status === 'moderation' ? 'Программа у модератора. Вопрос или уточнение можно '
            + 'написать ниже, в обсуждении.' : 'Действий нет'}</span>`}
          ${deletable ? '<button class="btn danger" type="button" id="prog-delete">Удалить программу</button>'
            : ''}</div></form></div>
      <div class="card"><h2>Обсуждение</h2><ol>${thread.items.map((x) => `<li><span
        class="muted">${fmtDate(x.at)} · ${esc(x.author || '')}</span>
        ${x.type === 'status' && x.fromStatus === x.toStatus ? ' — <strong>Создана новая версия</strong>'
          : x.type === 'status' ? ` — ${statusNames[x.fromStatus]} → <strong>${statusNames[x.toStatus]}</strong>${x.text
          ? `: ${esc(x.text)}` : ''}` : `<br>${esc(x.text)}`}</li>`).join('')
          || '<li class="muted">Сообщений пока нет</li>'}</ol>
        <form id="thread-form" novalidate><div class="form-notice"></div>${field('body', mod
          ? 'Сообщение автору программы'
          : 'Сообщение модератору', { type: 'textarea', required: true, idPrefix: 't-' })}<button class="btn secondary"
          type="submit">Отправить</button></form></div>`);
    handleForm(document.getElementById('thread-form'), async (d) => {
      await api.post(`/api/v1/programs/${id}/comments`, { body: d.body });
      edit(id, 'moderation');
    });
    const form = document.getElementById('act');
    let action = null;
    form.querySelectorAll('button[type=submit]').forEach((b) => b.addEventListener('click',
      () => { action = b.value; }));
    handleForm(form, async (d) => {
      if (action === 'archive' && !await ask({ title: `Снять программу «${p.fullName}» с публикации?`, text: 'Она '
        + 'исчезнет из каталога; вернуть её можно будет через черновик и повторную модерацию.',
        confirmLabel: 'Снять с публикации', danger: true })) return;
      const answer = await api.post(`/api/v1/programs/${id}/${action}`, { comment: d.comment || null });
      // a new version is a program of its own; publishing one answers the program it replaced
      location.hash = `#/programs/${answer.id}/${action === 'revise' || action === 'restore' ? 'step1'
        : 'moderation'}`;
      if (answer.id === id && action !== 'restore') edit(id, 'moderation');
    });
    document.getElementById('prog-delete')?.addEventListener('click', async () => {
      if (!await ask({ title: `Удалить программу «${p.fullName}»?`, text: 'Это действие нельзя отменить.',
        confirmLabel: 'Удалить программу', danger: true })) return;
      await api.del(`/api/v1/programs/${id}`);
      location.hash = '#/programs';
    });
  }
}
