// Surveys for their audience (SPEC §11): the open ones for the signed-in person, and a questionnaire to answer on a
// phone — a scale as large buttons, choices as large rows, each unanswered required question named by the server.
import { api } from '../api.js';
import { esc, notice, setMain } from '../ui.js';

const fmtDay = (d) => d.split('-').reverse().join('.');

const monitoringBadge = (m) => (m.answered ? '<span class="badge good">заполнена</span>'
  : m.overdue ? '<span class="badge">срок истёк</span>' : `<a class="btn" href="#/monitoring/${m.id}">Заполнить до
  ${fmtDay(m.dueOn)}</a>`);

/// «Опросы и оценки»: the e-monitoring after the learner's groups, the programs they completed to rate, and the
/// surveys open to them.
export async function mine() {
  const [surveys, monitoring, programs] = await Promise.all([api.get('/api/v1/me/surveys'),
    api.get('/api/v1/me/monitoring'), api.get('/api/v1/me/program-ratings')]);
  const toRate = programs.open ? programs.items : programs.items.filter((p) => p.rated);
  setMain(`<h1>Опросы и оценки</h1>${monitoring.items.length ? `<h2>Анкеты после обучения</h2><ul
    class="plain">${monitoring.items.map((m) => `<li class="card"><h3>${esc(m.program)}</h3><p class="muted">Группа
    ${esc(m.group)} · анкета электронного мониторинга</p><p class="actions">${monitoringBadge(m)}</p></li>`).join('')}
    </ul>` : ''}${toRate.length ? `<h2>Оцените пройденные программы</h2><ul class="plain">${toRate.map((p) => `<li
    class="card"><h3>${esc(p.name)}</h3><p class="muted">${esc(p.organization || '')}${p.endsOn ? ` · окончание
    ${fmtDay(p.endsOn)}` : ''}</p><p class="actions">${p.rated ? `<span class="badge good">Ваша оценка: ${p.score
    ?? '—'} из 100</span>` : `<a class="btn" href="#/rate/${p.programId}">Оценить программу</a>`}</p></li>`).join('')}
    </ul>` : ''}<h2>Опросы</h2>${surveys.items.length ? `<ul class="plain">${surveys.items.map((x) => `<li
    class="card"><h3>${esc(x.title)}</h3>${x.description ? `<p>${esc(x.description)}</p>` : ''}<p class="muted">${
    x.closesOn ? `Открыт до ${fmtDay(x.closesOn)}` : 'Открыт'}</p><p class="actions">${x.answered
    ? '<span class="badge good">Вы ответили</span>' : `<a class="btn" href="#/surveys/${x.id}">Ответить</a>`}</p>
    </li>`).join('')}</ul>` : notice('', 'Открытых опросов для вас сейчас нет.')}`, 'Опросы и оценки');
}

/// A questionnaire answered on one page: its questions (and `extra` fields, such as a comment), the server's errors
/// beside them; `send(answers, form)` keeps them, then the thanks and the way back.
function answerPage({ title, intro = '', sections, extra = '', send, thanks = 'Ответы отправлены. Спасибо!' }) {
  const back = '<p><a href="#/my/surveys">Опросы и оценки</a></p>';
  setMain(`<h1>${esc(title)}</h1>${intro}<form id="survey" novalidate>${questionSections(sections)}${extra}<div
    class="form-notice"></div><div class="actions"><button class="btn" type="submit">Отправить ответы</button></div>
    </form>`, title);
  const form = document.getElementById('survey');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await send(readAnswers(form, sections), form);
      setMain(`<h1>${esc(title)}</h1>${notice('ok', thanks)}${back}`, title);
      window.scrollTo(0, 0);
    } catch (err) {
      showAnswerErrors(form, err);
    } finally { button.disabled = false; }
  });
}

const done = (title, text) => setMain(`<h1>${esc(title)}</h1>${notice('ok', text)}<p><a href="#/my/surveys">Опросы и
  оценки</a></p>`, title);

/// The e-monitoring questionnaire after a group.
export async function monitoring(id) {
  const m = await api.get(`/api/v1/monitoring/${id}`);
  const title = 'Анкета электронного мониторинга';
  if (m.answered) return done(title, 'Вы уже заполнили эту анкету. Спасибо!');
  if (m.overdue) return done(title, `Срок заполнения анкеты истёк ${fmtDay(m.dueOn)}.`);
  answerPage({ title, sections: m.questionnaire.sections,
    intro: `<p>${esc(m.program)}, группа ${esc(m.group)}. Заполните до ${fmtDay(m.dueOn)}.</p>`,
    send: (answers) => api.post(`/api/v1/monitoring/${id}/responses`, { answers }) });
}

/// A learner's rating of a program they completed.
export async function rate(programId) {
  const f = await api.get(`/api/v1/programs/${programId}/rating-form`);
  const title = 'Оценка программы';
  if (f.rating) return done(title, `Вы оценили программу «${esc(f.program.name)}»: ${f.rating.score ?? '—'} из 100.`);
  answerPage({ title, sections: f.questionnaire.sections, intro: `<p>${esc(f.program.name)}</p>`,
    extra: `<div class="field"><label for="comment">Что понравилось и что улучшить</label><textarea id="comment"
      rows="4" maxlength="2000"></textarea><div class="error" data-error-for="comment" role="alert"></div></div>`,
    send: (answers, form) => api.post(`/api/v1/programs/${programId}/ratings`, { answers,
      comment: form.querySelector('#comment').value.trim() || undefined }),
    thanks: 'Спасибо! Ваша оценка поможет другим выбрать программу, а организации — улучшить её.' });
}

export const control = (q) => {
  const name = `answers.${q.key}`;
  switch (q.kind) {
    case 'scale': {
      const marks = [];
      for (let m = q.min; m <= q.max; m += 1) marks.push(m);
      return `<div class="q-scale">${marks.map((m) => `<label><input type="radio" name="${name}" value="${m}">
        ${m}</label>`).join('')}</div>${q.minLabel || q.maxLabel ? `<div class="q-scale-ends"><span>${esc(q.minLabel
        || '')}</span><span>${esc(q.maxLabel || '')}</span></div>` : ''}`;
    }
    case 'single': case 'multiple':
      return q.options.map((o) => `<label class="option"><input type="${q.kind === 'single' ? 'radio' : 'checkbox'}"
        name="${name}" value="${esc(o)}"> <span>${esc(o)}</span></label>`).join('');
    case 'number':
      return `<input type="number" name="${name}" inputmode="decimal" aria-label="${esc(q.text)}"${q.min != null
        ? ` min="${q.min}"` : ''}${q.max != null ? ` max="${q.max}"` : ''}>`;
    default:
      return `<textarea name="${name}" rows="3" maxlength="4000" aria-label="${esc(q.text)}"></textarea>`;
  }
};

/// The questions of a questionnaire's sections as fieldsets, each with its error line (the survey and the expert
/// sheet both draw them).
export const questionSections = (sections) => sections.map((sec) => `${sec.title ? `<h2>${esc(sec.title)}</h2>`
  : ''}${sec.questions.map((q) => `<fieldset class="question"><legend>${esc(q.text)}${q.required ? `<span
  class="req" aria-hidden="true"> *</span>` : ''}</legend>${q.hint ? `<p class="hint">${esc(q.hint)}</p>`
  : ''}${control(
  q)}<div class="error" data-error-for="answers.${q.key}" role="alert"></div></fieldset>`).join('')}`).join('');

/// The answers given in `form` to the sections' questions, as the API takes them (unanswered ones left out).
export function readAnswers(form, sections) {
  form.querySelectorAll('.error').forEach((x) => { x.textContent = ''; });
  const answers = {};
  for (const q of sections.flatMap((x) => x.questions)) {
    const inputs = [...form.querySelectorAll(`[name="answers.${CSS.escape(q.key)}"]`)];
    if (q.kind === 'multiple') answers[q.key] = inputs.filter((x) => x.checked).map((x) => x.value);
    else if (q.kind === 'scale' || q.kind === 'single') {
      const chosen = inputs.find((x) => x.checked);
      if (chosen) answers[q.key] = q.kind === 'scale' ? Number(chosen.value) : chosen.value;
    } else if (inputs[0].value.trim() !== '') {
      answers[q.key] = q.kind === 'number' ? Number(inputs[0].value) : inputs[0].value;
    }
  }
  return answers;
}

/// The server's errors beside their questions, the first one scrolled into view.
export function showAnswerErrors(form, err) {
  for (const f of err.fieldErrors || []) {
    const el = form.querySelector(`[data-error-for="${CSS.escape(f.field)}"]`);
    if (el) el.textContent = f.message;
  }
  const answers = (err.fieldErrors || []).some((f) => f.field.startsWith('answers'));
  form.querySelector('.form-notice').innerHTML = notice('err', esc(answers ? 'Ответьте на отмеченные вопросы'
    : err.fieldErrors?.length ? 'Исправьте отмеченные поля' : err.message));
  form.querySelector('.error:not(:empty)')?.closest('fieldset, .field')?.scrollIntoView({ block: 'center' });
}

export async function fill(id) {
  const s = await api.get(`/api/v1/surveys/${id}`);
  if (s.answered) return done(s.title, 'Вы уже ответили на этот опрос. Спасибо!');
  answerPage({ title: s.title, sections: s.sections, intro: s.description ? `<p>${esc(s.description)}</p>` : '',
    send: (answers) => api.post(`/api/v1/surveys/${id}/responses`, { answers }) });
}
