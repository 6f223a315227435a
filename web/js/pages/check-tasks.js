// Check tasks of an organization (seed 000 «Проверочные задания»): the list with the seed's filters, a task's card —
// parameters, links and files, the groups it is given to with due dates, the answers handed in.
import { api } from '../api.js';
import { attachmentsSection, wireAttachments } from '../attachments.js';
import { esc, field, handleForm, notice, setMain, fmtDate, ask } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';
import { listPage, organizationField } from './tests.js';

export const gradingNames = { pass_fail: 'Зачёт/незачёт', score_1_5: 'Баллы от 1 до 5',
  score_1_10: 'Баллы от 1 до 10' };
export const visibilityNames = { public: 'Публичный', open: 'Открытый', closed: 'Закрытый' };
export const answerStatusNames = { submitted: 'на проверке', returned: 'на доработке', graded: 'оценено' };
export const answerBadge = { submitted: 'wait', returned: 'bad', graded: 'good' };

/// A grade as a person reads it: «зачёт», «незачёт», «4 из 5».
export const gradeText = (grading, grade) => grade == null ? '' : grading === 'pass_fail'
  ? (grade === 1 ? 'зачёт' : 'незачёт') : `${grade} из ${grading === 'score_1_5' ? 5 : 10}`;

/// The section's tabs: tasks, answers.
export const taskTabs = (current) => `<nav class="tabs" aria-label="Проверочные задания">${[['#/check-tasks',
  'Задания'], ['#/check-tasks/answers', 'Выполненные задания']].map(([h, t]) => `<a
  href="${h}"${h === current ? ' aria-current="page"' : ''}>${t}</a>`).join('')}</nav>`;

const options = (names, empty) => [['', empty], ...Object.entries(names)];

export async function list() {
  requireMenu('#/check-tasks');
  const competencies = await dirOptions('competencies').catch(() => []);
  await listPage({
    heading: 'Проверочные задания', tabs: taskTabs('#/check-tasks'),
    tab: '#/check-tasks', title: 'Проверочные задания', path: '/api/v1/check-tasks', csv: 'check-tasks.csv',
    empty: 'Заданий пока нет. Создайте первое и назначьте его группе со сроком сдачи.',
    actions: '<a class="btn secondary" href="#/check-tasks/new">Создать задание</a>',
    filters: (p) => `${field('q', 'Название', { value: p.get('q') || '', hint: 'Слова из названия или описания' })}
      ${field('competencyId', 'Компетенция', { options: [['', 'Все'], ...competencies.map(([id, n]) => [id, n])],
        value: p.get('competencyId') || '' })}
      ${field('visibility', 'Доступ', { options: options(visibilityNames, 'Все'), value: p.get('visibility') || '' })}
      ${field('grading', 'Тип оценки', { options: options(gradingNames, 'Все'), value: p.get('grading') || '' })}
      ${field('dueFrom', 'Срок с', { type: 'date', value: p.get('dueFrom') || '' })}
      ${field('dueTo', 'по', { type: 'date', value: p.get('dueTo') || '' })}`,
    head: '<th>Задание</th><th>Группы и сроки</th><th>Тип оценки</th><th>Доступ</th><th>Ответов</th>',
    row: (t) => `<tr><td data-label="Задание"><a href="#/check-tasks/${t.id}">${esc(t.name)}</a>${t.lesson
      || t.competency
      ? `<br><span class="muted">${esc([t.lesson, t.competency].filter(Boolean).join(' · '))}</span>` : ''}</td>
      <td data-label="Группы">${t.groups.length ? t.groups.slice(0, 3).map((g) => `${esc(g.name)}${g.dueAt
      ? ` — до ${fmtDate(g.dueAt)}` : ''}`).join('<br>') : '<span class="muted">не назначено</span>'}${t.groups.length
      > 3 ? `<br><span class="muted">и ещё ${t.groups.length - 3}</span>` : ''}</td>
      <td data-label="Тип оценки">${gradingNames[t.grading]}</td>
      <td data-label="Доступ">${visibilityNames[t.visibility]}</td>
      <td data-label="Ответов">${t.submitted}${t.toGrade ? ` <span class="badge wait">на проверке: ${t.toGrade}</span>`
      : ''}</td></tr>`,
  });
}

const paramFields = (t, competencies) => `${field('name', 'Наименование задания', { value: t.name || '',
  required: true })}
  ${field('description', 'Описание задания', { type: 'textarea', value: t.description || '',
    hint: 'Что сделать и что сдать: по описанию обучающийся понимает задание' })}
  <div class="row">${field('grading', 'Тип оценки', { options: options(gradingNames, 'Выберите'),
    value: t.grading || '', required: true })}
  ${field('visibility', 'Доступ', { options: Object.entries(visibilityNames), value: t.visibility || 'closed',
    hint: 'Закрытый — только группам; открытый — всем вошедшим; публичный — всем' })}
  ${field('competencyId', 'Компетенция', { options: [['', 'Не указана'], ...competencies.map(([id, n]) => [id, n])],
    value: (t.competencyId || '').toLowerCase() })}</div>`;

export async function create() {
  requireMenu('#/check-tasks');
  const competencies = await dirOptions('competencies').catch(() => []);
  setMain(`<h1>Новое проверочное задание</h1><form id="task-form" class="card" novalidate>${organizationField()}
    ${paramFields({}, competencies)}<p class="muted">Ссылки, файлы и группы добавляются в карточке задания после
    сохранения.</p><div class="form-notice"></div><div class="actions"><button class="btn"
    type="submit">Создать</button><a class="btn secondary" href="#/check-tasks">Отмена</a></div></form>`,
  'Новое проверочное задание');
  handleForm(document.getElementById('task-form'), async (d) => {
    const t = await api.post('/api/v1/check-tasks', d);
    location.hash = `#/check-tasks/${t.id}`;
  });
}

/// The task as its PUT takes it, with `changes` over it.
const body = (t, changes = {}) => ({ name: t.name, description: t.description ?? undefined,
  lessonId: t.lessonId ?? undefined, competencyId: t.competencyId ?? undefined, visibility: t.visibility,
  grading: t.grading, materials: t.materials, ...changes });

/// A task's card: parameters, links and files, groups with due dates, answers.
export async function card(id) {
  requireMenu('#/check-tasks');
  let t = await api.get(`/api/v1/check-tasks/${id}`);
  const [competencies, groups, answers] = await Promise.all([
    dirOptions('competencies').catch(() => []),
    api.get(`/api/v1/groups?limit=200&organizationId=${t.organizationId}`).catch(() => ({ items: [] })),
    api.get(`/api/v1/check-task-submissions?taskId=${id}&limit=200`),
  ]);
  const draw = () => setMain(`<h1>${esc(t.name)}</h1>${taskTabs('#/check-tasks')}<div id="task-card">
    <section class="card"><h2>Параметры</h2><form id="task-form" novalidate>${paramFields(t, competencies)}
      ${t.lesson ? `<p class="muted">Занятие: ${esc(t.lesson)}</p>` : ''}
      <div class="form-notice"></div><div class="actions"><button class="btn" type="submit">Сохранить</button>
      <button class="btn danger" type="button" id="task-delete">Удалить задание</button></div></form></section>
    ${attachmentsSection(t.materials)}
    <section class="card"><h2>Группы и сроки сдачи</h2>${t.groups.length ? `<ul>${t.groups.map((g) => `<li><a
      href="#/groups/${g.groupId}/gradebook">${esc(g.name)}</a> — ${g.dueAt ? `сдать до ${fmtDate(g.dueAt)}`
      : 'без срока'}, сдали ${g.submitted} из ${g.learners} <button class="btn secondary small"
      data-unassign="${g.groupId}" aria-label="Снять с группы ${esc(g.name)}">Снять</button></li>`).join('')}</ul>`
      : '<p class="muted">Задание пока не назначено ни одной группе.</p>'}
      <form id="assign-form" novalidate><div class="row">${field('groupId', 'Группа', { options: [['', 'Выберите'],
        ...groups.items.filter((g) => !['finished', 'completion_confirmed'].includes(g.status))
          .sort((x, y) => x.name.localeCompare(y.name, 'ru')).map((g) => [g.id, g.name])], required: true })}
        ${field('dueAt', 'Сдать до',
        { type: 'datetime-local', hint: 'Позже срока ответ тоже примут, с отметкой «с опозданием»' })}</div>
        <div class="form-notice"></div><div class="actions"><button class="btn" type="submit">Назначить
        группе</button></div></form></section>
    <section class="card"><h2>Выполненные задания (${answers.items.length})</h2>${answers.items.length
      ? `<table class="list"><thead><tr><th>Учащийся</th><th>Группа</th><th>Сдано</th><th>Статус</th><th>Оценка</th>
      </tr></thead><tbody>${answers.items.map((a) => `<tr><td data-label="Учащийся"><a
      href="#/check-tasks/answers/${a.id}">${esc(a.learner)}</a></td><td data-label="Группа">${esc(a.group)}</td>
      <td data-label="Сдано">${fmtDate(a.submittedAt)}${a.late ? ' <span class="badge bad">с опозданием</span>' : ''}
      </td><td data-label="Статус"><span class="badge ${answerBadge[a.status]}">${answerStatusNames[a.status]}</span>
      </td><td data-label="Оценка">${esc(gradeText(a.grading, a.grade))}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">Ответов пока нет.</p>'}</section></div>`, t.name);
  // the version the page shows: a change made meanwhile (another tab, another teacher) is not overwritten
  const save = async (changes) => {
    try {
      t = await api.put(`/api/v1/check-tasks/${id}`, body(t, changes), { headers: { 'If-Match': `"${t.version}"` } });
    } catch (err) {
      if (err.status !== 412) throw err;
      t = await api.get(`/api/v1/check-tasks/${id}`);
      redraw('#task-form', notice('warn', 'Задание изменили в другом окне: показана его новая версия, повторите'
        + ' правку.'));
      throw Object.assign(new Error('Задание изменили в другом окне'), { handled: true });
    }
  };
  const wire = () => {
    handleForm(document.getElementById('task-form'), async (d) => {
      await save({ name: d.name, description: d.description, grading: d.grading, visibility: d.visibility,
        competencyId: d.competencyId || undefined });
      redraw('#task-form', notice('ok', 'Параметры сохранены.'));
    });
    wireAttachments({ items: () => t.materials, organizationId: t.organizationId, done: redraw,
      save: (materials) => save({ materials }) });
    handleForm(document.getElementById('assign-form'), async (d) => {
      t = await api.put(`/api/v1/check-tasks/${id}/groups`, { groupId: d.groupId,
        dueAt: d.dueAt ? new Date(d.dueAt).toISOString() : undefined });
      redraw('#assign-form', notice('ok', 'Задание назначено группе.'));
    });
    document.getElementById('task-delete').addEventListener('click', async () => {
      if (!await ask({ title: 'Удалить задание?', text: 'Ответы учащихся и оценки за него тоже будут удалены.',
        confirmLabel: 'Удалить', danger: true })) return;
      await api.del(`/api/v1/check-tasks/${id}`);
      location.hash = '#/check-tasks';
    });
    document.getElementById('task-card').addEventListener('click', act);
  };
  const redraw = (form = '', message = '') => {
    draw(); wire();
    if (message) document.querySelector(`${form} .form-notice`).innerHTML = message;
  };
  const act = async (e) => {
    const unassign = e.target.closest('[data-unassign]')?.dataset.unassign;
    if (!unassign || !await ask({ title: 'Снять задание с группы?', confirmLabel: 'Снять' })) return;
    try {
      t = await api.del(`/api/v1/check-tasks/${id}/groups/${unassign}`);
      redraw();
    } catch (err) {
      document.querySelector('#assign-form .form-notice').innerHTML = notice('err', esc(err.message));
    }
  };
  redraw();
}
