// Career guidance (seed 001 §9 «Профориентация»): the region's tests for anyone — one question at a time on a phone,
// answers kept in this tab until sent — the profile over the scales with the programs and events that suit it, and
// the person's results. A result taken without signing in is remembered on this device for a week; signed in, the
// person is asked whether it is theirs to keep (the device may be a school's or a library's).
import { api, currentUser } from '../api.js';
import { esc, fmtDate, notice, plural, setMain } from '../ui.js';

const pendingKey = 'careerResults';
const week = 7 * 24 * 3600 * 1000;
/// [{id, at}] of results taken here without signing in, the last week's.
const pending = () => {
  try {
    return (JSON.parse(localStorage.getItem(pendingKey)) || []).filter((p) => p.id && Date.now() - p.at < week);
  } catch { return []; }
};
const keepPending = (list) => localStorage.setItem(pendingKey, JSON.stringify(list));
const remember = (id) => keepPending([...pending().filter((p) => p.id !== id), { id, at: Date.now() }]);
const forget = (id) => keepPending(pending().filter((p) => p.id !== id));

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
  // answers kept in this tab to questions and options the test still has (an operator may have changed it since)
  answers = Object.fromEntries(Object.entries(answers).filter(([q, o]) => t.questions.some((x) => x.id === q
    && x.options.some((y) => y.id === o))));
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
    const focused = document.activeElement?.name === 'option';
    document.getElementById('q').innerHTML = `<fieldset class="question"><legend tabindex="-1">Вопрос ${index + 1}
      из ${t.questions.length}</legend><p class="question-text">${esc(q.text)}</p><p class="hint">Выберите один
      ответ</p>${q.options.map((o) => `<label class="option"><input type="radio" name="option" value="${o.id}"${answers[
      q.id] === o.id ? ' checked' : ''}> <span>${esc(o.text)}</span></label>`).join('')}</fieldset>`;
    document.getElementById('prev').disabled = index === 0;
    document.getElementById('next').disabled = index === t.questions.length - 1 || !answers[q.id];
    document.getElementById('bar').style.width = `${Math.round(answered() * 100 / t.questions.length)}%`;
    document.getElementById('done').hidden = answered() < t.questions.length;
    if (focused) document.querySelector('#q input:checked')?.focus();
  };
  const go = (i) => { index = i; draw(); document.querySelector('#q legend').focus(); };
  const form = document.getElementById('take');
  form.addEventListener('change', (e) => {
    if (e.target.name !== 'option') return;
    answers[t.questions[index].id] = e.target.value;
    sessionStorage.setItem(key, JSON.stringify(answers));
    draw();
  });
  // a tap or a click moves on to the next unanswered question; the arrow keys only choose (they walk the options)
  form.addEventListener('click', (e) => {
    if (e.target.name !== 'option' || e.detail === 0) return;
    const next = t.questions.findIndex((q, i) => i > index && !answers[q.id]);
    if (next >= 0) setTimeout(() => go(next), 250);
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
      if (!r.saved) remember(r.id);
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
  // an operator opening it from the list of results reads someone else's
  const staff = new URLSearchParams(location.hash.split('?')[1] || '').get('view') === 'staff' && !r.mine;
  const leading = r.scales.filter((s) => s.leading);
  const bars = r.scales.map((s) => `<li class="${s.leading ? 'leading' : ''}"><span class="career-scale">${esc(s.name)}
    </span><span class="career-meter" role="img" aria-label="${s.percent} процентов"><span data-width="${s.percent}">
    </span></span><strong>${s.percent}%</strong></li>`).join('');
  const save = staff ? `<p class="muted">${r.saved ? 'Результат сохранён в профиле пользователя.'
    : 'Тест пройден без входа.'}</p>` : r.mine ? '<p class="muted">Результат сохранён в вашем профиле: <a'
    + ' href="#/my/career">Мои результаты</a>.</p>' : r.saved ? ''
    : user ? '<p class="actions"><button class="btn" id="keep">Сохранить в мой профиль</button></p>'
    : `<p>${notice('', 'Чтобы результат сохранился в профиле, <a href="#/login" data-login>войдите</a> или <a'
      + ' href="#/register" data-login>зарегистрируйтесь</a> — неделю он будет ждать на этом устройстве.')}</p>`;
  const heading = staff || (r.saved && !r.mine) ? 'Результат теста' : 'Ваш результат';
  setMain(`<h1>${heading}</h1><p class="muted">${esc(r.test)} · ${fmtDate(r.createdAt)}</p>
    <section class="card"><h2>Профиль</h2><ul class="plain career-bars">${bars}</ul>${leading.length
      ? leading.map((s) => `<h3>${esc(s.name)}</h3>${s.description ? `<p>${esc(s.description)}</p>` : ''}`).join('')
      : '<p>Ни одна сфера не выделилась. Попробуйте пройти тест ещё раз, отвечая так, как вам ближе.</p>'}
      <div id="save">${save}</div></section>
    <section class="card"><h2>Программы обучения для вас</h2>${r.programs.length ? `<ul class="plain">${r.programs
      .map((p) => `<li class="career-item"><a href="#/catalog/${p.id}">${esc(p.name)}</a><br><span class="muted">${esc(
        p.organization || '')}${p.studyForm ? ` · ${esc(p.studyForm.toLowerCase())}` : ''}${p.nextStart
        ? ` · начало ${day(p.nextStart)}` : ''}${priceOf(p) ? ` · ${priceOf(p)}`
        : ''}</span></li>`).join('')}</ul>` : '<p>Подходящих программ сейчас нет в каталоге.</p>'}
      <p><a href="#/catalog">Весь каталог программ</a></p></section>
    <section class="card"><h2>Мероприятия</h2>${r.events.length ? `<ul class="plain">${r.events.map((e) => `<li
      class="career-item"><a href="#/calendar/${e.id}">${esc(e.name)}</a><br><span
      class="muted">${e.firstDay ? `с ${day(
        e.firstDay)}` : ''}${e.address ? ` · ${esc(e.address)}` : ''}</span></li>`).join('')}</ul>`
      : '<p>Подходящих мероприятий пока нет.</p>'}<p><a href="#/calendar">Календарь мероприятий</a></p></section>
    <p class="actions"><a class="btn secondary" href="#/career/${r.testId}">Пройти ещё раз</a><a class="btn secondary"
      href="#/career">Другие тесты</a></p>`, heading);
  // after signing in the person comes back here to keep it
  document.querySelectorAll('[data-login]').forEach((a) => a.addEventListener('click', () => sessionStorage
    .setItem('afterLogin', location.hash)));
  fillMeters(document.getElementById('main'));
  document.getElementById('keep')?.addEventListener('click', async () => {
    try {
      await api.post(`/api/v1/career-results/${id}/claim`);
      forget(id);
      document.getElementById('save').innerHTML = notice('ok', 'Сохранено. Результат — в разделе <a href="#/my/career">'
        + 'Мои результаты</a>.');
    } catch (err) { document.getElementById('save').innerHTML = notice('err', esc(err.message)); }
  });
}

/// The person's results, and those taken on this device without signing in, offered to keep (or to leave: the
/// device may have been someone else's).
export async function mine() {
  const waiting = [];
  for (const p of pending()) {
    try {
      const r = await api.get(`/api/v1/career-results/${p.id}`);
      if (r.saved) forget(p.id); else waiting.push(r);
    } catch (err) { if (err.status === 404) forget(p.id); }
  }
  const { items } = await api.get('/api/v1/me/career-results');
  const offer = waiting.length ? `<section class="card" id="waiting"><h2>Пройдено на этом устройстве без входа</h2>
    <ul class="plain">${waiting.map((r) => `<li class="career-item" data-result="${r.id}"><a
    href="#/career/results/${r.id}">${esc(r.test)}</a>, ${fmtDate(r.createdAt)}: ${esc(r.scales.filter((x) => x.leading)
      .map((x) => x.name).join(', ') || 'ни одна сфера не выделилась')}<div class="actions"><button class="btn small"
    data-keep="${r.id}">Сохранить в мой профиль</button><button class="btn secondary small" data-drop="${r.id}">Это
    не мой результат</button></div></li>`).join('')}</ul></section>` : '';
  setMain(`<h1>Профориентация: мои результаты</h1>${offer}${items.length ? `<ul class="plain">${items
    .map((r) => `<li class="card"><h2><a href="#/career/results/${r.id}">${esc(r.test)}</a></h2><p class="muted">${
      fmtDate(r.createdAt)}</p><p>${r.leading.length ? `Ведущие сферы: ${r.leading.map(esc).join(', ')}`
      : 'Ни одна сфера не выделилась'}</p></li>`).join('')}</ul>` : notice('', 'Сохранённых результатов пока нет.')}
    <p class="actions"><a class="btn" href="#/career">Пройти тест</a></p>`, 'Мои результаты профориентации');
  document.getElementById('waiting')?.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-keep], [data-drop]');
    if (!b) return;
    const id = b.dataset.keep || b.dataset.drop;
    try {
      if (b.dataset.keep) await api.post(`/api/v1/career-results/${id}/claim`);
      forget(id);
      mine();
    } catch (err) {
      b.closest('li').insertAdjacentHTML('beforeend', notice('err', esc(err.message)));
    }
  });
}
