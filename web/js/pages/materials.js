// Learning materials of an organization (seed 000 «Учебные материалы»): the list with filters and CSV, a material's
// card — parameters, links and files, the topics it is attached to, expertise for the region's library.
import { api } from '../api.js';
import { attachmentsSection, wireAttachments } from '../attachments.js';
import { esc, field, fmtDate, handleForm, notice, setMain, ask } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';
import { listPage, organizationField } from './tests.js';
import { visibilityNames } from './check-tasks.js';

export const expertiseNames = { none: 'не направлялся', pending: 'на экспертизе', approved: 'одобрен',
  rejected: 'отклонён' };
export const expertiseBadge = { none: '', pending: 'wait', approved: 'good', rejected: 'bad' };

/// The section's tabs: the organization's materials, the region's library, the experts' queue for experts.
export const materialTabs = (current, expert = false) => `<nav class="tabs" aria-label="Учебные материалы">${[
  ['#/materials', 'Материалы организации'], ['#/library', 'Библиотека'],
  ...(expert ? [['#/materials/expertise', 'Экспертиза']] : [])].map(([h, t]) => `<a
  href="${h}"${h === current ? ' aria-current="page"' : ''}>${t}</a>`).join('')}</nav>`;

const options = (names, empty) => [['', empty], ...Object.entries(names)];

export async function list() {
  requireMenu('#/materials');
  const competencies = await dirOptions('competencies').catch(() => []);
  await listPage({
    heading: 'Учебные материалы', tabs: materialTabs('#/materials'),
    tab: '#/materials', title: 'Учебные материалы', path: '/api/v1/materials', csv: 'materials.csv',
    empty: 'Материалов пока нет. Создайте первый: ссылки и файлы добавляются в его карточке.',
    actions: '<a class="btn secondary" href="#/materials/new">Создать материал</a>',
    filters: (p) => `${field('q', 'Поиск', { value: p.get('q') || '', hint: 'Слова из названия или описания' })}
      ${field('competencyId', 'Компетенция', { options: [['', 'Все'], ...competencies.map(([id, n]) => [id, n])],
        value: p.get('competencyId') || '' })}
      ${field('visibility', 'Доступ', { options: options(visibilityNames, 'Все'), value: p.get('visibility') || '' })}
      ${field('expertise', 'Экспертиза', { options: options(expertiseNames, 'Все'),
        value: p.get('expertise') || '' })}`,
    head: '<th>Материал</th><th>Доступ</th><th>Экспертиза</th><th>Тем</th><th>Изменён</th>',
    row: (m) => `<tr><td data-label="Материал"><a href="#/materials/${m.id}">${esc(m.name)}</a>${m.summary
      ? `<br><span class="muted">${esc(m.summary)}</span>` : ''}</td>
      <td data-label="Доступ">${visibilityNames[m.visibility]}</td><td data-label="Экспертиза"><span
      class="badge ${expertiseBadge[m.expertise]}">${expertiseNames[m.expertise]}</span></td>
      <td data-label="Тем">${m.topics}</td><td data-label="Изменён">${fmtDate(m.updatedAt)}</td></tr>`,
  });
}

const paramFields = (m, competencies) => `${field('name', 'Наименование', { value: m.name || '', required: true })}
  ${field('summary', 'Краткое описание', { type: 'textarea', value: m.summary || '',
    hint: 'Коротко, о чём материал: это видно в списках и в библиотеке' })}
  ${field('description', 'Подробное описание', { type: 'textarea', value: m.description || '' })}
  <div class="row">${field('visibility', 'Доступ', { options: Object.entries(visibilityNames),
    value: m.visibility || 'closed', hint: 'Закрытый — обучающимся программ с этим материалом; открытый — всем'
      + ' вошедшим; публичный — всем' })}
  ${field('competencyId', 'Компетенция', { options: [['', 'Не указана'], ...competencies.map(([id, n]) => [id, n])],
    value: (m.competencyId || '').toLowerCase() })}</div>`;

export async function create() {
  requireMenu('#/materials');
  const competencies = await dirOptions('competencies').catch(() => []);
  setMain(`<h1>Новый учебный материал</h1><form id="material-form" class="card" novalidate>${organizationField()}
    ${paramFields({}, competencies)}<p class="muted">Ссылки и файлы добавляются в карточке материала после
    сохранения.</p><div class="form-notice"></div><div class="actions"><button class="btn"
    type="submit">Создать</button><a class="btn secondary" href="#/materials">Отмена</a></div></form>`,
  'Новый учебный материал');
  handleForm(document.getElementById('material-form'), async (d) => {
    const m = await api.post('/api/v1/materials', d);
    location.hash = `#/materials/${m.id}`;
  });
}

/// The material as its PUT takes it, with `changes` over it.
const body = (m, changes = {}) => ({ name: m.name, summary: m.summary ?? undefined,
  description: m.description ?? undefined, lessonId: m.lessonId ?? undefined, competencyId: m.competencyId
    ?? undefined, visibility: m.visibility, materials: m.materials, ...changes });

export async function card(id) {
  requireMenu('#/materials');
  let m = await api.get(`/api/v1/materials/${id}`);
  const competencies = await dirOptions('competencies').catch(() => []);
  const expertise = () => `<section class="card" id="expertise"><h2>Экспертиза для библиотеки</h2><p><span
    class="badge ${expertiseBadge[m.expertise]}">${expertiseNames[m.expertise]}</span>${m.expertiseAt ? ` ${fmtDate(
      m.expertiseAt)}` : ''}</p>${m.expertiseComment ? `<p>Комментарий эксперта: ${esc(m.expertiseComment)}</p>` : ''}
    <p class="muted">Одобренный экспертом публичный или открытый материал появляется в библиотеке региона. Правка
    названия, описаний, ссылок или файлов снимает одобрение до новой экспертизы.</p>${['none', 'rejected']
      .includes(m.expertise) ? '<button class="btn" type="button" id="to-expertise">Направить на экспертизу</button>'
      : ''}</section>`;
  const draw = () => setMain(`<h1>${esc(m.name)}</h1>${materialTabs('#/materials')}<div id="material-card">
    <section class="card"><h2>Параметры</h2><form id="material-form" novalidate>${paramFields(m, competencies)}
      <div class="form-notice"></div><div class="actions"><button class="btn" type="submit">Сохранить</button>
      <button class="btn danger" type="button" id="material-delete">Удалить материал</button></div></form></section>
    ${attachmentsSection(m.materials)}${expertise()}
    <section class="card"><h2>Темы модулей</h2>${m.topics?.length ? `<ul>${m.topics.map((t) => `<li><a
      href="#/modules/${t.moduleId}/plan">${esc(t.module)}</a> — ${esc(t.topic)}</li>`).join('')}</ul>`
      : '<p class="muted">Материал пока не прикреплён к темам. Прикрепить — в учебно-тематическом плане модуля.</p>'}
    </section></div>`, m.name);
  const save = async (changes) => {
    try {
      m = await api.put(`/api/v1/materials/${id}`, body(m, changes), { headers: { 'If-Match': `"${m.version}"` } });
    } catch (err) {
      if (err.status !== 412) throw err;
      m = await api.get(`/api/v1/materials/${id}`);
      redraw('#material-form', notice('warn', 'Материал изменили в другом окне: показана его новая версия,'
        + ' повторите правку.'));
      throw Object.assign(new Error('Материал изменили в другом окне'), { handled: true });
    }
  };
  const redraw = (form = '', message = '') => {
    draw(); wire();
    if (message) document.querySelector(`${form} .form-notice`).innerHTML = message;
  };
  const wire = () => {
    handleForm(document.getElementById('material-form'), async (d) => {
      const approved = m.expertise === 'approved';
      await save({ name: d.name, summary: d.summary, description: d.description, visibility: d.visibility,
        competencyId: d.competencyId || undefined });
      redraw('#material-form', notice(approved && m.expertise !== 'approved' ? 'warn' : 'ok', approved
        && m.expertise !== 'approved' ? 'Сохранено. Содержание изменилось — направьте материал на экспертизу снова.'
        : 'Параметры сохранены.'));
    });
    wireAttachments({ items: () => m.materials, organizationId: m.organizationId, done: redraw,
      save: (materials) => save({ materials }) });
    document.getElementById('to-expertise')?.addEventListener('click', async () => {
      m = await api.post(`/api/v1/materials/${id}/expertise`);
      redraw('#material-form', notice('ok', 'Материал направлен на экспертизу.'));
    });
    document.getElementById('material-delete').addEventListener('click', async () => {
      if (!await ask({ title: 'Удалить материал?', text: 'Он уйдёт и из тем модулей, к которым прикреплён.',
        confirmLabel: 'Удалить', danger: true })) return;
      await api.del(`/api/v1/materials/${id}`);
      location.hash = '#/materials';
    });
  };
  redraw();
}
