// Questionnaires of quality assessment (seed 000 «НОКО → Анкеты») for ЦОПП's operators: the list, the card —
// «Основные» and «Вопросы» in sections — its versions, and the results of a version as charts with CSV. An edit of a
// questionnaire somebody answered becomes its next version: the page says so, and results name their version.
import { api, downloadCSV } from '../api.js';
import { ask, clearErrors, esc, field, fmtDate, notice, roleNames, setMain, showErrors } from '../ui.js';
import { requireMenu } from '../shell.js';
import { barChart } from '../charts.js';
import { listPage } from './tests.js';

export const purposeNames = { survey: 'Опрос', rating: 'Оценка программы обучающимися',
  monitoring: 'Электронный мониторинг', expertise: 'Экспертиза программ' };
const statusNames = { draft: 'черновик', active: 'действует', closed: 'закрыта' };
const statusBadge = { draft: 'wait', active: 'good', closed: '' };
const kindNames = { scale: 'Шкала', single: 'Один вариант', multiple: 'Несколько вариантов', text: 'Текст',
  number: 'Число' };

export async function list() {
  requireMenu('#/questionnaires');
  await listPage({
    heading: 'Анкеты', tabs: '', tab: '#/questionnaires', title: 'Анкеты', path: '/api/v1/questionnaires',
    csv: 'questionnaires.csv', empty: 'Анкет пока нет.',
    actions: '<a class="btn secondary" href="#/questionnaires/new">Новая анкета</a>',
    filters: (p) => `${field('q', 'Поиск', { value: p.get('q') || '' })}
      ${field('purpose', 'Назначение', { options: [['', 'Все'], ...Object.entries(purposeNames)],
        value: p.get('purpose') || '' })}
      ${field('status', 'Статус', { options: [['', 'Все'], ...Object.entries(statusNames)],
        value: p.get('status') || '' })}`,
    head: '<th>Анкета</th><th>Назначение</th><th>Статус</th><th>Версия</th><th>Ответов</th><th>Изменена</th>',
    row: (q) => `<tr><td data-label="Анкета"><a href="#/questionnaires/${q.id}">${esc(q.title)}</a></td>
      <td data-label="Назначение">${purposeNames[q.purpose]}</td><td data-label="Статус"><span class="badge
      ${statusBadge[q.status]}">${statusNames[q.status]}</span></td><td data-label="Версия">${q.currentVersion}</td>
      <td data-label="Ответов">${q.responses}</td><td data-label="Изменена">${fmtDate(q.updatedAt)}</td></tr>`,
  });
}

const emptyQuestion = () => ({ kind: 'scale', text: '', required: true, min: 1, max: 5, minLabel: '',
  maxLabel: '', options: [] });

/// The questionnaire as the API takes it, from the editor's state.
const body = (doc) => ({ title: doc.title, description: doc.description || undefined, purpose: doc.purpose,
  audienceRoles: doc.audienceRoles,
  audienceOrganizationIds: (doc.audienceOrganizations || []).map((o) => o.id),
  audienceGroupIds: (doc.audienceGroups || []).map((g) => g.id), opensOn: doc.opensOn || undefined,
  closesOn: doc.closesOn || undefined,
  sections: doc.sections.map((s) => ({ title: s.title || undefined, questions: s.questions.map((q) => ({
    key: q.key, kind: q.kind, text: q.text, hint: q.hint || undefined, required: !!q.required,
    ...(q.kind === 'scale' ? { min: Number(q.min), max: Number(q.max), minLabel: q.minLabel || undefined,
      maxLabel: q.maxLabel || undefined } : {}),
    ...(q.kind === 'number' ? { min: q.min === '' || q.min == null ? undefined : Number(q.min),
      max: q.max === '' || q.max == null ? undefined : Number(q.max) } : {}),
    ...(['single', 'multiple'].includes(q.kind) ? { options: q.options } : {}) })) })) });

/// A survey's organizations or groups: the chosen ones as chips, a search to add more.
const audiencePicker = (kind, legend, chosen = [], errorFor) => `<fieldset><legend>${legend}</legend><p>${
  chosen.length ? chosen.map((x) => `<span class="badge">${esc(x.name)} <button type="button" class="link"
  data-drop="${kind}" data-id="${x.id}" aria-label="Убрать ${esc(x.name)}">×</button></span>`).join(' ')
  : '<span class="muted">любые</span>'}</p><div class="row"><input type="search" id="${kind}-search"
  aria-label="Найти: ${legend}" placeholder="Название"><button type="button" class="btn secondary small"
  data-find="${kind}">Найти</button></div><div id="${kind}-found" class="actions"></div><div class="error"
  data-error-for="${errorFor}" role="alert"></div></fieldset>`;

/// The editor: «Основные» and the sections of questions; every change goes into `doc`, structure changes redraw.
function editor(holder, doc, { saveLabel, onSave }) {
  const p = (n, k) => `sections[${n}].questions[${k}]`;
  const questionHtml = (q, n, k) => `<div class="q-edit"><div class="row">${field(`${p(n, k)}.kind`, 'Тип', {
    options: Object.entries(kindNames), value: q.kind })}${field(`${p(n, k)}.required`, 'Обязательный', {
    type: 'checkbox', value: q.required })}</div>${field(`${p(n, k)}.text`, `Вопрос ${k + 1}`, { type: 'textarea',
    value: q.text, required: true })}${field(`${p(n, k)}.hint`, 'Пояснение', { value: q.hint || '' })}${q.kind
    === 'scale' ? `<div class="row">${field(`${p(n, k)}.min`, 'От', { type: 'number', value: String(q.min ?? 1)
    })}${field(`${p(n, k)}.max`, 'До', { type: 'number', value: String(q.max ?? 5) })}${field(`${p(n, k)}.minLabel`,
      'Подпись наименьшей', { value: q.minLabel || '' })}${field(`${p(n, k)}.maxLabel`, 'Подпись наибольшей', {
      value: q.maxLabel || '' })}</div>` : ''}${q.kind === 'number' ? `<div class="row">${field(`${p(n, k)}.min`,
      'Не меньше', { type: 'number', value: q.min == null ? '' : String(q.min) })}${field(`${p(n, k)}.max`,
      'Не больше', { type: 'number', value: q.max == null ? '' : String(q.max) })}</div>` : ''}${['single',
      'multiple'].includes(q.kind) ? field(`${p(n, k)}.options`, 'Варианты ответа, каждый с новой строки', {
      type: 'textarea', value: (q.options || []).join('\n') }) : ''}<div class="actions"><button type="button"
    class="btn secondary small" data-remove-question="${n}.${k}">Удалить вопрос</button></div></div>`;
  const sectionHtml = (s, n) => `<fieldset class="question"><legend>Раздел ${n + 1}</legend>${field(
    `sections[${n}].title`, 'Название раздела', { value: s.title || '' })}<div class="error"
    data-error-for="sections[${n}].questions" role="alert"></div>${s.questions.map((q, k) => questionHtml(q, n, k))
    .join('')}<div class="actions"><button type="button" class="btn secondary small" data-add-question="${n}">+
    Вопрос</button><button type="button" class="btn secondary small" data-remove-section="${n}"${doc.sections.length
    <= 1 ? ' disabled' : ''}>Удалить раздел</button></div></fieldset>`;
  const draw = () => {
    holder.innerHTML = `<form id="questionnaire-form" novalidate><h2>Основные</h2>
      ${field('title', 'Название анкеты', { value: doc.title, required: true })}
      ${field('description', 'Описание для отвечающих', { type: 'textarea', value: doc.description || '' })}
      ${field('purpose', 'Назначение', { options: Object.entries(purposeNames), value: doc.purpose })}
      ${doc.purpose === 'survey' ? `<fieldset><legend>Роли (не отмечено — любые)</legend><p class="hint">Каждый
        заданный список сужает круг: роль «Преподаватель» и организация — преподаватели этой организации. Ничего не
        задано — все вошедшие.</p>
        <div class="check-columns short">${Object.entries(roleNames).map(([r, name]) => `<label class="check"><input
        type="checkbox" data-role="${r}"${doc.audienceRoles.includes(r) ? ' checked' : ''}> ${esc(name)}</label>`)
        .join('')}</div></fieldset>${audiencePicker('org', 'Организации (их сотрудники)', doc.audienceOrganizations,
        'audienceOrganizationIds')}${audiencePicker('group', 'Группы (их слушатели)', doc.audienceGroups,
        'audienceGroupIds')}<div class="row">${field('opensOn', 'Открыта с', { type: 'date',
        value: doc.opensOn || '' })}${field('closesOn', 'по', { type: 'date', value: doc.closesOn || '' })}</div>`
        : ''}
      <h2>Вопросы</h2><div class="error" data-error-for="sections" role="alert"></div>
      ${doc.sections.map(sectionHtml).join('')}<div class="actions"><button type="button" class="btn secondary"
      id="add-section">+ Раздел</button></div><div class="form-notice"></div><div class="actions sticky-actions"><button
      class="btn" type="submit">${saveLabel}</button></div></form>`;
  };
  const question = (name) => {
    const m = /^sections\[(\d+)\]\.questions\[(\d+)\]\.(\w+)$/.exec(name);
    return m ? [doc.sections[Number(m[1])].questions[Number(m[2])], m[3]] : null;
  };
  holder.addEventListener('input', (e) => {
    const el = e.target;
    const name = el.name || '';
    const q = question(name);
    if (q) {
      const [target, key] = q;
      if (key === 'options') target.options = el.value.split('\n').map((x) => x.trim()).filter(Boolean);
      else if (key === 'required') target.required = el.checked;
      else if (key !== 'kind') target[key] = el.value;
    } else if (/^sections\[(\d+)\]\.title$/.test(name)) doc.sections[Number(/\d+/.exec(name)[0])].title = el.value;
    else if (['title', 'description', 'opensOn', 'closesOn'].includes(name)) doc[name] = el.value;
  });
  holder.addEventListener('change', (e) => {
    const el = e.target;
    if (el.dataset.role) {
      doc.audienceRoles = doc.audienceRoles.filter((r) => r !== el.dataset.role);
      if (el.checked) doc.audienceRoles.push(el.dataset.role);
    } else if (el.name === 'purpose') { doc.purpose = el.value; draw(); }
    else if (el.name?.endsWith('.kind')) { question(el.name)[0].kind = el.value; draw(); }
    else if (el.name?.endsWith('.required')) question(el.name)[0].required = el.checked;
  });
  // Enter in an audience search finds; it does not save the questionnaire
  holder.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !/^(org|group)-search$/.test(e.target.id)) return;
    e.preventDefault();
    holder.querySelector(`[data-find="${e.target.id.replace('-search', '')}"]`).click();
  });
  holder.addEventListener('click', async (e) => {
    const b = e.target.closest('button[type=button]');
    if (!b) return;
    const d = b.dataset;
    const lists = { org: 'audienceOrganizations', group: 'audienceGroups' };
    if (d.find) {
      const text = holder.querySelector(`#${d.find}-search`).value.trim();
      const path = d.find === 'org' ? '/api/v1/organizations' : '/api/v1/groups';
      const found = await api.get(`${path}?limit=8${text ? `&q=${encodeURIComponent(text)}` : ''}`);
      const chosen = new Set((doc[lists[d.find]] || []).map((x) => x.id));
      found.items = found.items.filter((x) => !chosen.has(x.id));
      holder.querySelector(`#${d.find}-found`).innerHTML = found.items.length ? found.items.map((x) => `<button
        type="button" class="btn small secondary" data-add="${d.find}" data-id="${x.id}" data-name="${esc(
        x.shortName || x.name || x.fullName)}">+ ${esc(x.shortName || x.name || x.fullName)}${x.program
        ? ` (${esc(x.program.name || x.program.fullName || '')})` : ''}</button>`).join(' ') : '<p class="muted">Не '
        + 'найдено</p>';
      return;
    }
    if (d.add) {
      const list = doc[lists[d.add]] ||= [];
      if (!list.some((x) => x.id === d.id)) list.push({ id: d.id, name: d.name });
    } else if (d.drop) {
      doc[lists[d.drop]] = doc[lists[d.drop]].filter((x) => x.id !== d.id);
    } else if (b.id === 'add-section') doc.sections.push({ title: '', questions: [emptyQuestion()] });
    else if (d.addQuestion !== undefined) doc.sections[Number(d.addQuestion)].questions.push(emptyQuestion());
    else if (d.removeSection !== undefined) doc.sections.splice(Number(d.removeSection), 1);
    else if (d.removeQuestion !== undefined) {
      const [n, k] = d.removeQuestion.split('.').map(Number);
      doc.sections[n].questions.splice(k, 1);
    } else return;
    draw();
  });
  holder.addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    clearErrors(form);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try { await onSave(body(doc)); } catch (err) { if (!err.handled) showErrors(form, err); }
    finally { button.disabled = false; }
  });
  draw();
}

export async function create() {
  requireMenu('#/questionnaires');
  setMain('<h1>Новая анкета</h1><section class="card" id="editor"></section>', 'Новая анкета');
  const doc = { title: '', description: '', purpose: 'survey', audienceRoles: [], audienceOrganizations: [],
    audienceGroups: [], opensOn: '', closesOn: '',
    sections: [{ title: '', questions: [emptyQuestion()] }] };
  editor(document.getElementById('editor'), doc, { saveLabel: 'Создать', onSave: async (b) => {
    const q = await api.post('/api/v1/questionnaires', b);
    location.hash = `#/questionnaires/${q.id}`;
  } });
}

export async function card(id) {
  requireMenu('#/questionnaires');
  let q = await api.get(`/api/v1/questionnaires/${id}`);
  const answered = q.versions.find((v) => v.number === q.currentVersion)?.responses || 0;
  const transitions = { draft: [['active', 'Ввести в действие', 'btn']],
    active: [['closed', 'Закрыть', 'btn secondary']],
    closed: [['active', 'Открыть снова', 'btn secondary']] }[q.status];
  setMain(`<h1>${esc(q.title)}</h1><section class="card" id="summary"><p><span class="badge ${statusBadge[q.status]}">${
    statusNames[q.status]}</span> ${purposeNames[q.purpose]} · версия ${q.currentVersion}</p><h2>Версии</h2><ul>${
    q.versions.map((v) => `<li>Версия ${v.number} от ${fmtDate(v.createdAt)}: ответов ${v.responses}${v.responses
      ? ` — <a href="#/questionnaires/${id}/results?version=${v.number}">результаты</a>` : ''}</li>`).join('')}</ul>
    ${answered ? `<p class="muted">На версию ${q.currentVersion} уже отвечали: правка вопросов сохранится как версия
      ${q.currentVersion + 1}, а результаты версии ${q.currentVersion} останутся как были.</p>` : ''}
    <div class="actions">${transitions.map(([s, label, cls]) => `<button type="button" class="${cls}"
      data-status="${s}">${label}</button>`).join('')}${q.versions.some((v) => v.responses) ? '' : `<button
      type="button" class="btn danger" id="delete">Удалить</button>`}</div><div id="card-notice"></div></section>
    <section class="card" id="editor"></section>`, q.title);
  const show = (html) => { document.getElementById('card-notice').innerHTML = html; };
  document.getElementById('summary').addEventListener('click', async (e) => {
    const b = e.target.closest('[data-status], #delete');
    if (!b) return;
    try {
      if (b.dataset.status) {
        await api.put(`/api/v1/questionnaires/${id}/status`, { status: b.dataset.status });
        card(id);
      } else if (await ask({ title: 'Удалить анкету?', text: 'На неё никто не отвечал.', confirmLabel: 'Удалить',
        danger: true })) {
        await api.del(`/api/v1/questionnaires/${id}`);
        location.hash = '#/questionnaires';
      }
    } catch (err) { show(notice('err', esc(err.message))); }
  });
  const doc = { ...q, description: q.description || '', opensOn: q.opensOn || '', closesOn: q.closesOn || '',
    sections: q.sections.map((s) => ({ ...s, questions: s.questions.map((x) => ({ ...x })) })) };
  editor(document.getElementById('editor'), doc, { saveLabel: 'Сохранить', onSave: async (b) => {
    const before = q.currentVersion;
    try {
      q = await api.put(`/api/v1/questionnaires/${id}`, b, { headers: { 'If-Match': `"${q.version}"` } });
    } catch (err) {
      if (err.status !== 412) throw err;
      show(notice('warn', 'Анкету изменили в другом окне: обновите страницу, ваши правки не сохранены.'));
      throw Object.assign(new Error('stale'), { handled: true });
    }
    await card(id);
    show(notice('ok', q.currentVersion > before ? `Сохранено как версия ${q.currentVersion}: на версию ${before}
      уже отвечали, её результаты не изменились.` : 'Сохранено'));
  } });
}

/// A version's results: each question's chart (a scale also its mean), the texts, CSV of every response.
export async function results(id) {
  requireMenu('#/questionnaires');
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = await api.get(`/api/v1/questionnaires/${id}`);
  const version = Number(params.get('version')) || q.currentVersion;
  const r = await api.get(`/api/v1/questionnaires/${id}/results?version=${version}`);
  const block = (x) => `<section class="card"><h2>${esc(x.text)}</h2><p class="muted">${kindNames[x.kind]} · ответили
    ${x.answered} из ${r.responses}${x.mean != null ? ` · среднее <strong>${x.mean.toLocaleString('ru-RU')}</strong>`
    : ''}</p>${x.bars ? barChart(x.bars, { caption: x.text }) : ''}${x.texts ? (x.texts.length ? `<ul>${x.texts
    .map((t) => `<li>${esc(t)}</li>`).join('')}</ul>` : '<p class="muted">Ответов нет.</p>') : ''}</section>`;
  setMain(`<h1>Результаты: ${esc(q.title)}</h1><p>Версия ${r.version}${q.versions.length > 1 ? ` (<label
    for="version">другая:</label> <select id="version">${q.versions.map((v) => `<option value="${v.number}"${v.number
    === version ? ' selected' : ''}>версия ${v.number}: ${v.responses} отв.</option>`).join('')}</select>)` : ''} ·
    ответов: <strong>${r.responses}</strong></p><p class="actions"><button class="btn secondary" id="csv">Скачать
    ответы (CSV)</button><a class="btn secondary" href="#/questionnaires/${id}">К анкете</a></p>${r.questions
    .map(block).join('')}`, `Результаты: ${q.title}`);
  document.getElementById('version')?.addEventListener('change', (e) => {
    location.hash = `#/questionnaires/${id}/results?version=${e.target.value}`;
  });
  document.getElementById('csv').addEventListener('click', () => downloadCSV(
    `/api/v1/questionnaires/${id}/responses?version=${version}`, `responses-v${version}.csv`));
}
