// The learner's check tasks (SPEC §10): what each task asks, its links and files, the due date, and the answer —
// written and handed in from a phone (text and photos or documents), again until the teacher grades it; the grade and
// the teacher's comment when it is checked.
import { api, uploadFile } from '../api.js';
import { esc, field, fmtDate, handleForm, notice, setMain } from '../ui.js';
import { answerBadge, answerStatusNames, gradeText } from './check-tasks.js';
import { fileList, wireFiles } from './check-task-answers.js';

const statusLine = (t) => {
  const s = t.submission;
  if (!s) {
    const overdue = t.dueAt && new Date(t.dueAt) < new Date();
    return `<span class="badge ${overdue ? 'bad' : 'wait'}">${overdue ? 'срок прошёл' : 'не сдано'}</span>`;
  }
  return `<span class="badge ${answerBadge[s.status]}">${answerStatusNames[s.status]}</span>${s.grade != null
    ? ` Оценка: <strong>${esc(gradeText(t.grading, s.grade))}</strong>` : ''}`;
};

const materials = (t) => t.materials.length ? `<ul class="materials">${t.materials.map((m) => `<li>${m.url
  ? `<a href="${esc(m.url)}" rel="noopener" target="_blank">${esc(m.title)}</a>` : `<button class="link" type="button"
  data-file="${m.fileId}" data-name="${esc(m.title)}">${esc(m.title)}</button>`}</li>`).join('')}</ul>` : '';

export async function mine() {
  const { items } = await api.get('/api/v1/me/check-tasks');
  setMain(`<h1>Мои задания</h1>${items.length ? `<ul class="plain">${items.map((t) => `<li class="card"><h2><a
    href="#/my/check-tasks/${t.taskId}?group=${t.groupId}">${esc(t.name)}</a></h2><p class="muted">${esc(t.group)} ·
    ${esc(t.organization)}${t.dueAt ? ` · сдать до ${fmtDate(t.dueAt)}` : ''}</p><p>${statusLine(t)}</p></li>`)
    .join('')}</ul>` : notice('', 'Заданий пока нет: их назначают группам, в которых вы учитесь.')}`, 'Мои задания');
}

/// One task: what it asks and the answer form (or the graded answer).
export async function task(id) {
  const group = new URLSearchParams(location.hash.split('?')[1] || '').get('group');
  const { items } = await api.get('/api/v1/me/check-tasks');
  const t = items.find((x) => x.taskId === id && (!group || x.groupId === group));
  if (!t) {
    setMain(notice('err', 'Задание не найдено среди заданий ваших групп.'), 'Задание');
    return;
  }
  let files = [...(t.submission?.files || [])];
  const s = t.submission;
  const draw = (message = '') => {
    setMain(`<h1>${esc(t.name)}</h1><div id="my-task"><section class="card"><p class="muted">${esc(t.group)} ·
      ${gradeNames[t.grading]}${t.dueAt ? ` · сдать до ${fmtDate(t.dueAt)}` : ''}</p>
      ${t.description ? `<div class="answer-text">${esc(t.description)}</div>` : ''}${materials(t)}</section>
      <section class="card"><h2>Мой ответ</h2><p>${statusLine(t)}${s?.late ? ' <span class="badge bad">с опозданием'
        + '</span>' : ''}${s ? ` <span class="muted">сдано ${fmtDate(s.submittedAt)}</span>` : ''}</p>${s?.comment
        && s.status !== 'submitted' ? `<div class="notice ${s.status === 'returned' ? 'warn' : 'ok'}"
        role="status"><strong>Комментарий преподавателя:</strong> ${esc(s.comment)}</div>` : ''}
      ${t.canHandIn ? `<form id="answer-form" novalidate>${field('text', 'Ответ', { type: 'textarea',
        value: s?.text || '', hint: 'Напишите ответ или приложите файлы (фото, документы), можно и то и другое' })}
        <div class="field"><label for="answer-file">Файлы</label><input id="answer-file" type="file" multiple
        accept="image/*,.pdf,.doc,.docx,.odt,.txt,.xls,.xlsx,.ppt,.pptx,.zip" data-field="fileIds"><div
        class="error" data-error-for="fileIds" role="alert"></div></div>
        <div id="answer-files">${fileRows()}</div><div class="form-notice">${message}</div>
        <div class="actions"><button class="btn" type="submit">${s ? 'Сдать заново' : 'Сдать ответ'}</button>
        <a class="btn secondary" href="#/my/check-tasks">К заданиям</a></div></form>`
        : `${s?.text ? `<div class="answer-text">${esc(s.text)}</div>` : ''}${fileList(s?.files || [])}
        ${message}<p class="actions"><a class="btn secondary" href="#/my/check-tasks">К заданиям</a></p>`}
      </section></div>`, t.name);
    wireFiles(document.getElementById('my-task'));
    const form = document.getElementById('answer-form');
    if (!form) return;
    document.getElementById('answer-file').addEventListener('change', async (e) => {
      const box = form.querySelector('.form-notice');
      for (const file of e.target.files) {
        box.innerHTML = notice('', `Загружается ${esc(file.name)}…`);
        try { files.push(await uploadFile(file)); box.innerHTML = ''; }
        catch (err) { box.innerHTML = notice('err', esc(`${file.name}: ${err.message}`)); }
      }
      e.target.value = '';
      document.getElementById('answer-files').innerHTML = fileRows();
    });
    form.addEventListener('click', (e) => {
      const drop = e.target.closest('[data-drop]');
      if (!drop) return;
      files = files.filter((f) => f.id !== drop.dataset.drop);
      document.getElementById('answer-files').innerHTML = fileRows();
    });
    handleForm(form, async (d) => {
      const saved = await api.put(`/api/v1/check-tasks/${id}/submission`, { text: d.text || '',
        fileIds: files.map((f) => f.id), groupId: t.groupId });
      Object.assign(t, { submission: saved });
      location.hash = `#/my/check-tasks/${id}?group=${t.groupId}&sent=${saved.handedIn}`;
    });
  };
  const fileRows = () => files.length ? `<ul class="files">${files.map((f) => `<li>${esc(f.name)} <button
    class="btn secondary small" type="button" data-drop="${f.id}" aria-label="Убрать файл ${esc(f.name)}">Убрать
    </button></li>`).join('')}</ul>` : '';
  const sent = new URLSearchParams(location.hash.split('?')[1] || '').get('sent');
  draw(sent ? notice('ok', 'Ответ сдан: преподаватель проверит его и поставит оценку.') : '');
}

const gradeNames = { pass_fail: 'зачёт/незачёт', score_1_5: 'оценка от 1 до 5', score_1_10: 'оценка от 1 до 10' };
