// Contests and achievements (seed 000 «НОКО → Конкурсы, Достижения»): ЦОПП's operators keep the registry and approve
// contests proposed from the site; a learner records results in «Мои достижения» (proposing a contest that is not
// listed); operators read every achievement with whether it counts for the quality index.
import { api, downloadFile, uploadFile } from '../api.js';
import { ask, clearErrors, esc, field, handleForm, notice, setMain, showErrors } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';
import { listPage } from './tests.js';

export const contestStatusNames = { inactive: 'неактивен', approved: 'утверждён' };
const resultNames = { winner: 'Победитель', prize: 'Призёр', participant: 'Участник' };
const tabs = (current) => `<nav class="tabs" aria-label="НОКО">${[['#/contests', 'Конкурсы'],
  ['#/achievements', 'Достижения']].map(([h, t]) => `<a href="${h}"${h === current ? ' aria-current="page"'
  : ''}>${t}</a>`).join('')}</nav>`;
const day = (iso) => (iso ? new Date(`${iso}T00:00:00`).toLocaleDateString('ru-RU') : '');
const period = (c) => [day(c.startsOn), day(c.endsOn)].filter(Boolean).join(' — ');
const statusBadge = (c) => `<span class="badge ${c.status === 'approved' ? 'good' : 'wait'}">${
  contestStatusNames[c.status]}</span>`;

export async function list() {
  requireMenu('#/contests');
  const levels = await dirOptions('event_levels');
  await listPage({
    heading: 'Конкурсы и достижения', tabs: tabs('#/contests'), tab: '#/contests', title: 'Конкурсы',
    path: '/api/v1/contests', csv: 'contests.csv', empty: 'Конкурсов не найдено.',
    actions: '<a class="btn secondary" href="#/contests/new">Новый конкурс</a>',
    filters: (p) => `${field('q', 'Поиск', { value: p.get('q') || '' })}${field('status', 'Статус', {
      options: [['', 'Все'], ['inactive', 'Неактивные (ждут утверждения)'], ['approved', 'Утверждённые']],
      value: p.get('status') || '' })}${field('levelId', 'Уровень', { options: [['', 'Все'],
      ...levels.map(([id, name]) => [id, name])], value: p.get('levelId') || '' })}`,
    head: '<th>Конкурс</th><th>Уровень</th><th>Сроки</th><th>Статус</th><th>Достижений</th>',
    row: (c) => `<tr><td data-label="Конкурс"><a href="#/contests/${c.id}">${esc(c.name)}</a>${c.organizer
      ? `<br><span class="muted">${esc(c.organizer)}</span>` : ''}</td><td data-label="Уровень">${esc(
      c.level?.name || '')}</td><td data-label="Сроки">${period(c)}</td><td data-label="Статус">${statusBadge(c)}${
      c.status === 'inactive' && c.proposedBy ? `<br><span class="muted">предложил(а) ${esc(c.proposedBy)}</span>`
      : ''}</td><td data-label="Достижений">${c.achievements}</td></tr>`,
  });
}

/// The contest's fields; `operator` adds the status (approval).
async function contestFields(c = {}, { operator = false, prefix = '' } = {}) {
  const levels = await dirOptions('event_levels');
  return `${field('name', 'Название конкурса', { required: true, value: c.name || '', idPrefix: prefix })}
    ${field('organizer', 'Организатор', { value: c.organizer || '', idPrefix: prefix })}
    <div class="row">${field('levelId', 'Уровень', { options: [['', '—'], ...levels.map(([id, n]) => [id, n])],
      value: (c.level?.id || '').toLowerCase(), idPrefix: prefix })}${field('startsOn', 'Начало', { type: 'date',
      value: c.startsOn || '', idPrefix: prefix })}${field('endsOn', 'Окончание', { type: 'date',
      value: c.endsOn || '', idPrefix: prefix })}</div>
    ${field('url', 'Страница конкурса', { type: 'url', value: c.url || '', hint: 'https://…', idPrefix: prefix })}
    ${field('description', 'Описание', { type: 'textarea', value: c.description || '', idPrefix: prefix })}
    ${operator ? field('status', 'Статус конкурса', { options: [
      ['approved', 'Утверждён — учитывается в оценке качества'],
      ['inactive', 'Неактивен — не учитывается']], value: c.status || 'approved', idPrefix: prefix }) : ''}`;
}

export async function create() {
  requireMenu('#/contests');
  setMain(`<h1>Новый конкурс</h1>${tabs('')}<form id="contest-form" class="card" novalidate><div
    class="form-notice"></div>${await contestFields({}, { operator: true })}<div class="actions"><button class="btn"
    type="submit">Сохранить</button><a class="btn secondary" href="#/contests">Закрыть</a></div></form>`,
  'Новый конкурс');
  handleForm(document.getElementById('contest-form'), async (data) => {
    const made = await api.post('/api/v1/contests', data);
    location.hash = `#/contests/${made.id}`;
  });
}

export async function card(id) {
  requireMenu('#/contests');
  const draw = async (message = '') => {
    const c = await api.get(`/api/v1/contests/${id}`);
    setMain(`<h1>${esc(c.name)}</h1>${tabs('')}${message}<p>${statusBadge(c)}${c.proposedBy
      ? ` <span class="muted">Предложил(а): ${esc(c.proposedBy)}</span>` : ''} · <a
      href="#/achievements?contestId=${c.id}">достижений: ${c.achievements}</a></p>${c.status === 'inactive'
      ? notice('', 'Неактивный конкурс не учитывается в оценке качества программ. Проверьте сведения и выберите статус '
        + '«Утверждён».') : ''}<form id="contest-form" class="card" novalidate><div class="form-notice"></div>${
      await contestFields(c, { operator: true })}<div class="actions"><button class="btn"
      type="submit">Сохранить</button>
      ${c.achievements ? '' : '<button class="btn danger" type="button" id="contest-delete">Удалить</button>'}<a
      class="btn secondary" href="#/contests">Закрыть</a></div></form>`, c.name,
    { crumbs: [['#/contests', 'Конкурсы'], [null, c.name]] });
    handleForm(document.getElementById('contest-form'), async (data) => {
      await api.put(`/api/v1/contests/${id}`, data, { headers: { 'If-Match': `"${c.version}"` } });
      await draw(notice('ok', 'Сохранено'));
    });
    document.getElementById('contest-delete')?.addEventListener('click', async () => {
      if (!await ask({ title: 'Удалить конкурс?', confirmLabel: 'Удалить', danger: true })) return;
      try {
        await api.del(`/api/v1/contests/${id}`);
        location.hash = '#/contests';
      } catch (err) { await draw(notice('err', esc(err.message))); }
    });
  };
  await draw();
}

const achievementRow = (a, { own = false } = {}) => `<tr><td data-label="${own ? 'Конкурс' : 'Обучающийся'}">${own
  ? esc(a.contest.name) : `${esc(a.learner)}<br><span class="muted">${esc(a.contest.name)}</span>`}${
  a.contest.status === 'approved' ? '' : ' <span class="badge wait">конкурс не утверждён</span>'}</td><td
  data-label="Результат">${resultNames[a.result]}${a.place ? `, ${a.place} место` : ''}</td><td
  data-label="Программа">${esc(a.program?.name || '—')}</td><td data-label="Дата">${day(a.achievedOn)}</td><td
  data-label="Учитывается">${a.counted ? '<span class="badge good">да</span>' : '<span class="badge">нет</span>'}</td>
  <td>${a.document ? `<button class="btn small secondary" type="button" data-document="${a.document.id}">Документ
  </button>` : ''} <button class="btn small danger" type="button" data-delete="${a.id}" data-who="${esc(own ? ''
  : a.learner)}" title="${own ? 'Удалить' : 'Достижение не подтверждено — удалить'}">Удалить</button></td></tr>`;
const achievementHead = (own) => `<th>${own ? 'Конкурс' : 'Обучающийся, конкурс'}</th><th>Результат</th>
  <th>Программа</th><th>Дата</th><th title="Утверждённый конкурс, последний учебный год">Учитывается</th><th></th>`;

/// «Удалить» of an achievement: the learner's own, or an operator's removal of one that does not hold.
function deleteClicks(holder, path, noticeBox, after) {
  holder.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-delete]');
    if (!b || !await ask({ title: 'Удалить достижение?', text: b.dataset.who ? `${b.dataset.who}: достижение не
      подтверждено и будет удалено.` : '', confirmLabel: 'Удалить', danger: true })) return;
    try {
      await api.del(`${path}/${b.dataset.delete}`);
      await after();
    } catch (err) { noticeBox.innerHTML = notice('err', esc(err.message)); }
  });
}

function documentClicks(holder, noticeBox) {
  holder.addEventListener('click', async (e) => {
    const b = e.target.closest('[data-document]');
    if (!b) return;
    try { await downloadFile(`/api/v1/files/${b.dataset.document}`); } catch (err) {
      noticeBox.innerHTML = notice('err', esc(err.message));
    }
  });
}

export async function achievements() {
  requireMenu('#/contests');
  await listPage({
    heading: 'Конкурсы и достижения', tabs: tabs('#/achievements'), tab: '#/achievements', title: 'Достижения',
    path: '/api/v1/achievements', csv: 'achievements.csv', empty: 'Достижений не найдено.',
    filters: (p) => `${field('q', 'Обучающийся или конкурс', { value: p.get('q') || '' })}${field('counted',
      'Учитывается в оценке качества', { options: [['', 'Все'], ['true', 'Да'], ['false', 'Нет']],
      value: p.get('counted') || '' })}${field('from', 'С', { type: 'date', value: p.get('from') || '' })}${field('to',
      'по', { type: 'date', value: p.get('to') || '' })}${p.get('contestId') ? `<input type="hidden" name="contestId"
      value="${esc(p.get('contestId'))}">` : ''}`,
    head: achievementHead(false), row: (a) => achievementRow(a),
  });
  const box = document.getElementById('list');
  box.insertAdjacentHTML('beforebegin', '<p class="hint">В оценке качества программ учитываются достижения в '
    + 'утверждённых конкурсах за последний учебный год (с 1 сентября).</p><div id="doc-notice"></div>');
  documentClicks(box, document.getElementById('doc-notice'));
  deleteClicks(box, '/api/v1/achievements', document.getElementById('doc-notice'), () => achievements());
}

/// «Мои достижения»: the learner's results and the form to record one.
export async function mine() {
  const draw = async (message = '') => {
    const [page, contests] = await Promise.all([api.get('/api/v1/me/achievements?limit=100'),
      api.get('/api/v1/contests?limit=100')]);
    const options = contests.items.map((c) => [c.id, `${c.name}${c.status === 'approved' ? '' : ' (на утверждении)'}`]);
    setMain(`<h1>Мои достижения</h1>${message}<p class="hint">Победы и участие в конкурсах видны ЦОПП и учитываются
      в оценке качества программ, по которым вы учились, когда конкурс утверждён.</p>${page.items.length
      ? `<table class="list"><thead><tr>${achievementHead(true)}</tr></thead><tbody>${page.items.map((a) =>
        achievementRow(a, { own: true })).join('')}</tbody></table>` : notice('', 'Достижений пока нет.')}
      <div id="doc-notice"></div>
      <form id="achievement-form" class="card" novalidate><h2>Добавить достижение</h2><div class="form-notice"></div>
      ${field('contestId', 'Конкурс', { required: true, options: [['', 'Выберите конкурс'], ...options] })}
      <details id="propose"><summary>Конкурса нет в списке — предложить</summary><div id="propose-box"></div>
      </details>
      <div class="row">${field('result', 'Результат', { required: true, options: [['winner', 'Победитель'],
        ['prize', 'Призёр'], ['participant', 'Участник']] })}${field('place', 'Место', { type: 'number',
        attrs: 'min="1" max="1000" step="1"' })}${field('achievedOn', 'Дата', { type: 'date', required: true })}</div>
      ${field('programId', 'Программа, по которой вы учились', { options: [['', '—'],
        ...page.programs.map((p) => [p.id, p.name])] })}
      ${field('document', 'Подтверждающий документ (диплом, грамота)', { type: 'file',
        attrs: 'accept="application/pdf,image/png,image/jpeg"' })}<div class="error" data-error-for="documentFileId"
        role="alert"></div>
      <div class="actions"><button class="btn" type="submit">Сохранить</button></div></form>`, 'Мои достижения');
    if (message) window.scrollTo(0, 0);
    const form = document.getElementById('achievement-form');
    const propose = document.getElementById('propose-box');
    propose.innerHTML = `<div class="form-notice" id="propose-notice"></div>${await contestFields({}, {
      prefix: 'new-' })}<button class="btn secondary" type="button" id="propose-send">Предложить конкурс</button>`;
    // Enter in the proposal proposes the contest; it does not send the achievement around it
    propose.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.target.tagName === 'TEXTAREA') return;
      e.preventDefault();
      document.getElementById('propose-send').click();
    });
    document.getElementById('propose-send').addEventListener('click', async () => {
      const body = {};
      propose.querySelectorAll('[name]').forEach((el) => { if (el.value.trim()) body[el.name] = el.value.trim(); });
      clearErrors(propose);
      try {
        const made = await api.post('/api/v1/contests', body);
        const select = document.querySelector('#achievement-form select[name=contestId]');
        select.add(new Option(`${made.name} (на утверждении)`, made.id, true, true));
        document.getElementById('propose').open = false;
        propose.querySelectorAll('[name]').forEach((el) => { el.value = ''; });
        form.querySelector('.form-notice').innerHTML = notice('ok', `Конкурс «${esc(made.name)}» предложен и выбран.
          Он будет учтён в оценке качества, когда ЦОПП его утвердит.`);
      } catch (err) {
        showErrors(propose, err);
      }
    });
    handleForm(form, async (data) => {
      const file = form.querySelector('input[type=file]').files[0];
      const body = { contestId: data.contestId, result: data.result, achievedOn: data.achievedOn,
        programId: data.programId || undefined, place: data.place ? Number(data.place) : undefined };
      if (file) body.documentFileId = (await uploadFile(file)).id;
      await api.post('/api/v1/me/achievements', body);
      await draw(notice('ok', 'Достижение сохранено'));
    });
    const main = document.getElementById('main');
    documentClicks(main.querySelector('table') || main, document.getElementById('doc-notice'));
    const table = main.querySelector('table');
    if (table) {
      deleteClicks(table, '/api/v1/me/achievements', document.getElementById('doc-notice'),
        () => draw(notice('ok', 'Достижение удалено')));
    }
  };
  await draw();
}
