// The program quality index and «Статистика НОКО» (seed 000): the region's ranking of programs by the index with its
// parts, the statistics of achievements, experts' and learners' ratings per day, week or month as columns, and the
// index on a program's «Оценки» tab.
import { api, downloadCSV } from '../api.js';
import { clearErrors, esc, field, notice, setMain, showErrors } from '../ui.js';
import { requireMenu } from '../shell.js';
import { columnChart } from '../charts.js';

const kinds = [['achievements', 'Достижения обучающихся'], ['expert_ratings', 'Оценки экспертов'],
  ['user_ratings', 'Оценки обучающихся']];
const periods = [['day', 'По дням'], ['week', 'По неделям'], ['month', 'По месяцам']];
const months = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];
const dayLabel = (iso, period) => {
  const [y, m, d] = iso.split('-').map(Number);
  return period === 'month' ? `${months[m - 1]} ${String(y).slice(2)}` : `${d}.${String(m).padStart(2, '0')}`;
};
const part = (v) => (v == null ? '—' : v);

/// «Статистика НОКО».
export async function statistics() {
  requireMenu('#/quality/statistics');
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const kind = kinds.some(([k]) => k === params.get('kind')) ? params.get('kind') : 'achievements';
  const link = (k) => `#/quality/statistics?${new URLSearchParams({ ...Object.fromEntries(params), kind: k })}`;
  setMain(`<h1>Статистика НОКО</h1><nav class="tabs" aria-label="Что считаем">${kinds.map(([k, t]) => `<a
    href="${link(k)}"${k === kind ? ' aria-current="page"' : ''}>${t}</a>`).join('')}</nav><form id="stats-form"
    class="card" role="search"><div class="row">${field('period', 'Интервал', { options: periods,
    value: params.get('period') || 'day' })}${field('from', 'С', { type: 'date', value: params.get('from') || '' })}${
    field('to', 'по', { type: 'date', value: params.get('to') || '' })}</div><div class="actions"><button class="btn"
    type="submit">Показать</button></div><div class="form-notice"></div></form><section class="card"
    id="stats"></section>`, 'Статистика НОКО');
  const form = document.getElementById('stats-form');
  const load = async () => {
    const q = new URLSearchParams({ kind });
    for (const el of form.elements) if (el.name && el.value) q.set(el.name, el.value);
    const box = document.getElementById('stats');
    clearErrors(form);
    try {
      const s = await api.get(`/api/v1/quality/statistics?${q}`);
      box.hidden = false;
      const total = s.points.reduce((n, p) => n + p.count, 0);
      const rated = s.points.filter((p) => p.mean != null);
      const mean = rated.length ? Math.round(rated.reduce((n, p) => n + p.mean * p.count, 0)
        / rated.reduce((n, p) => n + p.count, 0)) : null;
      const title = kinds.find(([k]) => k === kind)[1];
      box.innerHTML = `<h2>${title}</h2><p>Всего за период: <strong>${total}</strong>${mean != null ? `, средняя оценка
        <strong>${mean} из 100</strong>` : ''}.</p>${columnChart(s.points.map((p) => ({ label: dayLabel(p.start,
        s.period), title: `${p.start}${p.mean != null ? `, средняя ${p.mean}` : ''}`, count: p.count })),
      { caption: `${title}: ${periods.find(([x]) => x === s.period)[1].toLowerCase()}` })}`;
    } catch (err) {
      // the numbers of an earlier question must not stand under an error
      box.innerHTML = '';
      box.hidden = true;
      showErrors(form, err);
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams({ kind });
    for (const el of form.elements) if (el.name && el.value) q.set(el.name, el.value);
    history.replaceState(null, '', `#/quality/statistics?${q}`);
    load();
  });
  await load();
}

const entryRow = (e) => `<tr><td data-label="Программа"><a href="#/catalog/${e.programId}">${esc(e.name)}</a><br><span
  class="muted">${esc(e.organization)}</span></td><td data-label="Показатель"><strong>${part(e.index)}</strong></td><td
  data-label="Эксперты">${part(e.expert)} <span class="muted">(${e.expertRatings})</span></td><td
  data-label="Обучающиеся">${part(e.users)} <span class="muted">(${e.userRatings})</span></td><td
  data-label="Достижения">${part(e.achievements)} <span class="muted">(${e.winners}/${e.prizes}/${e.participants}
  из ${e.learners})</span></td></tr>`;

/// The region's programs by their quality index.
export async function ranking() {
  requireMenu('#/quality/programs');
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  setMain(`<h1>Показатель качества программ</h1><form id="rank-form" class="card" role="search"><div class="row">${
    field('q', 'Программа', { value: params.get('q') || '' })}</div><div class="actions"><button class="btn"
    type="submit">Показать</button><button class="btn secondary" type="button" id="rank-csv">Скачать CSV</button>
    </div></form><div id="rank"></div>`, 'Показатель качества программ');
  const form = document.getElementById('rank-form');
  const query = () => new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
  const load = async () => {
    const r = await api.get(`/api/v1/quality/programs?limit=100&${query()}`).catch((err) => {
      document.getElementById('rank').innerHTML = notice('err', esc(err.message));
      return null;
    });
    if (!r) return;
    document.getElementById('rank').innerHTML = `<p class="hint">${esc(r.formula)}.</p>${r.items.length
      ? `<table class="list"><thead><tr><th>Программа</th><th>Показатель</th><th>Эксперты (оценок)</th>
      <th>Обучающиеся (оценок)</th><th>Достижения (победители/призёры/участники из завершивших)</th></tr></thead>
      <tbody>${r.items.map(entryRow).join('')}</tbody></table>${r.total > r.items.length ? `<p class="muted">Показаны
      ${r.items.length} из ${r.total}: остальные — в CSV.</p>` : ''}` : notice('', 'Программ с оценками пока нет.')}`;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    history.replaceState(null, '', `#/quality/programs?${query()}`);
    load();
  });
  document.getElementById('rank-csv').addEventListener('click', () =>
    downloadCSV(`/api/v1/quality/programs?${query()}`, 'quality-index.csv'));
  await load();
}

/// The program's index on its card's «Оценки» tab.
export async function programQuality(programId) {
  const r = await api.get(`/api/v1/programs/${programId}/quality`).catch(() => null);
  if (!r) return '';
  const q = r.quality;
  return `<section class="card"><h2>Показатель качества</h2><div class="row"><div><div class="quality-index">${
    part(q.index)}</div><div class="muted">из 100</div></div><table class="facts"><tr><th
    scope="row">Эксперты</th><td>${
    part(q.expert)} (оценок: ${q.expertRatings})</td></tr><tr><th scope="row">Обучающиеся</th><td>${part(q.users)}
    (оценок: ${q.userRatings})</td></tr><tr><th scope="row">Достижения</th><td>${part(q.achievements)} (победителей
    ${q.winners}, призёров ${q.prizes}, участников ${q.participants}; завершили обучение ${q.learners})</td></tr>
    </table></div><p class="hint">${esc(r.formula)}.</p></section>`;
}
