// Answers to check tasks (seed 000 «Выполненные задания», «Выполнение и проверка заданий»): every answer handed in
// with the seed's filters and CSV, and one answer as the teacher grades it — «Зачёт/Незачёт» or a score, or back for
// revision with a comment.
import { api, downloadFile, fileURL } from '../api.js';
import { clearErrors, esc, field, fmtDate, handleForm, notice, setMain, showErrors } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';
import { listPage } from './tests.js';
import { answerBadge, answerStatusNames, gradeText, gradingNames, taskTabs, visibilityNames } from './check-tasks.js';

const options = (names) => [['', 'Все'], ...Object.entries(names)];

export async function list() {
  requireMenu('#/check-tasks');
  const [tasks, competencies] = await Promise.all([api.get('/api/v1/check-tasks?limit=200'),
    dirOptions('competencies').catch(() => [])]);
  await listPage({
    heading: 'Проверочные задания', tabs: taskTabs('#/check-tasks/answers'),
    tab: '#/check-tasks/answers', title: 'Выполненные задания', path: '/api/v1/check-task-submissions',
    csv: 'check-task-submissions.csv', empty: 'Ответов по этим условиям нет.',
    filters: (p) => `${field('taskId', 'Задание', { options: [['', 'Все'], ...tasks.items.map((t) => [t.id,
      t.name])], value: p.get('taskId') || '' })}
      ${field('q', 'Название задания', { value: p.get('q') || '' })}
      ${field('learner', 'Учащийся', { value: p.get('learner') || '', hint: 'Часть ФИО' })}
      ${field('status', 'Ответ', { options: options(answerStatusNames), value: p.get('status') || '' })}
      ${field('competencyId', 'Компетенция', { options: [['', 'Все'], ...competencies.map(([id, n]) => [id, n])],
        value: p.get('competencyId') || '' })}
      ${field('visibility', 'Статус задания', { options: options(visibilityNames), value: p.get('visibility') || '' })}
      ${field('grading', 'Тип оценки', { options: options(gradingNames), value: p.get('grading') || '' })}
      ${field('submittedFrom', 'Сдано с', { type: 'date', value: p.get('submittedFrom') || '' })}
      ${field('submittedTo', 'по', { type: 'date', value: p.get('submittedTo') || '' })}`,
    head: '<th>Учащийся</th><th>Задание</th><th>Группа</th><th>Сдано</th><th>Ответ</th><th>Оценка</th>',
    row: (a) => `<tr><td data-label="Учащийся"><a href="#/check-tasks/answers/${a.id}">${esc(a.learner)}</a></td>
      <td data-label="Задание">${esc(a.task)}${a.lesson ? `<br><span class="muted">${esc(a.lesson)}</span>` : ''}</td>
      <td data-label="Группа">${esc(a.group)}</td><td data-label="Сдано">${fmtDate(a.submittedAt)}${a.late
      ? ' <span class="badge bad">с опозданием</span>' : ''}</td><td data-label="Ответ"><span
      class="badge ${answerBadge[a.status]}">${answerStatusNames[a.status]}</span></td>
      <td data-label="Оценка">${esc(gradeText(a.grading, a.grade)) || '—'}</td></tr>`,
  });
}

/// The grade's choices: «Зачёт»/«Незачёт», or the scores 1…5 / 1…10, as large buttons a thumb can hit.
const gradeChoices = (grading, current) => {
  const choices = grading === 'pass_fail' ? [[1, 'Зачёт'], [0, 'Незачёт']]
    : Array.from({ length: grading === 'score_1_5' ? 5 : 10 }, (_, i) => [i + 1, String(i + 1)]);
  return `<fieldset class="grade-choices"><legend>Оценка (${gradingNames[grading].toLowerCase()})</legend>
    ${choices.map(([v, t]) => `<label class="grade-choice"><input type="radio" name="grade" value="${v}"${current === v
      ? ' checked' : ''}><span>${t}</span></label>`).join('')}<div class="error" data-error-for="grade"
      role="alert"></div></fieldset>`;
};

/// Files of an answer or a task: each downloads with the reader's token (they are not public).
export const fileList = (files) => files.length ? `<ul class="files">${files.map((f) => `<li><button class="link"
  type="button" data-file="${f.id}" data-name="${esc(f.name)}">${esc(f.name)}</button>${f.size ? ` <span
  class="muted">${Math.max(1, Math.round(f.size / 1024))} КБ</span>` : ''}${f.mime?.startsWith('image/') ? `<br><img
  class="answer-photo" data-preview="${f.id}" alt="${esc(f.name)}">` : ''}</li>`).join('')}</ul>` : '';

/// Downloads on a click; photos are shown in place (fetched with the token: an answer is not public).
export function wireFiles(root) {
  for (const img of root.querySelectorAll('img[data-preview]')) {
    fileURL(img.dataset.preview).then((url) => { if (url) img.src = url; else img.remove(); });
  }
  root.addEventListener('click', (e) => {
    const b = e.target.closest('[data-file]');
    if (b) downloadFile(`/api/v1/files/${b.dataset.file}`, b.dataset.name);
  });
}

export async function review(id) {
  requireMenu('#/check-tasks');
  let a = await api.get(`/api/v1/check-task-submissions/${id}`);
  const draw = (message = '') => {
    setMain(`<h1>${esc(a.task)}</h1>${taskTabs('#/check-tasks/answers')}<div id="answer">
      <section class="card"><h2>${esc(a.learner)}</h2><p class="muted">${esc(a.group)} · сдано
      ${fmtDate(a.submittedAt)}${a.handedIn > 1 ? ` (сдача ${a.handedIn})` : ''}${a.dueAt ? ` · срок
      ${fmtDate(a.dueAt)}` : ''}</p><p><span class="badge ${answerBadge[a.status]}">${answerStatusNames[a.status]}
      </span>
      ${a.late ? '<span class="badge bad">с опозданием</span>' : ''}${a.grade != null ? ` Оценка: <strong>${esc(
        gradeText(a.grading, a.grade))}</strong>` : ''}</p>
      ${a.text ? `<div class="answer-text">${esc(a.text)}</div>` : '<p class="muted">Без текста.</p>'}
      ${fileList(a.files)}</section>
      <section class="card"><h2>Проверка</h2>${a.status === 'returned' ? notice('warn', 'Ответ возвращён на доработку:'
        + ' учащийся сдаст его заново.') : ''}<form id="grade-form" novalidate>${gradeChoices(a.grading, a.grade)}
        ${a.comment && a.status === 'submitted' ? `<p class="muted">Прошлый комментарий: ${esc(a.comment)}</p>` : ''}
        ${field('comment', 'Комментарий для учащегося', { type: 'textarea',
          value: a.status === 'submitted' ? '' : a.comment || '' })}
        <div class="form-notice">${message}</div><div class="actions"><button class="btn" type="submit">${a.status
        === 'graded' ? 'Изменить оценку' : 'Оценить'}</button><button class="btn secondary" type="button"
        id="return">Вернуть на доработку</button><a class="btn secondary"
        href="#/check-tasks/${a.taskId}">К заданию</a></div></form></section></div>`, a.task);
    const form = document.getElementById('grade-form');
    const send = async (d, returned) => {
      a = await api.put(`/api/v1/check-task-submissions/${id}/grade`, returned ? { returned: true,
        comment: d.comment } : { grade: d.grade === undefined ? undefined : Number(d.grade), comment: d.comment },
      { headers: { 'If-Match': `"${a.version}"` } });
      draw(notice('ok', returned ? 'Ответ возвращён на доработку.' : 'Оценка сохранена и видна в журнале группы.'));
    };
    // an answer handed in again while the page was open: show the new one instead of grading the old
    const unlessStale = async (work) => {
      try { await work(); } catch (err) {
        if (err.status !== 412) throw err;
        a = await api.get(`/api/v1/check-task-submissions/${id}`);
        draw(notice('warn', 'Учащийся сдал ответ заново, пока страница была открыта: проверьте новую версию.'));
      }
    };
    handleForm(form, (d) => unlessStale(() => send({ ...d,
      grade: form.querySelector('input[name=grade]:checked')?.value }, false)));
    document.getElementById('return').addEventListener('click', async () => {
      clearErrors(form);
      const comment = form.elements.comment.value.trim();
      await unlessStale(() => send({ comment }, true)).catch((err) => showErrors(form, err));
    });
    wireFiles(document.getElementById('answer'));
  };
  draw();
}
