// Tests of an organization (seed 000 «Тестовые задания»): the list, a test's card — parameters and scoring
// criteria, questions from the bank (chosen or drawn at random), the groups it is given to, results per question.
import { api, currentUser, downloadCSV } from '../api.js';
import { esc, field, handleForm, notice, setMain, fmtDate, ask } from '../ui.js';
import { requireMenu } from '../shell.js';

export const kindNames = { single: 'Один ответ', multiple: 'Несколько ответов', text: 'Краткий ответ' };

/// The section's tabs: tests, the question bank, results.
export const testTabs = (current) => `<nav class="tabs" aria-label="Тестовые задания">${[['#/tests', 'Тесты'],
  ['#/tests/bank', 'Банк вопросов'], ['#/tests/results', 'Результаты тестов']].map(([h, t]) => `<a
  href="${h}"${h === current ? ' aria-current="page"' : ''}>${t}</a>`).join('')}</nav>`;

/// The organizations whose tests the user writes: a choice only when there are several.
export function organizationField(value = '') {
  const orgs = currentUser().organizations.filter((o) => o.status === 'approved');
  return orgs.length > 1 ? field('organizationId', 'Организация', { options: orgs.map((o) => [o.id, o.shortName]),
    value, required: true }) : '';
}

/// A list page of the section: filters, «Показать ещё», CSV. `row` draws an item, `head` the table's header cells.
export async function listPage({ tab, title, path, filters, head, row, csv, empty, actions = '',
  heading = 'Тестовые задания', tabs = testTabs(tab) }) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const filtersHtml = filters(params);
  // a list without filters gets its exports only
  setMain(`<h1>${heading}</h1>${tabs}<form id="list-form" class="${filtersHtml ? 'card' : 'bare'}" role="search">${
    filtersHtml ? `<div class="row">${filtersHtml}</div>` : ''}<div class="actions">${filtersHtml ? `<button class="btn"
    type="submit">Показать</button>` : ''}<button class="btn secondary" type="button" id="list-csv">Скачать
    CSV</button>${actions}</div></form>
    <div id="list"></div><div class="pager"><button class="btn secondary" id="more" hidden>Показать ещё</button></div>`,
  title);
  const form = document.getElementById('list-form');
  const query = () => {
    const q = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) q.set(el.name, el.value);
    return q;
  };
  let cursor = null;
  const load = async (append) => {
    const q = query();
    q.set('limit', '50');
    if (append && cursor) q.set('cursor', cursor);
    const page = await api.get(`${path}?${q}`);
    const rows = page.items.map(row).join('');
    const box = document.getElementById('list');
    if (append) box.querySelector('tbody').insertAdjacentHTML('beforeend', rows);
    else box.innerHTML = page.items.length ? `<table class="list"><thead><tr>${head}</tr></thead><tbody>${rows}
      </tbody></table>` : notice('', empty);
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    history.replaceState(null, '', `${tab}?${query()}`);
    load(false);
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  document.getElementById('list-csv').addEventListener('click', () => downloadCSV(`${path}?${query()}`, csv));
  await load(false);
}

export async function list() {
  requireMenu('#/tests');
  await listPage({
    tab: '#/tests', title: 'Тесты', path: '/api/v1/tests', csv: 'tests.csv',
    empty: 'Тестов пока нет. Создайте первый: вопросы для него берутся из банка вопросов организации.',
    actions: '<a class="btn secondary" href="#/tests/new">Создать тест</a>',
    filters: (p) => field('q', 'Поиск', { value: p.get('q') || '', hint: 'Слова из названия или описания' }),
    head: '<th>Тест</th><th>Вопросов</th><th>Время</th><th>Групп</th><th>Завершённых попыток</th><th>Изменён</th>',
    row: (t) => `<tr><td><a href="#/tests/${t.id}">${esc(t.name)}</a>${t.competency ? `<br><span
      class="muted">${esc(t.competency)}</span>` : ''}</td><td>${t.questions}${t.questionCount ? ` (в попытке
      ${t.questionCount})` : ''}</td><td>${t.timeLimitMinutes} мин</td><td>${t.groups}</td><td>${t.attempts}</td>
      <td>${fmtDate(t.updatedAt)}</td></tr>`,
  });
}

const settingsFields = (t = {}) => `${field('name', 'Название теста', { value: t.name || '', required: true })}
  ${field('description', 'Описание для обучающихся', { type: 'textarea', value: t.description || '' })}
  <div class="row">${field('timeLimitMinutes', 'Время на попытку, минут', { type: 'number', required: true,
    value: String(t.timeLimitMinutes ?? 20), attrs: 'min="1" max="600"' })}
  ${field('maxAttempts', 'Попыток', { type: 'number', value: t.maxAttempts ? String(t.maxAttempts) : '',
    hint: 'Пусто — без ограничения', attrs: 'min="1" max="100"' })}
  ${field('questionCount', 'Вопросов в попытке', { type: 'number', value: t.questionCount ? String(t.questionCount)
    : '', hint: 'Случайная выборка из вопросов теста; пусто — все', attrs: 'min="1" max="500"' })}
  ${field('passPercent', 'Проходной балл, %', { type: 'number', required: true, value: String(t.passPercent ?? 60),
    attrs: 'min="0" max="100"' })}</div>
  ${field('shuffleQuestions', 'Перемешивать вопросы', { type: 'checkbox', value: t.shuffleQuestions ?? true })}
  ${field('shuffleOptions', 'Перемешивать варианты ответов', { type: 'checkbox', value: t.shuffleOptions ?? true })}`;

const numbers = (d) => {
  for (const k of ['timeLimitMinutes', 'maxAttempts', 'questionCount', 'passPercent']) {
    if (d[k] !== undefined) d[k] = Number(d[k]);
  }
  return d;
};

export async function create() {
  requireMenu('#/tests');
  setMain(`<h1>Новый тест</h1><form id="test-form" class="card" novalidate>${organizationField()}${settingsFields()}
    <div class="form-notice"></div><div class="actions"><button class="btn" type="submit">Создать</button>
    <a class="btn secondary" href="#/tests">Отмена</a></div></form>`, 'Новый тест');
  handleForm(document.getElementById('test-form'), async (d) => {
    const t = await api.post('/api/v1/tests', numbers(d));
    location.hash = `#/tests/${t.id}`;
  });
}

/// A test's card: parameters, questions, groups, results per question.
export async function card(id) {
  requireMenu('#/tests');
  let t = await api.get(`/api/v1/tests/${id}`);
  const groups = await api.get(`/api/v1/groups?limit=200&organizationId=${t.organizationId}`).catch(() => ({
    items: [] }));
  const stats = await api.get(`/api/v1/tests/${id}/question-stats`);
  const statOf = Object.fromEntries(stats.items.map((s) => [s.questionId, s]));
  const draw = () => setMain(`<h1>${esc(t.name)}</h1>${testTabs('#/tests')}<div id="test-card">
    <section class="card"><h2>Параметры и критерии оценки</h2><form id="test-form" novalidate>${settingsFields(t)}
      <div class="form-notice"></div><div class="actions"><button class="btn" type="submit">Сохранить</button>
      <button class="btn danger" type="button" id="test-delete">Удалить тест</button></div></form></section>
    <section class="card"><h2>Вопросы (${t.questions.length})</h2>
      ${t.questions.length ? `<ol class="test-questions">${t.questions.map((q) => `<li><a
        href="#/tests/bank/${q.id}">${esc(q.text)}</a> <span class="muted">${kindNames[q.kind]}, баллов:
        ${q.points}${statOf[q.id]?.answers ? `, ответов: ${statOf[q.id].answers}, трудность:
        ${Math.round(statOf[q.id].difficulty * 100)}%` : ''}</span> <button class="btn secondary small"
        data-remove="${q.id}"
        aria-label="Убрать из теста: ${esc(q.text.slice(0, 60))}">Убрать</button></li>`).join('')}</ol>`
        : notice('warn', 'В тесте нет вопросов: добавьте их из банка.')}
      <form id="pick-form" class="row" role="search">${field('q', 'Найти в банке', { hint: 'Слова вопроса' })}
        <div class="actions"><button class="btn secondary" type="submit">Найти</button></div></form>
      <div id="pick-list"></div>
      <form id="random-form" class="row" novalidate>${field('count', 'Случайные вопросы из банка', { type: 'number',
        value: '5', attrs: 'min="1" max="200"', hint: 'Вопросы, которых ещё нет в тесте' })}
        <div class="actions"><button class="btn secondary" type="submit">Добавить</button></div>
        <div class="form-notice"></div></form>
      <p class="actions"><a class="btn secondary" href="#/tests/bank/new?testId=${id}">Новый вопрос</a>
      <button class="btn secondary" type="button" id="stats-csv">Результаты по вопросам (CSV)</button></p></section>
    <section class="card"><h2>Группы</h2>${t.groups.length ? `<ul>${t.groups.map((g) => `<li><a
      href="#/groups/${g.groupId}/gradebook">${esc(g.name)}</a>${g.closesAt ? ` — до ${fmtDate(g.closesAt)}` : ''}
      <button class="btn secondary small" data-unassign="${g.groupId}">Отменить</button></li>`).join('')}</ul>`
      : '<p class="muted">Тест пока не назначен ни одной группе.</p>'}
      <form id="assign-form" novalidate><div class="row">${field('groupId', 'Группа', { options: [['', 'Выберите'],
        ...groups.items.map((g) => [g.id, g.name])] })}${field('opensAt', 'Открыт с', { type: 'datetime-local' })}
        ${field('closesAt', 'до', { type: 'datetime-local' })}</div><div class="form-notice"></div>
        <div class="actions"><button class="btn" type="submit">Назначить группе</button></div></form>
      <p><a href="#/tests/results?testId=${id}">Результаты теста →</a></p></section></div>`, t.name);
  const wire = () => {
    document.getElementById('test-card').addEventListener('click', act);
    handleForm(document.getElementById('test-form'), async (d) => {
      d.shuffleQuestions = !!d.shuffleQuestions; d.shuffleOptions = !!d.shuffleOptions;
      t = await api.put(`/api/v1/tests/${id}`, { ...numbers(d), lessonId: t.lessonId ?? undefined,
        competencyId: t.competencyId ?? undefined });
      redraw(notice('ok', 'Параметры сохранены.'));
    });
    handleForm(document.getElementById('random-form'), async (d) => {
      t = await api.post(`/api/v1/tests/${id}/questions/random`, { count: Number(d.count) });
      redraw();
    });
    handleForm(document.getElementById('assign-form'), async (d) => {
      const at = (v) => v ? new Date(v).toISOString() : undefined;
      t = await api.put(`/api/v1/tests/${id}/groups`, { groupId: d.groupId, opensAt: at(d.opensAt),
        closesAt: at(d.closesAt) });
      redraw(notice('ok', 'Тест назначен группе.'));
    });
    document.getElementById('pick-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const q = e.target.elements.q.value.trim();
      const found = await api.get(`/api/v1/test-questions?organizationId=${t.organizationId}&limit=20${q
        ? `&q=${encodeURIComponent(q)}` : ''}`);
      const have = new Set(t.questions.map((x) => x.id));
      const fresh = found.items.filter((x) => !have.has(x.id));
      document.getElementById('pick-list').innerHTML = fresh.length ? `<ul class="pick">${fresh.map((x) => `<li>
        <button class="btn secondary small" data-add="${x.id}">Добавить</button> ${esc(x.text)} <span
        class="muted">${kindNames[x.kind]}</span></li>`).join('')}</ul>` : notice('', 'Подходящих вопросов нет.');
    });
    document.getElementById('stats-csv').addEventListener('click',
      () => downloadCSV(`/api/v1/tests/${id}/question-stats`, 'test-questions.csv'));
    document.getElementById('test-delete').addEventListener('click', async () => {
      if (!await ask({ title: 'Удалить тест?', text: 'Попытки и результаты теста тоже будут удалены.',
        confirmLabel: 'Удалить', danger: true })) return;
      await api.del(`/api/v1/tests/${id}`);
      location.hash = '#/tests';
    });
  };
  const redraw = (message = '') => {
    draw(); wire();
    if (message) document.querySelector('#test-form .form-notice').innerHTML = message;
  };
  const act = async (e) => {
    const add = e.target.closest('[data-add]')?.dataset.add;
    const remove = e.target.closest('[data-remove]')?.dataset.remove;
    const unassign = e.target.closest('[data-unassign]')?.dataset.unassign;
    if (add) t = await api.post(`/api/v1/tests/${id}/questions`, { questionIds: [add] });
    else if (remove) t = await api.del(`/api/v1/tests/${id}/questions/${remove}`);
    else if (unassign) t = await api.del(`/api/v1/tests/${id}/groups/${unassign}`);
    else return;
    redraw();
  };
  redraw();
}
