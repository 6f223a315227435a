// The region's career-guidance tests for ЦОПП's operators (seed 001 §9): the list, the editor of a whole test —
// scales with the competencies, industries and event tags they lead to, questions whose options add points to the
// scales — publishing, the results with CSV. A test somebody has taken keeps its content: a new version is a copy.
import { api } from '../api.js';
import { ask, clearErrors, esc, field, fmtDate, notice, plural, setMain, showErrors } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';
import { listPage } from './tests.js';
import { fillMeters } from './career.js';

export const statusNames = { draft: 'черновик', published: 'опубликован', archived: 'в архиве' };
const statusBadge = { draft: 'wait', published: 'good', archived: '' };
const tabs = (current) => `<nav class="tabs" aria-label="Профориентация">${[['#/career-tests', 'Тесты'],
  ['#/career-tests/results', 'Результаты'], ['#/career', 'Публичная страница']].map(([h, t]) => `<a
  href="${h}"${h === current ? ' aria-current="page"' : ''}>${t}</a>`).join('')}</nav>`;

export async function list() {
  requireMenu('#/career-tests');
  await listPage({
    heading: 'Профориентационные тесты', tabs: tabs('#/career-tests'), tab: '#/career-tests',
    title: 'Профориентационные тесты', path: '/api/v1/career-tests', csv: 'career-tests.csv',
    empty: 'Тестов пока нет. Создайте первый: шкалы, вопросы и баллы вариантов ответа.',
    actions: '<a class="btn secondary" href="#/career-tests/new">Создать тест</a>',
    filters: (p) => `${field('q', 'Поиск', { value: p.get('q') || '', hint: 'Слова из названия или описания' })}
      ${field('status', 'Статус', { options: [['', 'Все'], ...Object.entries(statusNames)],
        value: p.get('status') || '' })}`,
    head: '<th>Тест</th><th>Статус</th><th>Вопросов</th><th>Шкал</th><th>Результатов</th><th>Изменён</th>',
    row: (t) => `<tr><td data-label="Тест"><a href="#/career-tests/${t.id}">${esc(t.title)}</a></td>
      <td data-label="Статус"><span class="badge ${statusBadge[t.status]}">${statusNames[t.status]}</span></td>
      <td data-label="Вопросов">${t.questions}</td><td data-label="Шкал">${t.scales}</td>
      <td data-label="Результатов">${t.results}</td><td data-label="Изменён">${fmtDate(t.updatedAt)}</td></tr>`,
  });
}

export async function results() {
  requireMenu('#/career-tests');
  const tests = (await api.get('/api/v1/career-tests?limit=200')).items;
  await listPage({
    heading: 'Результаты профориентации', tabs: tabs('#/career-tests/results'), tab: '#/career-tests/results',
    title: 'Результаты профориентации', path: '/api/v1/career-results', csv: 'career-results.csv',
    empty: 'Результатов за выбранный период нет.',
    filters: (p) => `${field('testId', 'Тест', { options: [['', 'Все'], ...tests.map((t) => [t.id, t.title])],
        value: p.get('testId') || '' })}
      ${field('from', 'С', { type: 'date', value: p.get('from') || '' })}
      ${field('to', 'По', { type: 'date', value: p.get('to') || '' })}
      ${field('signedIn', 'Кто проходил', { options: [['', 'Все'], ['true', 'Вошедшие'], ['false', 'Без входа']],
        value: p.get('signedIn') || '' })}`,
    head: '<th>Дата</th><th>Тест</th><th>Пользователь</th><th>Ведущие шкалы</th><th>Профиль</th>',
    row: (r) => `<tr><td data-label="Дата"><a href="#/career/results/${r.id}?view=staff">${fmtDate(r.createdAt)}</a>
      </td>
      <td data-label="Тест">${esc(r.test)}</td><td data-label="Пользователь">${r.user ? esc(r.user)
        : '<span class="muted">без входа</span>'}</td><td data-label="Ведущие шкалы">${r.leading.map(esc).join(', ')
        || '—'}</td><td data-label="Профиль">${r.profile.map((s) => `${esc(s.scale)}&nbsp;${s.percent}%`)
        .join('; ')}</td></tr>`,
  });
}

/// Directory choices of a scale: a folded list of checkboxes, the count of chosen ones in its summary.
const choices = (path, label, items, chosen) => `<details class="career-choices"><summary>${label}: <span
  data-count>${chosen.length}</span></summary><div data-error-for="${path}" class="error" role="alert"></div>
  <div class="checks">${items.map(([id, name]) => `<label><input type="checkbox" data-list="${path}"
  value="${id}"${chosen.map((x) => x.toLowerCase()).includes(id) ? ' checked' : ''}> ${esc(name)}</label>`).join('')}
  </div></details>`;

const emptyScale = () => ({ name: '', description: '', competencyIds: [], industryIds: [], professionIds: [],
  eventTagIds: [] });
const emptyQuestion = (scales) => ({ text: '', options: [0, 1].map(() => ({ text: '',
  weights: scales.map(() => 0) })) });

/// The document the API takes, from what the test's JSON says.
const documentOf = (t) => ({
  title: t.title, description: t.description || '',
  scales: t.scales.map((s) => ({ name: s.name, description: s.description || '',
    competencyIds: (s.competencies || []).map((x) => x.id), industryIds: (s.industries || []).map((x) => x.id),
    professionIds: (s.professions || []).map((x) => x.id), eventTagIds: (s.eventTags || []).map((x) => x.id) })),
  questions: t.questions.map((q) => ({ text: q.text, options: q.options.map((o) => ({ text: o.text,
    weights: o.weights })) })),
});

/// The editor: every change goes into `doc`; adding or removing a scale, question or option redraws from it.
async function editor(holder, doc, { onSave, saveLabel }) {
  const [competencies, industries, tags] = await Promise.all(['competencies', 'industries', 'tags']
    .map((k) => dirOptions(k).catch(() => [])));
  const short = (n) => `Ш${n + 1}`;
  const scaleHtml = (s, n) => `<fieldset class="question career-scale-edit"><legend>Шкала ${short(n)}</legend>
    ${field(`scales[${n}].name`, 'Название', { value: s.name, required: true,
      hint: 'Например: «Человек — техника»' })}
    ${field(`scales[${n}].description`, 'Что значит высокий балл', { type: 'textarea', value: s.description,
      hint: 'Это читает прошедший тест: какие профессии ему подойдут' })}
    <p class="hint">Программы каталога и мероприятия, которые предложит результат:</p>
    ${choices(`scales[${n}].competencyIds`, 'Компетенции', competencies, s.competencyIds)}
    ${choices(`scales[${n}].industryIds`, 'Отрасли', industries, s.industryIds)}
    ${choices(`scales[${n}].eventTagIds`, 'Теги мероприятий', tags, s.eventTagIds)}
    <div class="actions"><button class="btn secondary small" type="button" data-remove-scale="${n}"${doc.scales.length
      <= 2 ? ' disabled' : ''}>Удалить шкалу</button></div></fieldset>`;
  const optionHtml = (o, n, k) => `<div class="career-option"><div class="field"><label
    for="q${n}o${k}">Вариант ${k + 1}</label><input id="q${n}o${k}" data-field="questions[${n}].options[${k}].text"
    data-path="questions.${n}.options.${k}.text" value="${esc(o.text)}" maxlength="500"><div class="error"
    data-error-for="questions[${n}].options[${k}].text" role="alert"></div></div><div class="career-weights"
    role="group" aria-label="Баллы варианта ${k + 1} по шкалам">${doc.scales.map((s, i) => `<label
    title="${esc(s.name)}">${short(i)}<input type="number" min="-10" max="10" step="1" inputmode="numeric"
    aria-label="Баллы варианта ${k + 1} по шкале ${short(i)} «${esc(s.name || 'без названия')}»"
    data-weight="${n}.${k}.${i}" value="${o.weights[i] ?? 0}"></label>`).join('')}</div><div class="error"
    data-error-for="questions[${n}].options[${k}].weights" role="alert"></div><button class="btn secondary small"
    type="button" data-remove-option="${n}.${k}"${doc.questions[n].options.length <= 2 ? ' disabled'
    : ''}>Удалить вариант</button></div>`;
  const questionHtml = (q, n) => `<fieldset class="question"><legend>Вопрос ${n + 1}</legend>
    ${field(`questions[${n}].text`, 'Текст вопроса', { type: 'textarea', value: q.text, required: true })}
    <div data-error-for="questions[${n}].options" class="error" role="alert"></div>
    ${q.options.map((o, k) => optionHtml(o, n, k)).join('')}<div class="actions"><button class="btn secondary small"
    type="button" data-add-option="${n}">+ Вариант ответа</button><button class="btn secondary small" type="button"
    data-remove-question="${n}"${doc.questions.length <= 1 ? ' disabled' : ''}>Удалить вопрос</button></div>
    </fieldset>`;
  const draw = () => {
    holder.innerHTML = `<form id="career-form" novalidate>
      ${field('title', 'Название теста', { value: doc.title, required: true })}
      ${field('description', 'Описание для проходящих', { type: 'textarea', value: doc.description,
        hint: 'Сколько вопросов, сколько займёт, что человек узнает в конце' })}
      <h2>Шкалы</h2><p class="muted">От 2 до 12 шкал. Результат — процент по каждой: 0 — наименьшая сумма баллов,
      которую дают ответы, 100 — наибольшая.</p><div data-error-for="scales" class="error" role="alert"></div>
      ${doc.scales.map(scaleHtml).join('')}<div class="actions"><button class="btn secondary" type="button"
      id="add-scale"${doc.scales.length >= 12 ? ' disabled' : ''}>+ Шкала</button></div>
      <h2>Вопросы</h2><p class="muted">Каждый вариант ответа добавляет баллы шкалам (${doc.scales.map((s, i) =>
        `${short(i)} — ${esc(s.name || 'без названия')}`).join('; ')}), от −10 до 10.</p>
      <div data-error-for="questions" class="error" role="alert"></div>
      ${doc.questions.map(questionHtml).join('')}<div class="actions"><button class="btn secondary" type="button"
      id="add-question">+ Вопрос</button></div>
      <div class="form-notice"></div><div class="actions sticky-actions"><button class="btn"
      type="submit">${saveLabel}</button></div></form>`;
  };
  const set = (path, value) => {
    const keys = path.split('.');
    let o = doc;
    keys.slice(0, -1).forEach((k) => { o = o[k]; });
    o[keys[keys.length - 1]] = value;
  };
  holder.addEventListener('input', (e) => {
    const el = e.target;
    const m = /^(scales|questions)\[(\d+)\]\.(name|description|text)$/.exec(el.dataset.field || '');
    if (m) doc[m[1]][Number(m[2])][m[3]] = el.value;
    else if (el.name === 'title' || el.name === 'description') doc[el.name] = el.value;
    else if (el.dataset.path) set(el.dataset.path, el.value);
    else if (el.dataset.weight) {
      const [n, k, i] = el.dataset.weight.split('.').map(Number);
      doc.questions[n].options[k].weights[i] = el.value === '' ? 0 : Number(el.value);
    }
  });
  holder.addEventListener('change', (e) => {
    const el = e.target;
    if (!el.dataset.list) return;
    const m = /^scales\[(\d+)\]\.(\w+)$/.exec(el.dataset.list);
    const list = doc.scales[Number(m[1])][m[2]];
    const at = list.findIndex((x) => x.toLowerCase() === el.value);
    if (el.checked && at < 0) list.push(el.value);
    if (!el.checked && at >= 0) list.splice(at, 1);
    el.closest('details').querySelector('[data-count]').textContent = list.length;
  });
  holder.addEventListener('click', (e) => {
    const b = e.target.closest('button[type=button]');
    if (!b) return;
    const d = b.dataset;
    if (b.id === 'add-scale') {
      doc.scales.push(emptyScale());
      doc.questions.forEach((q) => q.options.forEach((o) => o.weights.push(0)));
    } else if (b.id === 'add-question') doc.questions.push(emptyQuestion(doc.scales));
    else if (d.removeScale !== undefined) {
      const n = Number(d.removeScale);
      doc.scales.splice(n, 1);
      doc.questions.forEach((q) => q.options.forEach((o) => o.weights.splice(n, 1)));
    } else if (d.addOption !== undefined) {
      doc.questions[Number(d.addOption)].options.push({ text: '', weights: doc.scales.map(() => 0) });
    } else if (d.removeOption !== undefined) {
      const [n, k] = d.removeOption.split('.').map(Number);
      doc.questions[n].options.splice(k, 1);
    } else if (d.removeQuestion !== undefined) doc.questions.splice(Number(d.removeQuestion), 1);
    else return;
    draw();
  });
  holder.addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    clearErrors(form);
    const button = form.querySelector('button[type=submit]');
    // points are whole numbers from −10 to 10: said here, beside the option, before anything is sent
    const wrong = [];
    doc.questions.forEach((q, n) => q.options.forEach((o, k) => {
      if (!o.weights.every((w) => Number.isInteger(w) && w >= -10 && w <= 10)) {
        wrong.push({ field: `questions[${n}].options[${k}].weights`, message: 'Баллы — целые числа от −10 до 10' });
      }
    }));
    if (wrong.length) { showErrors(form, { fieldErrors: wrong, message: 'Исправьте баллы' }); return; }
    button.disabled = true;
    try { await onSave(doc); } catch (err) {
      if (!err.handled) {
        // an error of a folded scale's choice opens it
        showErrors(form, err);
        form.querySelectorAll('.career-choices').forEach((x) => {
          if (x.querySelector('.error')?.textContent) x.open = true;
        });
      }
    } finally { button.disabled = false; }
  });
  draw();
}

export async function create() {
  requireMenu('#/career-tests');
  setMain(`<h1>Новый профориентационный тест</h1>${tabs('')}<section class="card" id="editor"></section>`,
    'Новый профориентационный тест');
  const doc = { title: '', description: '', scales: [emptyScale(), emptyScale()], questions: [] };
  doc.questions.push(emptyQuestion(doc.scales));
  await editor(document.getElementById('editor'), doc, { saveLabel: 'Создать черновик', onSave: async (d) => {
    const t = await api.post('/api/v1/career-tests', d);
    location.hash = `#/career-tests/${t.id}`;
  } });
}

/// A test with results, as it is: its scales and each option's points.
const readOnly = (t) => `<h2>Шкалы</h2><ol>${t.scales.map((s) => `<li><strong>${esc(s.name)}</strong>${s.description
  ? ` — ${esc(s.description)}` : ''}<br><span class="muted">${[...s.competencies, ...s.industries, ...s.eventTags]
  .map((x) => esc(x.name)).join(', ') || 'ничего не предлагает'}</span></li>`).join('')}</ol><h2>Вопросы</h2>
  <ol>${t.questions.map((q) => `<li><p>${esc(q.text)}</p><ul>${q.options.map((o) => `<li>${esc(o.text)} <span
  class="muted">(${o.weights.map((w, i) => (w ? `Ш${i + 1} ${w > 0 ? '+' : ''}${w}` : '')).filter(Boolean)
  .join(', ') || 'без баллов'})</span></li>`).join('')}</ul></li>`)
  .join('')}</ol>`;

export async function card(id) {
  requireMenu('#/career-tests');
  let t = await api.get(`/api/v1/career-tests/${id}`);
  const ifMatch = () => ({ headers: { 'If-Match': `"${t.version}"` } });
  const actions = () => [
    t.status !== 'published' ? ['published', 'Опубликовать', 'btn']
      : ['archived', 'Снять с публикации', 'btn secondary'],
    ...(t.status === 'archived' || (t.status === 'published' && !t.results) ? [['draft', 'Вернуть в черновики',
      'btn secondary']] : []),
  ].filter(([s]) => s !== 'draft' || !t.results);
  const most = Math.max(1, ...t.leadingCounts.map((c) => c.count));
  setMain(`<h1>${esc(t.title)}</h1>${tabs('')}<section class="card" id="summary"><p><span
    class="badge ${statusBadge[t.status]}">${
    statusNames[t.status]}</span>${t.publishedAt ? ` впервые опубликован ${fmtDate(t.publishedAt)}` : ''}${
    t.basedOnTitle
    ? ` · новая версия теста <a href="#/career-tests/${t.basedOn}">${esc(t.basedOnTitle)}</a>` : ''}</p>
    <p>Результатов: <strong>${t.results}</strong>, из них вошедших пользователей: ${t.signedInResults}.
    ${t.results ? `<a href="#/career-tests/results?testId=${t.id}">Все результаты</a>` : ''}</p>${t.results
    ? `<h2>Чаще всего ведущая шкала</h2><ul class="plain career-bars">${t.leadingCounts.map((c) => `<li><span
      class="career-scale">${esc(c.scale)}</span><span class="career-meter" role="img" aria-label="${c.count}
      ${esc(plural(c.count, 'результат', 'результата', 'результатов').replace(/^\d+ /, ''))}"><span
      data-width="${Math.round(c.count * 100 / most)}"></span></span><strong>${c.count}</strong></li>`).join('')}
      </ul>` : ''}<div class="actions">${actions().map(([s, label, cls]) => `<button class="${cls}" type="button"
      data-status="${s}">${label}</button>`).join('')}${t.status === 'published' ? `<a class="btn secondary"
      href="#/career/${t.id}">Открыть как посетитель</a>` : ''}<button class="btn secondary" type="button"
      id="copy">Создать новую версию</button>${t.results ? '' : `<button class="btn danger" type="button"
      id="delete">Удалить</button>`}</div><div id="card-notice"></div></section>
    <section class="card" id="editor">${t.results ? `${notice('', 'Тест уже проходили: вопросы, баллы и шкалы'
      + ' изменить нельзя, иначе результаты потеряют смысл. Чтобы изменить тест, создайте новую версию.')}
      ${readOnly(t)}` : ''}</section>`, t.title);
  fillMeters(document.getElementById('summary'));
  const problem = (err) => { document.getElementById('card-notice').innerHTML = notice('err', esc(err.message)); };
  document.getElementById('summary').addEventListener('click', async (e) => {
    const b = e.target.closest('[data-status], #copy, #delete');
    if (!b) return;
    try {
      if (b.dataset.status) {
        t = await api.put(`/api/v1/career-tests/${id}/status`, { status: b.dataset.status }, ifMatch());
        card(id);
      } else if (b.id === 'copy') {
        const c = await api.post(`/api/v1/career-tests/${id}/copy`);
        location.hash = `#/career-tests/${c.id}`;
      } else if (await ask({ title: 'Удалить тест?', text: 'Тест никто не проходил; он будет удалён целиком.',
        confirmLabel: 'Удалить', danger: true })) {
        await api.del(`/api/v1/career-tests/${id}`);
        location.hash = '#/career-tests';
      }
    } catch (err) { problem(err); }
  });
  if (t.results) return;
  await editor(document.getElementById('editor'), documentOf(t), { saveLabel: 'Сохранить', onSave: async (d) => {
    try {
      t = await api.put(`/api/v1/career-tests/${id}`, d, ifMatch());
      document.querySelector('#editor .form-notice').innerHTML = notice('ok', 'Сохранено');
    } catch (err) {
      if (err.status !== 412) throw err;
      document.querySelector('#editor .form-notice').innerHTML = notice('warn', 'Тест изменили в другом окне:'
        + ' ваши правки не сохранены. <button class="btn secondary small" type="button" id="reload">Показать новую'
        + ' версию</button>');
      document.getElementById('reload').addEventListener('click', () => card(id));
      throw Object.assign(new Error('stale'), { handled: true });
    }
  } });
}
