// Module constructor (seed 000 §5): list, and a card with tabs — main and sections, parameters, results, assessment,
// and the thematic plan where hours are summed from lessons.
import { api, currentUser, downloadCSV, uploadFile } from '../api.js';
import { esc, field, handleForm, notice, setMain, ask } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';

const kindNames = { lecture: 'Лекция', practice: 'Практика', lab: 'Лабораторная', self_study: 'Самостоятельная работа',
  assessment: 'Контроль' };
const lists = [['knowledge', 'Знать'], ['skills', 'Уметь'], ['experience', 'Иметь практический опыт'],
  ['teacherRequirements', 'Требования к квалификации преподавателя']];
const hours = (h) => `${Number(h).toLocaleString('ru-RU')} ч`;

export async function list() {
  requireMenu('#/modules');
  const competencies = await dirOptions('competencies');
  let search = '';
  setMain(`<h1>Модули программ</h1>
    <form id="mod-search" class="filters" role="search">${field('q', 'Поиск по названию')}
      <div class="actions"><button class="btn" type="submit">Найти</button><button class="btn secondary" type="button"
        id="csv">CSV</button></div></form>
    <details class="card"><summary><strong>Новый модуль</strong></summary><form id="mod-new" novalidate><div
      class="form-notice"></div>
      ${field('name', 'Название модуля', { required: true })}
      ${field('competency', 'Компетенция (заполнит параметры)', { options: [['', '—'], ...competencies] })}
      <button class="btn" type="submit">Создать</button></form></details>
    <table class="list"><thead><tr><th>Модуль</th><th>Часы</th><th>Тем</th><th>Компетенции</th></tr></thead><tbody
      id="mod-rows"></tbody></table>`, 'Модули программ');
  async function load() {
    const page = await api.get(`/api/v1/modules?limit=200${search ? `&q=${encodeURIComponent(search)}` : ''}`);
    document.getElementById('mod-rows').innerHTML = page.items.map((m) => `<tr><td data-label="Модуль"><a
      href="#/modules/${m.id}">${esc(m.name)}</a></td>
      <td data-label="Часы">${hours(m.hours)}</td><td data-label="Тем">${m.topicCount}</td><td
        data-label="Компетенции">${m.competencies.map(esc).join(', ')}</td></tr>`).join('')
      || '<tr><td colspan="4" class="muted">Модулей пока нет. Создайте модуль («Новый модуль» выше), добавьте в'
        + ' него темы и занятия — из модулей собираются программы.</td></tr>';
  }
  document.getElementById('mod-search').addEventListener('submit',
    (e) => { e.preventDefault(); search = e.target.elements.q.value.trim(); load(); });
  document.getElementById('csv').addEventListener('click', () => downloadCSV(`/api/v1/modules${search
    ? `?q=${encodeURIComponent(search)}` : ''}`, 'modules.csv'));
  handleForm(document.getElementById('mod-new'), async (d) => {
    const orgs = currentUser().organizations.filter((o) => o.status === 'approved');
    const m = await api.post('/api/v1/modules', { name: d.name, competencyIds: d.competency ? [d.competency] : [],
      organizationId: orgs[0]?.id });
    location.hash = `#/modules/${m.id}/plan`;
  });
  await load();
}

const tabs = [['main', 'Основное и разделы'], ['parameters', 'Параметры'], ['results', 'Результаты'], ['assessment',
  'Оценочные материалы'], ['plan', 'Учебно-тематический план']];

export async function card(id, tab = 'main') {
  let m = await api.get(`/api/v1/modules/${id}`);
  const nav = tabs.map(([t, n]) => `<a href="#/modules/${id}/${t}"${t === tab ? ' aria-current="page"'
    : ''}>${n}</a>`).join('');
  const shell = (inner) => setMain(`<h1>${esc(m.name)} <span class="badge" id="mod-hours">${hours(m.hours)}</span></h1>
    <nav class="tabs" aria-label="Вкладки модуля">${nav}</nav><div id="mod-status" aria-live="polite"></div>${inner}`,
      m.name);
  const save = async (body) => {
    m = await api.patch(`/api/v1/modules/${id}`, body, { headers: { 'If-Match': `"${m.version}"` } });
    document.getElementById('mod-status').innerHTML = notice('ok', 'Сохранено.');
  };
  const checks = (name, options, chosen) => `<div class="check-columns">${options.map(([v, n]) =>
    `<label class="check"><input type="checkbox" name="${name}" value="${esc(v)}"${chosen.includes(v) ? ' checked'
      : ''}> ${esc(n)}</label>`).join('')}</div>`;
  if (tab === 'main') {
    const [competencies, professions] = await Promise.all([dirOptions('competencies'), dirOptions('professions')]);
    shell(`<form id="tab-form" class="card" novalidate><div class="form-notice"></div>
      ${field('name', 'Название', { required: true, value: m.name })}${field('description', 'Описание',
        { type: 'textarea', value: m.description || '' })}
      <fieldset class="field"><legend><strong>Компетенции</strong> <span
        class="hint">(новые компетенции заполнят вкладку «Параметры»)</span></legend>
        ${checks('competency', competencies, m.competencies.map((c) => c.id))}</fieldset>
      <fieldset class="field"><legend><strong>Профессии</strong></legend>${checks('profession', professions,
        m.professions.map((c) => c.id))}</fieldset>
      <button class="btn" type="submit">Сохранить</button></form>`);
    const form = document.getElementById('tab-form');
    handleForm(form, (d) => save({ name: d.name, description: d.description || null,
      competencyIds: [...form.querySelectorAll('input[name=competency]:checked')].map((x) => x.value),
      professionIds: [...form.querySelectorAll('input[name=profession]:checked')].map((x) => x.value) }));
  } else if (tab === 'parameters') {
    const p = m.parameters || {};
    shell(`<form id="tab-form" class="card" novalidate><div class="form-notice"></div>
      ${lists.map(([k, n]) => field(k, n, { type: 'textarea', value: (p[k] || []).join('\n'),
        hint: 'По одному пункту на строку' })).join('')}
      <div class="row">${field('roomTypes', 'Типы помещений (коды)', { value: (p.roomTypes
        || []).join(', ') })}${field('equipmentTypes', 'Типы оборудования (коды)', { value: (p.equipmentTypes
        || []).join(', ') })}</div>
      ${field('learnerRequirements', 'Требования к обучающимся', { type: 'textarea', value: p.learnerRequirements
        || '' })}
      ${field('expectedResults', 'Ожидаемые результаты обучения', { type: 'textarea', value: p.expectedResults || '' })}
      <button class="btn" type="submit">Сохранить</button></form>`);
    const lines = (s) => (s || '').split('\n').map((x) => x.trim()).filter(Boolean);
    const codes = (s) => (s || '').split(',').map((x) => x.trim()).filter(Boolean);
    handleForm(document.getElementById('tab-form'),
      (d) => save({ parameters: { ...Object.fromEntries(lists.map(([k]) => [k, lines(d[k])])),
      roomTypes: codes(d.roomTypes), equipmentTypes: codes(d.equipmentTypes),
        learnerRequirements: d.learnerRequirements || null, expectedResults: d.expectedResults || null } }));
  } else if (tab === 'results') {
    const p = m.parameters || {};
    const r = m.results || {};
    shell(`<form id="tab-form" class="card" novalidate><div class="form-notice"></div><p
      class="hint">Выберите из параметров модуля, что получит обучающийся.</p>
      ${[['knowledge', 'Знания'], ['skills', 'Умения'], ['experience', 'Опыт']].map(([k, n]) => `<fieldset
        class="field"><legend><strong>${n}</strong></legend>
        ${(p[k] || []).length ? checks(k, (p[k] || []).map((x) => [x, x]), r[k] || [])
          : '<p class="muted">Заполните вкладку «Параметры»</p>'}</fieldset>`).join('')}
      <button class="btn" type="submit">Сохранить</button></form>`);
    const form = document.getElementById('tab-form');
    handleForm(form, () => save({ results: Object.fromEntries(['knowledge', 'skills', 'experience'].map((k) =>
      [k, [...form.querySelectorAll(`input[name=${k}]:checked`)].map((x) => x.value)])) }));
  } else if (tab === 'assessment') {
    shell(`<form id="tab-form" class="card" novalidate><div class="form-notice"></div>
      ${field('assessmentDescription', 'Как оценивается освоение модуля', { type: 'textarea',
        value: m.assessmentDescription || '' })}
      ${m.assessmentFile ? `<p><a href="${esc(m.assessmentFile.url)}">Текущий файл с заданием</a></p>` : ''}
      ${field('file', 'Файл с оценочным заданием', { type: 'file' })}<div class="error" id="f-assessmentFileId-err"
        role="alert"></div>
      <button class="btn" type="submit">Сохранить</button></form>`);
    const form = document.getElementById('tab-form');
    handleForm(form, async (d) => {
      const body = { assessmentDescription: d.assessmentDescription || null };
      const f = form.elements.file.files[0];
      if (f) body.assessmentFileId = (await uploadFile(f, { organizationId: m.organizationId })).id;
      await save(body);
    });
  } else {
    const render = () => {
      document.getElementById('plan').innerHTML = m.topics.map((t, i) => `<section class="card" data-topic="${t.id}">
        <h2>Тема ${i + 1}. ${esc(t.name)} <span class="badge">${hours(t.hours)}</span></h2>
        <table class="list"><thead><tr><th>Занятие</th><th>Вид</th><th>Часы</th><th>Материалы</th><th></th></tr>
        </thead><tbody>
        ${t.lessons.map((l) => `<tr data-lesson="${l.id}"><td data-label="Занятие">${esc(l.name)}</td><td
          data-label="Вид">${kindNames[l.kind]}</td>
          <td data-label="Часы">${hours(l.hours)}</td><td data-label="Материалы">${l.materials.map((x) => `<a
            href="${esc(x.url || `/api/v1/files/${x.fileId}`)}">${esc(x.title)}</a>`).join(', ')}</td>
          <td><button class="btn small danger" data-delete-lesson
            aria-label="Удалить занятие ${esc(l.name)}">×</button></td></tr>`).join('')}</tbody></table>
        <form class="lesson-form" novalidate aria-label="Новое занятие темы ${i + 1}"><div
          class="form-notice"></div><div class="row">
          ${field('name', 'Занятие', { required: true, idPrefix: `t${i}-` })}
          ${field('kind', 'Вид', { options: Object.entries(kindNames), idPrefix: `t${i}-` })}
          ${field('hours', 'Часы', { type: 'number', value: '2', attrs: 'step="0.25" min="0.25"', idPrefix: `t${i}-` })}
          ${field('materialUrl', 'Ссылка на материал', { type: 'url', idPrefix: `t${i}-` })}</div>
          <div class="actions"><button class="btn" type="submit">Добавить занятие</button>
          <button class="btn secondary" type="button"
            data-delete-topic>Удалить тему</button></div></form>${topicMaterials(t, i)}</section>`).join('')
            || '<p class="muted">Добавьте первую тему.</p>';
      document.getElementById('mod-hours').textContent = hours(m.hours);
      document.querySelectorAll('.attach-form').forEach((form) => handleForm(form, async (d) => {
        const topic = form.closest('[data-topic]').dataset.topic;
        m = await api.post(`/api/v1/modules/${id}/topics/${topic}/materials`, { materialId: d.materialId });
        render();
      }));
      document.querySelectorAll('.lesson-form').forEach((form) => handleForm(form, async (d) => {
        const topic = form.closest('[data-topic]').dataset.topic;
        m = await api.post(`/api/v1/modules/${id}/topics/${topic}/lessons`, { name: d.name, kind: d.kind,
          hours: Number(d.hours),
          materials: d.materialUrl ? [{ title: 'Материал', url: d.materialUrl }] : [] });
        render();
      }));
    };
    // materials to attach (seed «Добавить из списка»): the organization's own and the region's library
    const [own, shared] = await Promise.all([
      api.get(`/api/v1/materials?organizationId=${m.organizationId}&limit=200`).catch(() => ({ items: [] })),
      api.get('/api/v1/library?limit=100').catch(() => ({ items: [] })),
    ]);
    const choices = [...own.items, ...shared.items.filter((x) => !own.items.some((o) => o.id === x.id))];
    const topicMaterials = (t, i) => `<div class="topic-materials"><h3>Учебные материалы темы</h3>${t.materials.length
      ? `<ul class="materials">${t.materials.map((x) => `<li><a href="#/${x.own ? 'materials' : 'library'}/${x.id}">${
        esc(x.name)}</a> <button class="btn small secondary" type="button" data-detach="${x.id}"
        aria-label="Открепить ${esc(x.name)}">Открепить</button></li>`).join('')}</ul>`
      : '<p class="muted">Материалов нет.</p>'}<form class="attach-form row" novalidate>${field('materialId',
        'Добавить из списка', { options: [['', 'Выберите материал'], ...choices.filter((x) => !t.materials.some((y) =>
          y.id === x.id)).map((x) => [x.id, x.organizationId === m.organizationId ? x.name
          : `${x.name} (библиотека)`])], idPrefix: `m${i}-` })}<div class="actions"><button class="btn secondary"
        type="submit">Прикрепить</button></div><div class="form-notice"></div></form></div>`;
    shell(`<form id="topic-form" class="card filters" novalidate><div class="form-notice"></div>${field('topic',
      'Новая тема', { required: true })}
      <div class="actions"><button class="btn" type="submit">Добавить тему</button></div></form><div id="plan"></div>`);
    handleForm(document.getElementById('topic-form'), async (d) => {
      try { m = await api.post(`/api/v1/modules/${id}/topics`, { name: d.topic }); }
      catch (err) { err.fieldErrors = (err.fieldErrors || []).map((e) => ({ ...e, field: e.field === 'name' ? 'topic'
        : e.field })); throw err; }
      document.getElementById('topic-form').reset();
      render();
    });
    document.getElementById('plan').addEventListener('click', async (e) => {
      const topic = e.target.closest('[data-topic]')?.dataset.topic;
      if (e.target.dataset.detach) {
        await api.del(`/api/v1/modules/${id}/topics/${topic}/materials/${e.target.dataset.detach}`);
      } else if (e.target.hasAttribute('data-delete-lesson')) {
        const lesson = e.target.closest('[data-lesson]').dataset.lesson;
        await api.del(`/api/v1/modules/${id}/topics/${topic}/lessons/${lesson}`);
      } else if (e.target.hasAttribute('data-delete-topic')) {
        if (!await ask({ title: 'Удалить тему?', text: 'Тема удалится со всеми её занятиями.', confirmLabel: 'Удалить',
          danger: true })) return;
        await api.del(`/api/v1/modules/${id}/topics/${topic}`);
      } else return;
      m = await api.get(`/api/v1/modules/${id}`);
      render();
    });
    render();
  }
}
