// Taking tests (SPEC §10): the learner's tests, an attempt on a phone — one question at a time, the server's clock
// counting down, each answer saved as it is given — and the result. The page never learns the correct answers of an
// attempt under way: the server does not send them.
import { api, fileURL } from '../api.js';
import { esc, notice, setMain, fmtDate, ask, plural } from '../ui.js';

const statusNames = { active: 'идёт', finished: 'завершена', expired: 'время истекло' };

export async function mine() {
  const { items } = await api.get('/api/v1/me/tests');
  const line = (t) => {
    const best = t.best ? `Лучший результат: <span class="badge ${t.best.passed ? 'good' : 'bad'}">${t.best.percent
      ?? 0}%</span>` : t.attempts.length ? 'Завершённых попыток ещё нет' : 'Попыток ещё не было';
    const left = t.maxAttempts ? `, попыток осталось: ${Math.max(0, t.maxAttempts - t.attemptsUsed)}` : '';
    const button = t.activeAttemptId ? `<a class="btn" href="#/my/tests/${t.activeAttemptId}">Продолжить</a>`
      : t.canStart ? `<button class="btn" data-start="${t.testId}" data-group="${t.groupId}">${t.attemptsUsed
        ? 'Пройти ещё раз' : 'Начать тест'}</button>` : '';
    return `<li class="card"><h2>${esc(t.name)}</h2><p class="muted">${esc(t.group)} · ${esc(t.organization)}</p>
      ${t.description ? `<p>${esc(t.description)}</p>` : ''}<p>${plural(t.questionCount, 'вопрос',
      'вопроса', 'вопросов')}, ${t.timeLimitMinutes} мин на попытку, проходной балл ${t.passPercent}%${left}${t.closesAt
      ? `. Доступен до ${fmtDate(t.closesAt)}` : ''}</p><p>${best}</p>${t.attempts.length
      ? `<ul class="muted">${t.attempts
      .map((a) => `<li><a href="#/my/tests/${a.id}">Попытка ${a.number}</a>: ${statusNames[a.status]}${a.score != null
      ? `, ${a.score} из ${a.maxScore}` : ''}</li>`).join('')}</ul>` : ''}<p class="actions">${button}</p></li>`;
  };
  setMain(`<h1>Мои тесты</h1>${items.length ? `<ul class="plain">${items.map(line).join('')}</ul>`
    : notice('', 'Тестов пока нет: их назначают группам, в которых вы учитесь.')}<div id="start-error"></div>`,
  'Мои тесты');
  document.querySelector('#main ul.plain')?.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-start]');
    if (!b) return;
    if (!await ask({ title: 'Начать тест?', text: 'Время пойдёт сразу и не остановится, даже если закрыть страницу.',
      confirmLabel: 'Начать' })) return;
    try {
      const a = await api.post(`/api/v1/tests/${b.dataset.start}/attempts`, { groupId: b.dataset.group });
      location.hash = `#/my/tests/${a.id}`;
    } catch (err) { document.getElementById('start-error').innerHTML = notice('err', esc(err.message)); }
  });
}

const clock = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/// Pictures of a question and its options, fetched with the token (a learner's attempt is not public).
async function showPictures(root) {
  for (const img of root.querySelectorAll('img[data-file]')) img.src = await fileURL(img.dataset.file);
}

/// An attempt: taking it while it runs, its result when closed.
export async function attempt(id) {
  const a = await api.get(`/api/v1/test-attempts/${id}`);
  if (a.status !== 'active') { result(a); return; }
  // the deadline by the server's clock, moved onto this device's clock
  const ends = Date.now() + a.secondsLeft * 1000;
  let index = Math.max(0, a.questions.findIndex((q) => !q.answered));
  const question = (q, i) => `<fieldset class="question"><legend>Вопрос ${i + 1} из ${a.questions.length}</legend>
    <p class="question-text">${esc(q.text)}</p>${q.imageFileId ? `<img data-file="${q.imageFileId}" alt=""
    class="question-image">` : ''}${q.kind === 'text' ? `<label for="typed">Ваш ответ</label><input id="typed"
    type="text" maxlength="1000" value="${esc(q.typed || '')}" autocomplete="off">` : `<p class="hint">${q.kind
    === 'single' ? 'Выберите один ответ' : 'Выберите все верные ответы'}</p>${q.options.map((o) => `<label
    class="option"><input type="${q.kind === 'single' ? 'radio' : 'checkbox'}" name="option" value="${o.id}"${q.chosen
    .includes(o.id) ? ' checked' : ''}> <span>${esc(o.text)}</span>${o.imageFileId ? `<img data-file="${o.imageFileId}"
    alt="" class="option-image">` : ''}</label>`).join('')}`}</fieldset>`;
  setMain(`<h1>${esc(a.name)}</h1><div class="timer" role="timer" aria-live="off">Осталось <strong
    id="left">${clock(a.secondsLeft)}</strong></div><div id="saved" aria-live="polite" class="muted"></div>
    <form id="take" novalidate><div id="q"></div><div class="actions spaced"><button class="btn secondary" type="button"
    id="prev">← Назад</button><button class="btn secondary" type="button" id="next">Далее →</button></div>
    <nav class="question-map" aria-label="Вопросы" id="map"></nav><div class="actions"><button class="btn"
    type="button" id="finish">Завершить тест</button></div></form>`, a.name);
  const saved = (text, kind = '') => {
    document.getElementById('saved').innerHTML = kind ? notice(kind, esc(text)) : esc(text);
  };
  const drawMap = () => {
    document.getElementById('map').innerHTML = a.questions.map((q, i) => `<button type="button" data-go="${i}"
      class="${q.answered ? 'answered' : ''}"${i === index ? ' aria-current="step"' : ''} aria-label="Вопрос ${i + 1}${q
      .answered ? ', есть ответ' : ''}">${i + 1}</button>`).join('');
  };
  const draw = () => {
    const holder = document.getElementById('q');
    holder.innerHTML = question(a.questions[index], index);
    showPictures(holder);
    document.getElementById('prev').disabled = index === 0;
    document.getElementById('next').disabled = index === a.questions.length - 1;
    drawMap();
  };
  const finishNow = async () => {
    clearInterval(tick);
    result(await api.post(`/api/v1/test-attempts/${id}/finish`));
  };
  /// Saves the shown question's answer; when the time is over the server refuses and the result is shown.
  const save = async () => {
    const q = a.questions[index];
    const body = q.kind === 'text' ? { text: document.getElementById('typed').value }
      : { optionIds: [...document.querySelectorAll('#q input[name=option]:checked')].map((x) => x.value) };
    try {
      await api.put(`/api/v1/test-attempts/${id}/answers/${q.id}`, body);
      if (q.kind === 'text') q.typed = body.text; else q.chosen = body.optionIds;
      q.answered = true;
      drawMap();
      saved(`Ответ на вопрос ${index + 1} сохранён`);
    } catch (err) {
      if (err.status === 409) { await finishNow(); return; }
      saved(err.message, 'err');
    }
  };
  const tick = setInterval(() => {
    const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    const el = document.getElementById('left');
    if (!el) { clearInterval(tick); return; }
    el.textContent = clock(left);
    el.closest('.timer').classList.toggle('ending', left <= 60);
    if (left === 0) finishNow();
  }, 1000);
  const form = document.getElementById('take');
  form.addEventListener('change', (e) => { if (e.target.name === 'option') save(); });
  form.addEventListener('focusout', (e) => { if (e.target.id === 'typed') save(); });
  const go = (i) => { index = i; draw(); document.querySelector('#q legend').focus?.(); };
  document.getElementById('prev').addEventListener('click', () => go(index - 1));
  document.getElementById('next').addEventListener('click', () => go(index + 1));
  document.getElementById('map').addEventListener('click', (e) => {
    const i = e.target.closest('[data-go]')?.dataset.go;
    if (i !== undefined) go(Number(i));
  });
  document.getElementById('finish').addEventListener('click', async () => {
    if (document.activeElement?.id === 'typed') await save();
    const open = a.questions.filter((q) => !q.answered).length;
    if (!await ask({ title: 'Завершить тест?', text: open ? `Без ответа: ${plural(open, 'вопрос', 'вопроса',
      'вопросов')}.` : 'Ответы на все вопросы даны.', confirmLabel: 'Завершить' })) return;
    await finishNow();
  });
  draw();
}

/// A closed attempt: the score, passed or not, each question right or wrong; to the organization the correct answers.
export function result(a, { staff = false } = {}) {
  const options = (q) => q.kind === 'text' ? `<p>Ответ: ${esc(q.typed || '—')}${q.acceptedAnswers ? ` <span
    class="muted">(верные: ${q.acceptedAnswers.map(esc).join(', ')})</span>` : ''}</p>` : `<ul>${q.options.map((o) =>
    `<li>${q.chosen.includes(o.id) ? '☑' : '☐'} ${esc(o.text)}${o.correct ? ' <span class="badge good">верный</span>'
    : ''}</li>`).join('')}</ul>`;
  setMain(`<h1>${esc(a.name)}</h1>${staff ? `<p>${esc(a.learner)}</p>` : ''}<section class="card result"><p
    class="score">${a.score ?? 0} из ${a.maxScore} ${a.maxScore % 10 === 1 && a.maxScore % 100 !== 11 ? 'балла'
    : 'баллов'} —
    <strong>${a.percent ?? 0}%</strong></p><p><span class="badge ${a.passed ? 'good' : 'bad'}">${a.passed
    ? 'Тест пройден'
    : 'Тест не пройден'}</span> Проходной балл ${a.passPercent}%. Попытка ${a.number}: ${statusNames[a.status]},
    ${fmtDate(a.finishedAt)}.</p></section><h2>Ответы</h2><ol class="review">${a.questions.map((q) => `<li><p>${esc(q
    .text)} <span class="badge ${q.earned ? 'good' : 'bad'}">${q.earned ? `верно, +${q.earned}` : 'неверно'}</span></p>
    ${options(q)}</li>`).join('')}</ol><p class="actions"><a class="btn secondary" href="${staff
    ? `#/tests/results?testId=${a.testId}` : '#/my/tests'}">${staff ? 'К результатам' : 'К моим тестам'}</a></p>`,
  a.name);
}
