// Program expertise (seed 000 «Экспертиза программы»): the experts' queue with who holds each program, «Взял в
// работу», the expert sheet — the expertise questionnaire in force — with «Оценить» and «Завершить без оценки»; on the
// program's card its authors send it and read the ratings.
import { api, downloadFile, fileURL, uploadFile } from '../api.js';
import { esc, field, fmtDate, handleForm, notice, setMain } from '../ui.js';
import { requireMenu } from '../shell.js';
import { questionSections, readAnswers, showAnswerErrors } from './surveys.js';
import { listPage } from './tests.js';
import { programQuality } from './quality.js';

const tabs = (current) => `<nav class="tabs" aria-label="Экспертиза">${[['#/expertise', 'Очередь'],
  ['#/expertise/ratings', 'Мои оценки'], ['#/expertise/facsimile', 'Факсимиле подписи']].map(([h, t]) => `<a
  href="${h}"${h === current ? ' aria-current="page"' : ''}>${t}</a>`).join('')}</nav>`;

/// Downloads a rating's expert sheet (DOCX: a server without LibreOffice cannot make PDF) from a clicked
/// `data-sheet="programId/responseId"`; a refusal is shown in `noticeBox`.
async function sheetClick(e, noticeBox) {
  const b = e.target.closest('[data-sheet]');
  if (!b) return;
  try {
    await downloadFile(`/api/v1/programs/${b.dataset.sheet.replace('/', '/expertise/sheets/')}?format=docx`);
  } catch (err) {
    if (noticeBox) noticeBox.innerHTML = notice('err', esc(err.message));
  }
}
const sheetButton = (programId, responseId) => `<button class="btn small secondary" type="button"
  data-sheet="${programId}/${responseId}">Экспертный лист</button>`;

export async function queue() {
  const q = await api.get('/api/v1/expertise?limit=100');
  const lock = (p) => p.lock === 'mine' ? '<span class="badge good">у вас в работе</span>'
    : p.lock === 'taken' ? '<span class="badge wait">в работе у другого эксперта</span>'
    : '<span class="badge">свободна</span>';
  const action = (p) => p.lock === 'mine' ? `<a class="btn small" href="#/expertise/${p.programId}">Открыть лист</a>`
    : !p.lock && !q.holding ? `<button class="btn small" data-take="${p.programId}">Взял в работу</button>` : '';
  setMain(`<h1>Экспертиза программ</h1>${tabs('#/expertise')}<p class="muted">Одновременно в работе у вас может
    быть одна программа, и у
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

/// «Мои оценки»: the expert's ratings, each with its sheet to download.
export async function ratings() {
  await listPage({
    heading: 'Экспертиза программ', tabs: tabs('#/expertise/ratings'), tab: '#/expertise/ratings',
    title: 'Мои оценки', path: '/api/v1/expertise/ratings', csv: 'expert-ratings.csv',
    empty: 'Вы ещё не оценивали программы.', filters: () => '',
    head: '<th>Программа</th><th>Оценка</th><th>Комментарий</th><th>Дата</th><th></th>',
    row: (r) => `<tr><td data-label="Программа">${esc(r.name)}<br><span class="muted">${esc(r.organization || '')}
      </span>${r.passed ? ' <span class="badge good">прошла экспертизу</span>' : ''}</td><td data-label="Оценка">${
      r.score == null ? '—' : `${r.score} из 100`}</td><td data-label="Комментарий">${esc(r.comment || '')}</td><td
      data-label="Дата">${fmtDate(r.ratedAt)}</td><td>${sheetButton(r.programId, r.responseId)}</td></tr>`,
  });
  document.getElementById('list').insertAdjacentHTML('beforebegin', '<div id="sheet-notice" aria-live="polite"></div>');
  document.getElementById('list').addEventListener('click', (e) => sheetClick(e,
    document.getElementById('sheet-notice')));
}

/// The expert's facsimile signature, printed on every sheet of theirs.
export async function facsimile() {
  const draw = async (message = '') => {
    const f = (await api.get('/api/v1/expertise/facsimile')).facsimile;
    setMain(`<h1>Экспертиза программ</h1>${tabs('#/expertise/facsimile')}<section class="card"><h2>Факсимиле
      подписи</h2>${message}<p class="muted">Изображение подписи (PNG или JPEG, лучше на прозрачном или белом фоне)
      ставится в каждый ваш экспертный лист.</p>${f
      ? '<img id="facsimile-image" class="facsimile" alt="Ваше факсимиле">'
      : '<p>Факсимиле не загружено: в листах будет место для подписи.</p>'}<form id="facsimile-form" novalidate>
      <div class="form-notice"></div>${field('file', f ? 'Заменить изображение' : 'Изображение подписи', { type: 'file',
        attrs: 'accept="image/png,image/jpeg"' })}<div class="error" data-error-for="fileId" role="alert"></div>
      <div class="actions"><button class="btn" type="submit">Загрузить</button>${f ? `<button class="btn secondary"
      type="button" id="facsimile-remove">Убрать факсимиле</button>` : ''}</div></form></section>`,
    'Факсимиле подписи');
    if (f) {
      const img = document.getElementById('facsimile-image');
      img.src = await fileURL(f.id);
    }
    handleForm(document.getElementById('facsimile-form'), async () => {
      const file = document.querySelector('#facsimile-form input[type=file]').files[0];
      if (!file) throw Object.assign(new Error('Выберите файл'), { fieldErrors: [{ field: 'fileId',
        message: 'Выберите изображение PNG или JPEG' }] });
      const uploaded = await uploadFile(file);
      await api.put('/api/v1/expertise/facsimile', { fileId: uploaded.id });
      await draw(notice('ok', 'Факсимиле сохранено'));
    });
    document.getElementById('facsimile-remove')?.addEventListener('click', async () => {
      await api.put('/api/v1/expertise/facsimile', { fileId: null });
      await draw(notice('ok', 'Факсимиле убрано'));
    });
  };
  await draw();
}

const protocolTabs = (current) => `<nav class="tabs" aria-label="Результаты экспертизы">${[
  ['#/expertise/protocol', 'Прошедшие экспертизу'], ['#/expertise/sheets', 'Экспертные листы']].map(([h, t]) => `<a
  href="${h}"${h === current ? ' aria-current="page"' : ''}>${t}</a>`).join('')}</nav>`;

/// Every expert sheet (seed 000 «Экспертные листы»), each to download, with CSV.
export async function sheets() {
  requireMenu('#/expertise/protocol');
  await listPage({
    heading: 'Результаты экспертизы', tabs: protocolTabs('#/expertise/sheets'), tab: '#/expertise/sheets',
    title: 'Экспертные листы', path: '/api/v1/expertise/sheets', csv: 'expert-sheets.csv',
    empty: 'Экспертных листов нет.',
    filters: (p) => `${field('q', 'Программа или эксперт', { value: p.get('q') || '' })}${field('from', 'С', {
      type: 'date', value: p.get('from') || '' })}${field('to', 'по', { type: 'date', value: p.get('to') || '' })}`,
    head: '<th>Программа</th><th>Эксперт</th><th>Оценка</th><th>Комментарий</th><th>Дата</th><th></th>',
    row: (r) => `<tr><td data-label="Программа">${esc(r.name)}<br><span class="muted">${esc(r.organization || '')}
      </span>${r.passed ? ' <span class="badge good">прошла экспертизу</span>' : ''}</td><td data-label="Эксперт">${
      esc(r.expert)}</td><td data-label="Оценка">${r.score == null ? '—' : `${r.score} из 100`}</td><td
      data-label="Комментарий">${esc(r.comment || '')}</td><td data-label="Дата">${fmtDate(r.ratedAt)}</td><td>${
      sheetButton(r.programId, r.responseId)}</td></tr>`,
  });
  document.getElementById('list').insertAdjacentHTML('beforebegin', '<div id="sheet-notice" aria-live="polite"></div>');
  document.getElementById('list').addEventListener('click', (e) => sheetClick(e,
    document.getElementById('sheet-notice')));
}

/// The final protocol of expertise: programs that passed, with Excel and CSV.
export async function protocol() {
  requireMenu('#/expertise/protocol');
  await listPage({
    heading: 'Результаты экспертизы', tabs: protocolTabs('#/expertise/protocol'), tab: '#/expertise/protocol',
    title: 'Протокол экспертизы',
    path: '/api/v1/expertise/protocol', csv: 'expertise-protocol.csv', empty: 'Программ, прошедших экспертизу, нет.',
    actions: '<button class="btn" type="button" id="protocol-xlsx">Скачать протокол (Excel)</button>',
    filters: (p) => `${field('q', 'Программа', { value: p.get('q') || '' })}${field('from', 'Прошла с', {
      type: 'date', value: p.get('from') || '' })}${field('to', 'по', { type: 'date', value: p.get('to') || '' })}`,
    head: '<th>Программа</th><th>Объём</th><th>Прошла</th><th>Оценок</th><th>Средняя оценка</th><th>Эксперты</th>',
    row: (r) => `<tr><td data-label="Программа"><a href="#/catalog/${r.programId}">${esc(r.name)}</a><br><span
      class="muted">${esc(r.organization || '')}</span></td><td data-label="Объём">${r.hours} ч</td><td
      data-label="Прошла">${fmtDate(r.passedAt)}</td><td data-label="Оценок">${r.ratings}</td><td
      data-label="Средняя оценка">${r.score == null ? '—' : `${r.score} из 100`}</td><td data-label="Эксперты">${esc(
      r.experts || '')}</td></tr>`,
  });
  const form = document.getElementById('list-form');
  form.insertAdjacentHTML('beforeend', '<div id="protocol-notice" aria-live="polite"></div>');
  document.getElementById('protocol-xlsx').addEventListener('click', async () => {
    const q = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) q.set(el.name, el.value);
    q.set('format', 'xlsx');
    try {
      await downloadFile(`/api/v1/expertise/protocol?${q}`);
    } catch (err) {
      document.getElementById('protocol-notice').innerHTML = notice('err', esc(err.message));
    }
  });
}

/// The learners' ratings of the program (without names), under its expertise on the card's «Оценки» tab.
async function learnersRatings(programId) {
  const r = await api.get(`/api/v1/programs/${programId}/ratings?limit=50`);
  return `<section class="card"><h2>Оценки обучающихся</h2>${r.summary.count ? `<p>Оценок: ${r.summary.count},
    средняя ${r.summary.score} из 100.</p><table class="list"><thead><tr><th>Оценка</th><th>Комментарий</th>
    <th>Дата</th></tr></thead><tbody>${r.items.map((x) => `<tr><td data-label="Оценка">${x.score == null ? '—'
    : `${x.score} из 100`}</td><td data-label="Комментарий">${esc(x.comment || '')}</td><td data-label="Дата">${
    fmtDate(x.ratedAt)}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">Программу оценивают обучающиеся, '
    + 'завершившие её, в разделе «Опросы и оценки» личного кабинета.</p>'}</section>`;
}

/// The program card's tab: send to expertise, the state and every rating with its comment.
export async function programTab(p, holder) {
  const draw = async (message = '') => {
    const s = await api.get(`/api/v1/programs/${p.id}/expertise`);
    const stateText = !s.status ? 'Программа не направлялась на экспертизу.'
      : s.status === 'passed' ? `<span class="badge good">Прошла экспертизу</span> ${fmtDate(s.passedAt)}`
      : `<span class="badge wait">На экспертизе</span> с ${fmtDate(s.sentAt)}${s.inWork ? ', сейчас в работе у эксперта'
        : ''}`;
    holder.innerHTML = `<section class="card"><h2>Экспертиза</h2>${message}<div id="sheet-notice"
      aria-live="polite"></div><p>${stateText}</p><p class="muted">Чтобы пройти
      экспертизу, программу должны оценить ${s.toPass} экспертов других организаций. Оценок: ${s.ratings.length}.</p>
      ${s.status ? '' : '<div class="actions"><button class="btn" id="send-expertise">Направить на экспертизу</button>'
      + '</div>'}${s.ratings.length ? `<table class="list" id="expertise-ratings"><thead><tr><th>Эксперт</th>
      <th>Оценка</th>
      <th>Комментарий</th>
      <th>Дата</th><th></th></tr></thead><tbody>${s.ratings.map((r) => `<tr><td data-label="Эксперт">${esc(r.expert)}
      </td><td data-label="Оценка">${r.score == null ? '—' : `${r.score} из 100`}</td><td data-label="Комментарий">${
      esc(r.comment || '')}</td><td data-label="Дата">${fmtDate(r.ratedAt)}</td><td>${sheetButton(p.id,
      r.responseId)}</td></tr>`).join('')}</tbody></table>`
      : ''}</section>`;
    holder.insertAdjacentHTML('afterbegin', await programQuality(p.id));
    holder.insertAdjacentHTML('beforeend', await learnersRatings(p.id));
    holder.querySelector('#expertise-ratings')?.addEventListener('click', (e) => sheetClick(e,
      holder.querySelector('#sheet-notice')));
    holder.querySelector('#send-expertise')?.addEventListener('click', async () => {
      try {
        await api.post(`/api/v1/programs/${p.id}/expertise`);
        await draw(notice('ok', 'Программа направлена на экспертизу'));
      } catch (err) { await draw(notice('err', esc(err.message))); }
    });
  };
  await draw();
}
