// The region's library of digital learning materials (seed 001 §25): approved public materials for everybody, open
// ones for the signed-in, searched as the catalog is; a material as its reader sees it; the experts' queue and
// decision; the learner's materials of their programs.
import { api, currentUser } from '../api.js';
import { esc, field, fmtDate, handleForm, notice, setMain } from '../ui.js';
import { requireMenu } from '../shell.js';
import { dirOptions } from '../directory-options.js';
import { fileList, wireFiles } from './check-task-answers.js';
import { expertiseNames, materialTabs } from './materials.js';
import { visibilityNames } from './check-tasks.js';

const isExpert = () => ['expert', 'admin', 'copp_staff', 'moderator'].some((r) => currentUser()?.roles.includes(r));
const authors = () => currentUser()?.organizations?.length;

const cardOf = (m) => `<li class="card"><h2><a href="#/library/${m.id}">${esc(m.name)}</a></h2><p
  class="muted">${esc(m.organization || '')}${m.competency ? ` · ${esc(m.competency)}` : ''}</p>${m.summary
  ? `<p>${esc(m.summary)}</p>` : ''}</li>`;

export async function library() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const competencies = await dirOptions('competencies').catch(() => []);
  setMain(`<h1>Библиотека учебных материалов</h1>${currentUser() && authors() ? materialTabs('#/library',
    isExpert()) : ''}<p class="muted">Цифровые учебные материалы организаций региона, прошедшие экспертизу.</p>
    <form id="library-form" class="card" role="search"><div class="row">${field('q', 'Что ищете', {
      value: params.get('q') || '', hint: 'Например: сварка, охрана труда, 1С' })}${field('competencyId',
      'Компетенция', { options: [['', 'Все'], ...competencies.map(([id, n]) => [id, n])],
      value: params.get('competencyId') || '' })}</div><div class="actions"><button class="btn"
      type="submit">Найти</button></div></form><ul class="plain" id="library"></ul><div class="pager"><button
      class="btn secondary" id="more" hidden>Показать ещё</button></div>`, 'Библиотека учебных материалов');
  const form = document.getElementById('library-form');
  let cursor = null;
  const load = async (append) => {
    const q = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) q.set(el.name, el.value);
    q.set('limit', '20');
    if (append && cursor) q.set('cursor', cursor);
    const page = await api.get(`/api/v1/library?${q}`);
    const box = document.getElementById('library');
    const html = page.items.map(cardOf).join('');
    if (append) box.insertAdjacentHTML('beforeend', html);
    else box.innerHTML = html || `<li>${notice('', 'Ничего не нашлось. Попробуйте другие слова.')}</li>`;
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) q.set(el.name, el.value);
    history.replaceState(null, '', `#/library?${q}`);
    load(false);
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  await load(false);
}

/// Files of a material, each downloaded with the reader's token; links open in a new tab.
const attachments = (m) => {
  const links = m.materials.filter((x) => x.url);
  const files = m.materials.filter((x) => x.fileId).map((x) => ({ id: x.fileId, name: x.title }));
  return `${links.length ? `<ul class="materials">${links.map((x) => `<li><a href="${esc(x.url)}" rel="noopener"
    target="_blank">${esc(x.title)}</a></li>`).join('')}</ul>` : ''}${fileList(files)}`;
};

/// A material as its reader sees it (the library, a learner, an expert with the decision form).
export async function reader(id) {
  const m = await api.get(`/api/v1/materials/${id}`);
  // experts judge other organizations' materials (an operator any), never one of their own organization
  const user = currentUser();
  const operator = ['admin', 'copp_staff', 'moderator'].some((r) => user?.roles.includes(r));
  const ownOrg = user?.organizations?.some((o) => o.id.toLowerCase() === m.organizationId.toLowerCase());
  const deciding = m.expertise === 'pending' && isExpert() && (operator || !ownOrg);
  setMain(`<h1>${esc(m.name)}</h1><div id="material"><section class="card"><p class="muted">${esc(m.organization
    || '')}${m.competency ? ` · ${esc(m.competency)}` : ''} · ${visibilityNames[m.visibility].toLowerCase()}
    ${m.expertise === 'approved' ? ` · <span class="badge
    good">прошёл экспертизу</span>` : ''}</p>${m.summary ? `<p><strong>${esc(m.summary)}</strong></p>` : ''}
    ${m.description ? `<div class="answer-text">${esc(m.description)}</div>` : ''}${attachments(m)}</section>
    ${deciding ? `<section class="card"><h2>Экспертиза</h2><form id="expertise-form" novalidate>
      <fieldset class="grade-choices"><legend>Решение</legend><label class="grade-choice"><input type="radio"
      name="approved" value="true"><span>Одобрить для библиотеки</span></label><label class="grade-choice"><input
      type="radio" name="approved" value="false"><span>Отклонить</span></label><div class="error"
      data-error-for="approved" role="alert"></div></fieldset>${field('comment', 'Комментарий для автора',
      { type: 'textarea', hint: 'Обязателен, если материал отклонён' })}<div class="form-notice"></div>
      <div class="actions"><button class="btn" type="submit">Сохранить решение</button></div></form></section>`
    : ''}</div>`, m.name);
  wireFiles(document.getElementById('material'));
  const form = document.getElementById('expertise-form');
  if (!form) return;
  handleForm(form, async (d) => {
    const choice = form.querySelector('input[name=approved]:checked')?.value;
    // the version the expert read: an edit by the author meanwhile is refused (412) instead of approved unseen
    const decided = await api.put(`/api/v1/materials/${id}/expertise`, { approved: choice === undefined ? undefined
      : choice === 'true', comment: d.comment }, { headers: { 'If-Match': `"${m.version}"` } }).catch((err) => {
      if (err.status === 412) err.message = 'Автор изменил материал, пока страница была открыта: обновите её.';
      throw err;
    });
    form.closest('section').innerHTML = `<h2>Экспертиза</h2>${notice('ok', `Решение сохранено: материал
      ${expertiseNames[decided.expertise]}.`)}<p><a href="#/materials/expertise">К очереди экспертизы</a></p>`;
  });
}

/// The experts' queue: materials waiting for a decision, oldest first; decided ones by tab.
export async function expertise() {
  requireMenu('#/materials/expertise');
  const state = new URLSearchParams(location.hash.split('?')[1] || '').get('state') || 'pending';
  const page = await api.get(`/api/v1/material-expertise?state=${state}&limit=100`);
  setMain(`<h1>Экспертиза учебных материалов</h1>${authors() ? materialTabs('#/materials/expertise', true) : ''}
    <p class="actions">${['pending', 'approved', 'rejected'].map((s) => `<a class="btn ${s === state ? '' : 'secondary'}
    small" href="#/materials/expertise?state=${s}">${expertiseNames[s]}</a>`).join(' ')}</p>${page.items.length
    ? `<table class="list"><thead><tr><th>Материал</th><th>Организация</th><th>Изменён</th></tr></thead><tbody>${page
    .items.map((m) => `<tr><td data-label="Материал"><a href="#/library/${m.id}">${esc(m.name)}</a>${m.summary
      ? `<br><span class="muted">${esc(m.summary)}</span>` : ''}</td><td data-label="Организация">${esc(
      m.organization)}</td><td data-label="Изменён">${fmtDate(m.updatedAt)}</td></tr>`).join('')}</tbody></table>`
    : notice('', state === 'pending' ? 'Материалов на экспертизе нет.' : 'Таких решений пока нет.')}`,
  'Экспертиза учебных материалов');
}

/// The learner's materials: those of the topics of their programs' modules.
export async function mine() {
  const { items } = await api.get('/api/v1/me/materials');
  setMain(`<h1>Мои материалы</h1>${items.length ? `<ul class="plain">${items.map((m) => `<li class="card"><h2><a
    href="#/library/${m.id}">${esc(m.name)}</a></h2><p class="muted">${esc(m.program)} · ${esc(m.module)} ·
    ${esc(m.topic)}</p>${m.summary ? `<p>${esc(m.summary)}</p>` : ''}</li>`).join('')}</ul>`
    : notice('', 'Материалов пока нет: их прикрепляют к темам программ, по которым вы учитесь.')}`, 'Мои материалы');
}
