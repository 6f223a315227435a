// Career guidance (seed 001 §9 «Профориентация»): the region's tests for anyone — one question at a time on a phone,
// answers kept in this tab until sent — the profile over the scales with the programs and events that suit it, and
// the person's results. A result taken without signing in is remembered on this device and kept in the account at the
// next visit signed in.
import { api, currentUser } from '../api.js';
import { esc, fmtDate, notice, plural, setMain } from '../ui.js';

const pendingKey = 'careerResults';
const pending = () => { try { return JSON.parse(localStorage.getItem(pendingKey)) || []; } catch { return []; } };
const remember = (id) => localStorage.setItem(pendingKey, JSON.stringify([...new Set([...pending(), id])]));

/// Keeps the results taken on this device without signing in in the signed-in account (one request each).
async function claimPending() {
  if (!currentUser()) return 0;
  let kept = 0;
  for (const id of pending()) {
    try { await api.post(`/api/v1/career-results/${id}/claim`); kept += 1; } catch { /* someone else's or gone */ }
  }
  localStorage.removeItem(pendingKey);
  return kept;
}

export async function list() {
  const page = await api.get('/api/v1/career-tests?limit=50');
  const card = (t) => `<li class="card"><h2>${esc(t.title)}</h2>${t.description ? `<p>${esc(t.description)}</p>`
    : ''}<p class="muted">${plural(t.questions, 'вопрос', 'вопроса', 'вопросов')} · ${plural(t.scales, 'шкала',
    'шкалы', 'шкал')}</p><p class="actions"><a class="btn" href="#/career/${t.id}">Пройти тест</a></p></li>`;
  setMain(`<h1>Профориентация</h1><p>Тесты помогут понять, какая сфера профессий вам ближе, и подскажут программы
    обучения и мероприятия региона. Проходить можно без регистрации; войдите — и результаты сохранятся в вашем
    профиле.</p>${currentUser() ? '<p><a href="#/my/career">Мои результаты</a></p>' : ''}${page.items.length
    ? `<ul class="plain">${page.items.map(card).join('')}</ul>` : notice('', 'Тестов пока нет.')}`, 'Профориентация');
}

/// Taking a test: one question a screen, a choice moves on; answers live in sessionStorage until the result is asked.
export async function take(id) {
  const t = await api.get(`/api/v1/career-tests/${id}`);
  const key = `career:${id}`;
  let answers = {};
  try { answers = JSON.parse(sessionStorage.getItem(key)) || {}; } catch { /* a fresh start */ }
  let index = Math.max(0, t.questions.findIndex((q) => !answers[q.id]));
  if (index < 0) index = t.questions.length - 1;
  setMain(`<h1>${esc(t.title)}</h1><div class="career-progress" aria-hidden="true"><span id="bar"></span></div>
    <form id="take" novalidate><div id="q"></div><div class="actions spaced"><button class="btn secondary"
    type="button" id="prev">← Назад</button><button class="btn secondary" type="button" id="next">Далее →</button>
    </div><div class="actions"><button class="btn" type="submit" id="done">Узнать результат</button></div>
    <div class="form-notice" id="take-notice"></div></form>`, t.title);
  const answered = () => t.questions.filter((q) => answers[q.id]).length;
  const draw = () => {
    const q = t.questions[index];
    document.getElementById('q').innerHTML = `<fieldset class="question"><legend tabindex="-1">Вопрос ${index + 1}
      из ${t.questions.length}</legend><p class="question-text">${esc(q.text)}</p><p class="hint">Выберите один
      ответ</p>${q.options.map((o) => `<label class="option"><input type="radio" name="option" value="${o.id}"${answers[
      q.id] === o.id ? ' checked' : ''}> <span>${esc(o.text)}</span></label>`).join('')}</fieldset>`;
    document.getElementById('prev').disabled = index === 0;
    document.getElementById('next').disabled = index === t.questions.length - 1 || !answers[q.id];
    document.getElementById('bar').style.width = `${Math.round(answered() * 100 / t.questions.length)}%`;
    document.getElementById('done').hidden = answered() < t.questions.length;
  };
  const go = (i) => { index = i; draw(); document.querySelector('#q legend').focus(); };
  const form = document.getElementById('take');
  form.addEventListener('change', (e) => {
    if (e.target.name !== 'option') return;
    answers[t.questions[index].id] = e.target.value;
    sessionStorage.setItem(key, JSON.stringify(answers));
    const next = t.questions.findIndex((q, i) => i > index && !answers[q.id]);
    if (next >= 0) setTimeout(() => go(next), 250); else draw();
  });
  document.getElementById('prev').addEventListener('click', () => go(index - 1));
  document.getElementById('next').addEventListener('click', () => go(index + 1));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = document.getElementById('done');
    button.disabled = true;
    try {
      const r = await api.post(`/api/v1/career-tests/${id}/results`, { answers });
      sessionStorage.removeItem(key);
      if (!currentUser()) remember(r.id);
      location.hash = `#/career/results/${r.id}`;
    } catch (err) {
      // a question the server names unanswered (the test changed meanwhile) is shown
      const missing = (err.fieldErrors || []).map((f) => t.questions.findIndex((q) => `answers.${q.id}` === f.field))
        .find((i) => i >= 0);
      if (missing !== undefined) go(missing);
      document.getElementById('take-notice').innerHTML = notice('err', esc(err.message));
    } finally { button.disabled = false; }
  });
  draw();
}

/// Widths of bars drawn as `data-width` (percent): the page's policy refuses inline style attributes.
export function fillMeters(root) {
  root.querySelectorAll('[data-width]').forEach((el) => { el.style.width = `${el.dataset.width}%`; });
}

const priceOf = (p) => p.funding === 'free' ? 'бесплатно' : p.funding === 'certificate' ? 'по сертификату'
  : p.price != null ? `${Number(p.price).toLocaleString('ru-RU')} ₽` : '';
const day = (iso) => new Date(`${iso}T12:00:00`).toLocaleDateString('ru-RU', { day: 'numeric', month: 'long' });

/// The profile: every scale as a bar, the leading ones explained, and the programs and events that suit them.
export async function result(id) {
  const r = await api.get(`/api/v1/career-results/${id}`);
  const user = currentUser();
  const leading = r.scales.filter((s) => s.leading);
  const bars = r.scales.map((s) => `<li class="${s.leading ? 'leading' : ''}"><span class="career-scale">${esc(s.name)}
    </span><span class="career-meter" role="img" aria-label="${s.percent} из 100"><span data-width="${s.percent}">
    </span></span><strong>${s.percent}%</strong></li>`).join('');
  const save = r.saved ? '<p class="muted">Результат сохранён в вашем профиле: <a href="#/my/career">Мои результаты'
    + '</a>.</p>' : user ? '<p class="actions"><button class="btn" id="keep">Сохранить в мой профиль</button></p>'
    : `<p>${notice('', 'Чтобы результат сохранился в профиле, <a href="#/login">войдите</a> или <a href="#/register">'
      + 'зарегистрируйтесь</a> — он будет ждать на этом устройстве.')}</p>`;
  setMain(`<h1>Ваш результат</h1><p class="muted">${esc(r.test)} · ${fmtDate(r.createdAt)}</p>
    <section class="card"><h2>Профиль</h2><ul class="plain career-bars">${bars}</ul>${leading.length
      ? leading.map((s) => `<h3>${esc(s.name)}</h3>${s.description ? `<p>${esc(s.description)}</p>` : ''}`).join('')
      : '<p>Ни одна сфера не выделилась. Попробуйте пройти тест ещё раз, отвечая так, как вам ближе.</p>'}
      <div id="save">${save}</div></section>
    <section class="card"><h2>Программы обучения для вас</h2>${r.programs.length ? `<ul class="plain">${r.programs
      .map((p) => `<li class="career-item"><a href="#/catalog/${p.id}">${esc(p.name)}</a><br><span class="muted">${esc(
        p.organization || '')}${p.nextStart ? ` · начало ${day(p.nextStart)}` : ''}${priceOf(p) ? ` · ${priceOf(p)}`
        : ''}</span></li>`).join('')}</ul>` : '<p>Подходящих программ сейчас нет в каталоге.</p>'}
      <p><a href="#/catalog">Весь каталог программ</a></p></section>
    <section class="card"><h2>Мероприятия</h2>${r.events.length ? `<ul class="plain">${r.events.map((e) => `<li
      class="career-item"><a href="#/calendar/${e.id}">${esc(e.name)}</a><br><span
      class="muted">${e.firstDay ? `с ${day(
        e.firstDay)}` : ''}${e.address ? ` · ${esc(e.address)}` : ''}</span></li>`).join('')}</ul>`
      : '<p>Подходящих мероприятий пока нет.</p>'}<p><a href="#/calendar">Календарь мероприятий</a></p></section>
    <p class="actions"><a class="btn secondary" href="#/career/${r.testId}">Пройти ещё раз</a><a class="btn secondary"
      href="#/career">Другие тесты</a></p>`, 'Результат теста');
  fillMeters(document.getElementById('main'));
  document.getElementById('keep')?.addEventListener('click', async () => {
    try {
      await api.post(`/api/v1/career-results/${id}/claim`);
      document.getElementById('save').innerHTML = notice('ok', 'Сохранено. Результат — в разделе <a href="#/my/career">'
        + 'Мои результаты</a>.');
    } catch (err) { document.getElementById('save').innerHTML = notice('err', esc(err.message)); }
  });
}

/// The person's results; those taken on this device before signing in are kept first.
export async function mine() {
  const kept = await claimPending();
  const { items } = await api.get('/api/v1/me/career-results');
  setMain(`<h1>Профориентация: мои результаты</h1>${kept ? notice('ok', `В профиль добавлено: ${plural(kept,
    'результат', 'результата', 'результатов')}, пройденных без входа.`) : ''}${items.length ? `<ul class="plain">${items
    .map((r) => `<li class="card"><h2><a href="#/career/results/${r.id}">${esc(r.test)}</a></h2><p class="muted">${
      fmtDate(r.createdAt)}</p><p>${r.leading.length ? `Ведущие сферы: ${r.leading.map(esc).join(', ')}`
      : 'Ни одна сфера не выделилась'}</p></li>`).join('')}</ul>` : notice('', 'Результатов пока нет.')}
    <p class="actions"><a class="btn" href="#/career">Пройти тест</a></p>`, 'Мои результаты профориентации');
}
