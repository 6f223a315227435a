// Surveys for their audience (SPEC §11): the open ones for the signed-in person, and a questionnaire to answer on a
// phone — a scale as large buttons, choices as large rows, each unanswered required question named by the server.
import { api } from '../api.js';
import { esc, notice, setMain } from '../ui.js';

const fmtDay = (d) => d.split('-').reverse().join('.');

export async function mine() {
  const { items } = await api.get('/api/v1/me/surveys');
  setMain(`<h1>Опросы</h1>${items.length ? `<ul class="plain">${items.map((s) => `<li class="card"><h2>${esc(s.title)}
    </h2>${s.description ? `<p>${esc(s.description)}</p>` : ''}<p class="muted">${s.closesOn ? `Открыт до ${fmtDay(
      s.closesOn)}` : 'Открыт'}</p><p class="actions">${s.answered ? '<span class="badge good">Вы ответили</span>'
      : `<a class="btn" href="#/surveys/${s.id}">Ответить</a>`}</p></li>`).join('')}</ul>`
    : notice('', 'Открытых опросов для вас сейчас нет.')}`, 'Опросы');
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
  form.querySelector('.form-notice').innerHTML = notice('err', esc(err.fieldErrors?.length
    ? 'Ответьте на отмеченные вопросы' : err.message));
  form.querySelector('.error:not(:empty)')?.closest('fieldset')?.scrollIntoView({ block: 'center' });
}

export async function fill(id) {
  const s = await api.get(`/api/v1/surveys/${id}`);
  if (s.answered) {
    setMain(`<h1>${esc(s.title)}</h1>${notice('ok', 'Вы уже ответили на этот опрос. Спасибо!')}<p><a
      href="#/my/surveys">Все опросы</a></p>`, s.title);
    return;
  }
  setMain(`<h1>${esc(s.title)}</h1>${s.description ? `<p>${esc(s.description)}</p>` : ''}<form id="survey"
    novalidate>${questionSections(s.sections)}<div class="form-notice"></div><div class="actions"><button class="btn"
    type="submit">Отправить ответы</button></div>
    </form>`, s.title);
  const form = document.getElementById('survey');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const answers = readAnswers(form, s.sections);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await api.post(`/api/v1/surveys/${id}/responses`, { answers });
      setMain(`<h1>${esc(s.title)}</h1>${notice('ok', 'Ответы отправлены. Спасибо!')}<p><a href="#/my/surveys">Все
        опросы</a></p>`, s.title);
    } catch (err) {
      showAnswerErrors(form, err);
    } finally { button.disabled = false; }
  });
}
