// The question bank (seed 000 «Банк вопросов»): the list with search, filters, copy and CSV; a question's card with
// its picture and answer options (choices with the correct ones ticked, or the accepted typed answers).
import { api, uploadFile, fileURL } from '../api.js';
import { esc, field, handleForm, notice, setMain, fmtDate, ask, queryParams } from '../ui.js';
import { requireMenu } from '../shell.js';
import { kindNames, testTabs, listPage, organizationField } from './tests.js';

export async function bank() {
  requireMenu('#/tests');
  await listPage({
    tab: '#/tests/bank', title: 'Банк вопросов', path: '/api/v1/test-questions', csv: 'question-bank.csv',
    empty: 'Вопросов по этим условиям нет.',
    actions: '<a class="btn secondary" href="#/tests/bank/new">Новый вопрос</a>',
    filters: (p) => `${field('q', 'Поиск', { value: p.get('q') || '', hint: 'Слова вопроса' })}
      ${field('kind', 'Тип', { options: [['', 'Все'], ...Object.entries(kindNames)], value: p.get('kind') || '' })}`,
    head: '<th>Вопрос</th><th>Тип</th><th>Баллы</th><th>В тестах</th><th>Изменён</th><th></th>',
    row: (q) => `<tr><td><a href="#/tests/bank/${q.id}">${esc(q.text)}</a></td><td>${kindNames[q.kind]}</td>
      <td>${q.points}</td><td>${q.usedInTests}</td><td>${fmtDate(q.updatedAt)}</td><td><button
      class="btn secondary small"
      data-copy="${q.id}">Копировать</button></td></tr>`,
  });
  document.getElementById('list').addEventListener('click', async (e) => {
    const id = e.target.closest('[data-copy]')?.dataset.copy;
    if (!id) return;
    const copy = await api.post(`/api/v1/test-questions/${id}/copy`);
    location.hash = `#/tests/bank/${copy.id}`;
  });
}

/// One option's line: its text, the «верный» tick (not for typed answers: every one of them is accepted).
const optionRow = (o, i, kind) => `<li class="option-row" data-index="${i}"><div class="row">
  ${field(`options[${i}].text`, kind === 'text' ? `Верный ответ ${i + 1}` : `Вариант ${i + 1}`, { value: o.text || '',
    required: true })}${kind === 'text' ? '' : field(`options[${i}].correct`, 'Верный', { type: 'checkbox',
    value: o.correct })}<button class="btn secondary small" type="button" data-drop="${i}">Убрать</button></div></li>`;

/// A question's card: new (`id` absent) or an existing one; `?testId=` adds a new question to that test.
export async function card(id) {
  requireMenu('#/tests');
  const q = id ? await api.get(`/api/v1/test-questions/${id}`) : { kind: 'single', points: 1,
    options: [{ text: '', correct: true }, { text: '', correct: false }] };
  const testId = queryParams().get('testId');
  let options = q.options.map((o) => ({ ...o }));
  let kind = q.kind;
  let image = q.imageFileId || null;
  const title = id ? 'Вопрос' : 'Новый вопрос';
  setMain(`<h1>${title}</h1>${testTabs('#/tests/bank')}<form id="q-form" class="card" novalidate>
    ${id ? '' : organizationField()}
    ${field('kind', 'Тип вопроса', { options: Object.entries(kindNames), value: kind, required: true })}
    ${field('text', 'Текст вопроса', { type: 'textarea', value: q.text || '', required: true })}
    ${field('points', 'Баллы за верный ответ', { type: 'number', value: String(q.points), attrs: 'min="1" max="100"' })}
    <div class="field"><label for="q-image">Изображение</label><input type="file" id="q-image" accept="image/*">
      <div class="hint">PNG или JPEG; показывается над вопросом</div><div id="q-image-view"></div></div>
    <fieldset><legend>Варианты ответов</legend><p class="hint" id="options-hint"></p>
      <div class="error" data-error-for="options" role="alert"></div><ol id="options"></ol>
      <button class="btn secondary small" type="button" id="add-option">Добавить вариант</button></fieldset>
    <div class="form-notice"></div><div class="actions"><button class="btn" type="submit">Сохранить</button>
    ${id ? '<button class="btn secondary" type="button" id="q-copy">Копировать</button><button class="btn danger"'
      + ' type="button" id="q-delete">Удалить</button>' : ''}<a class="btn secondary" href="${testId
      ? `#/tests/${testId}` : '#/tests/bank'}">К списку</a></div></form>`, title);
  const form = document.getElementById('q-form');
  const hints = { single: 'Отметьте один верный вариант.', multiple: 'Отметьте все верные варианты: засчитывается '
    + 'ответ, где выбраны ровно они.', text: 'Обучающийся вводит ответ; засчитывается совпадение с любым из верных '
    + '(регистр, ё/е и пробелы не важны).' };
  const read = () => form.querySelectorAll('.option-row').forEach((row) => {
    const i = Number(row.dataset.index);
    options[i].text = row.querySelector('input[type=text]').value;
    const tick = row.querySelector('input[type=checkbox]');
    if (tick) options[i].correct = tick.checked;
  });
  const drawOptions = () => {
    document.getElementById('options').innerHTML = options.map((o, i) => optionRow(o, i, kind)).join('');
    document.getElementById('options-hint').textContent = hints[kind];
  };
  const showImage = async () => {
    const view = document.getElementById('q-image-view');
    view.innerHTML = image ? `<img src="${await fileURL(image)}" alt="Изображение вопроса" class="question-image">
      <button class="btn secondary small" type="button" id="q-image-drop">Убрать изображение</button>` : '';
  };
  drawOptions();
  showImage();
  form.elements.kind.addEventListener('change', () => { read(); kind = form.elements.kind.value; drawOptions(); });
  document.getElementById('add-option').addEventListener('click', () => {
    read(); options.push({ text: '', correct: kind === 'text' }); drawOptions();
    form.querySelector('.option-row:last-child input').focus();
  });
  form.addEventListener('click', (e) => {
    const drop = e.target.closest('[data-drop]')?.dataset.drop;
    if (drop !== undefined) { read(); options.splice(Number(drop), 1); drawOptions(); }
    if (e.target.id === 'q-image-drop') { image = null; showImage(); }
  });
  document.getElementById('q-image').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    try { image = (await uploadFile(file)).id; showImage(); }
    catch (err) { form.querySelector('.form-notice').innerHTML = notice('err', esc(err.message)); }
  });
  handleForm(form, async (d) => {
    read();
    const body = { kind, text: d.text, points: Number(d.points || 1), imageFileId: image || undefined,
      organizationId: d.organizationId, competencyId: q.competencyId || undefined,
      options: options.map((o) => ({ text: o.text.trim(), correct: kind === 'text' || !!o.correct })) };
    const saved = id ? await api.put(`/api/v1/test-questions/${id}`, body) : await api.post('/api/v1/test-questions',
      body);
    if (!id && testId) {
      await api.post(`/api/v1/tests/${testId}/questions`, { questionIds: [saved.id] });
      location.hash = `#/tests/${testId}`;
    } else if (!id) location.hash = `#/tests/bank/${saved.id}`;
    else form.querySelector('.form-notice').innerHTML = notice('ok', 'Вопрос сохранён.');
  });
  document.getElementById('q-copy')?.addEventListener('click', async () => {
    const copy = await api.post(`/api/v1/test-questions/${id}/copy`);
    location.hash = `#/tests/bank/${copy.id}`;
  });
  document.getElementById('q-delete')?.addEventListener('click', async () => {
    if (!await ask({ title: 'Удалить вопрос?', text: 'Он исчезнет из банка и из тестов.', confirmLabel: 'Удалить',
      danger: true })) return;
    try { await api.del(`/api/v1/test-questions/${id}`); location.hash = '#/tests/bank'; }
    catch (err) { form.querySelector('.form-notice').innerHTML = notice('err', esc(err.message)); }
  });
}
