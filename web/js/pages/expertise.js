// Program expertise (seed 000 «Экспертиза программы»): the experts' queue with who holds each program, «Взял в
// работу», the expert sheet — the expertise questionnaire in force — with «Оценить» and «Завершить без оценки»; on the
// program's card its authors send it and read the ratings.
import { api } from '../api.js';
import { esc, fmtDate, notice, setMain } from '../ui.js';
import { questionSections, readAnswers, showAnswerErrors } from './surveys.js';

export async function queue() {
  const q = await api.get('/api/v1/expertise?limit=100');
  const lock = (p) => p.lock === 'mine' ? '<span class="badge good">у вас в работе</span>'
    : p.lock === 'taken' ? '<span class="badge wait">в работе у другого эксперта</span>'
    : '<span class="badge">свободна</span>';
  const action = (p) => p.lock === 'mine' ? `<a class="btn small" href="#/expertise/${p.programId}">Открыть лист</a>`
    : !p.lock && !q.holding ? `<button class="btn small" data-take="${p.programId}">Взял в работу</button>` : '';
  setMain(`<h1>Экспертиза программ</h1><p class="muted">Одновременно в работе у вас может быть одна программа, и у
    программы — один эксперт. Оцените её или завершите без оценки, чтобы взять другую.</p>${q.page.items.length
    ? `<table class="list"><thead><tr><th>Программа</th><th>Направлена</th><th>Оценок</th><th>Состояние</th><th></th>
    </tr></thead><tbody>${q.page.items.map((p) => `<tr><td data-label="Программа">${esc(p.name)}<br><span
    class="muted">${esc(p.organization || '')}</span></td><td data-label="Направлена">${fmtDate(p.sentAt)}</td><td
    data-label="Оценок">${p.ratings}</td><td data-label="Состояние">${lock(p)}</td><td>${action(p)}</td></tr>`)
      .join('')}</tbody></table>` : notice('', 'Программ, ожидающих вашей оценки, нет.')}<div id="queue-notice"
    aria-live="polite"></div>`, 'Экспертиза программ');
  document.querySelector('#main').addEventListener('click', async (e) => {
    const b = e.target.closest('[data-take]');
    if (!b) return;
    try {
      await api.post(`/api/v1/expertise/${b.dataset.take}/take`);
      location.hash = `#/expertise/${b.dataset.take}`;
    } catch (err) {
      document.getElementById('queue-notice').innerHTML = notice('err', esc(err.message));
    }
  }, { once: true });
}

/// The expert sheet of the program the expert holds.
export async function sheet(programId) {
  const s = await api.get(`/api/v1/expertise/${programId}/sheet`);
  const program = s.program;
  const q = s.questionnaire;
  setMain(`<h1>Экспертный лист</h1><section class="card"><h2>${esc(program.name)}</h2><p class="muted">${esc(
    program.organization || '')} · ${Number(program.hours).toLocaleString('ru-RU')} ч${program.status === 'published'
    ? ` · <a href="#/catalog/${programId}" target="_blank" rel="noopener">страница программы в каталоге</a>` : ''}</p>
    ${program.description ? `<p class="prose">${esc(program.description)}</p>` : ''}</section><p class="muted">${esc(
    q.title)}, версия ${q.currentVersion}</p><form id="sheet"
    novalidate>${questionSections(q.sections)}<div class="field"><label
    for="comment">Комментарий для организации</label><textarea id="comment" rows="4" maxlength="4000"></textarea></div>
    <div class="form-notice"></div><div class="actions"><button class="btn" type="submit">Оценить</button><button
    class="btn secondary" type="button" id="release">Завершить без оценки</button></div></form>`, 'Экспертный лист');
  const form = document.getElementById('sheet');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answers = readAnswers(form, q.sections);
    try {
      const state = await api.post(`/api/v1/expertise/${programId}/rating`, { answers,
        comment: document.getElementById('comment').value || undefined });
      setMain(`<h1>Оценка сохранена</h1>${notice('ok', `Спасибо! У программы оценок: ${state.ratings.length} из
        ${state.toPass}${state.status === 'passed' ? ' — она прошла экспертизу' : ''}.`)}<p><a
        href="#/expertise">К списку программ</a></p>`, 'Оценка сохранена');
    } catch (err) {
      showAnswerErrors(form, err);
    }
  });
  document.getElementById('release').addEventListener('click', async () => {
    await api.post(`/api/v1/expertise/${programId}/release`);
    location.hash = '#/expertise';
  });
}

/// The program card's tab: send to expertise, the state and every rating with its comment.
export async function programTab(p, holder) {
  const draw = async (message = '') => {
    const s = await api.get(`/api/v1/programs/${p.id}/expertise`);
    const stateText = !s.status ? 'Программа не направлялась на экспертизу.'
      : s.status === 'passed' ? `<span class="badge good">Прошла экспертизу</span> ${fmtDate(s.passedAt)}`
      : `<span class="badge wait">На экспертизе</span> с ${fmtDate(s.sentAt)}${s.inWork ? ', сейчас в работе у эксперта'
        : ''}`;
    holder.innerHTML = `<section class="card"><h2>Экспертиза</h2>${message}<p>${stateText}</p><p class="muted">Программа
      проходит экспертизу, когда её оценят ${s.toPass} экспертов других организаций. Оценок: ${s.ratings.length}.</p>
      ${s.status ? '' : '<div class="actions"><button class="btn" id="send-expertise">Направить на экспертизу</button>'
      + '</div>'}${s.ratings.length ? `<table class="list"><thead><tr><th>Эксперт</th><th>Оценка</th>
      <th>Комментарий</th>
      <th>Дата</th></tr></thead><tbody>${s.ratings.map((r) => `<tr><td data-label="Эксперт">${esc(r.expert)}</td><td
      data-label="Оценка">${r.score == null ? '—' : `${r.score} из 100`}</td><td data-label="Комментарий">${esc(
        r.comment || '')}</td><td data-label="Дата">${fmtDate(r.ratedAt)}</td></tr>`).join('')}</tbody></table>`
      : ''}</section>`;
    holder.querySelector('#send-expertise')?.addEventListener('click', async () => {
      try {
        await api.post(`/api/v1/programs/${p.id}/expertise`);
        await draw(notice('ok', 'Программа направлена на экспертизу'));
      } catch (err) { await draw(notice('err', esc(err.message))); }
    });
  };
  await draw();
}
