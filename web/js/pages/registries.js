// Документооборот: the enrollment registry, the issued documents registry, and the ФИС ФРДО export with its check.
import { api, downloadCSV } from '../api.js';
import { esc, field, queryParams, setMain } from '../ui.js';
import { requireMenu } from '../shell.js';

const fmtDay = (d) => d ? d.split('-').reverse().join('.') : '';

export async function page(tab = 'enrollments') {
  requireMenu('#/registries/enrollments');
  const q = queryParams();
  const params = new URLSearchParams();
  for (const k of ['q', 'from', 'to', 'kind']) if (q.get(k)) params.set(k, q.get(k));
  const base = tab === 'documents' ? '/api/v1/registries/documents' : '/api/v1/registries/enrollments';
  const [list, check] = await Promise.all([api.get(`${base}?${params}&limit=100`), tab === 'documents'
    ? api.get(`/api/v1/registries/documents/frdo?${params}`) : null]);
  const table = tab === 'documents'
    ? `<table
      class="list"><thead><tr><th>Документ</th><th>Получатель</th><th>Программа</th><th>Выдан</th></tr></thead><tbody>
      ${list.items.map((d) => `<tr><td data-label="Документ">${esc(d.type.name)} ${esc(d.series
        || '')} № ${esc(d.number)}${d.registrationNumber ? `<br><span
        class="muted">рег. № ${esc(d.registrationNumber)}</span>` : ''}</td>
        <td data-label="Получатель"><a href="#/applications/${d.applicationId}">${esc(d.name)}</a></td><td
          data-label="Программа">${esc(d.program.fullName)}<br><span class="muted">${esc(d.group.name)}</span></td>
        <td data-label="Выдан">${fmtDay(d.issuedOn)}</td></tr>`).join('')
          || '<tr><td colspan="4" class="muted">Документов нет</td></tr>'}</tbody></table>`
    : `<table
      class="list"><thead><tr><th>Приказ</th><th>Движение</th><th>ФИО</th><th>Программа, группа</th></tr></thead><tbody>
      ${list.items.map((e) => `<tr><td data-label="Приказ">№ ${esc(e.orderNumber)} от ${fmtDay(e.orderDate)}</td><td
        data-label="Движение">${e.kind === 'enrolled' ? 'Зачислен' : 'Отчислен'}${e.reason ? `<br><span
        class="muted">${esc(e.reason)}</span>` : ''}</td>
        <td data-label="ФИО"><a href="#/applications/${e.applicationId}">${esc(e.name)}</a></td><td
          data-label="Программа, группа">${esc(e.program.fullName)}<br><span
          class="muted">${esc(e.group.name)} · ${esc(e.organization.shortName)}</span></td></tr>`).join('')
        || '<tr><td colspan="4" class="muted">Записей нет</td></tr>'}</tbody></table>`;
  setMain(`<h1>Документооборот</h1>
    <nav class="tabs" aria-label="Реестры"><a href="#/registries/enrollments"${tab !== 'documents'
      ? ' aria-current="page"' : ''}>Реестр зачислений</a>
      <a href="#/registries/documents"${tab === 'documents' ? ' aria-current="page"'
        : ''}>Реестр документов об обучении</a></nav>
    <form id="filter" class="card filters" role="search"><div class="row">${field('q', 'ФИО' + (tab === 'documents'
      ? ' или номер документа' : ''), { value: q.get('q') || '' })}
      ${field('from', 'С', { type: 'date', value: q.get('from') || '' })}${field('to', 'По', { type: 'date',
        value: q.get('to') || '' })}</div>
      <button class="btn" type="submit">Найти</button> <button class="btn secondary" type="button"
        id="csv">Выгрузить CSV</button>
      ${tab === 'documents' ? '<button class="btn secondary" type="button" id="frdo">Выгрузка для ФИС ФРДО</button>'
        : ''}</form>
    ${check ? `<div class="card"
      id="frdo-check"><h2>Проверка перед выгрузкой в ФИС ФРДО</h2><p>Документов: ${check.rows}, с ошибками:
        <strong>${check.withProblems}</strong></p>
      ${check.problems.length ? `<details><summary>Показать ошибки по строкам</summary><ul>${check.problems
        .map((p) => `<li>Строка ${p.row}: <a href="#/applications/${p.applicationId}">${esc(p.name)}</a>
          (№ ${esc(p.number)}) — ${p.problems.map(esc).join('; ')}</li>`).join('')}</ul></details>`
        : '<p>Ошибок нет.</p>'}</div>` : ''}
    ${table}`, 'Документооборот');
  document.getElementById('filter').addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/registries/${tab}?${new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v))}`;
  });
  document.getElementById('csv').addEventListener('click', () => downloadCSV(`${base}?${params}`, `${tab}.csv`));
  document.getElementById('frdo')?.addEventListener('click',
    () => downloadCSV(`/api/v1/registries/documents/frdo?${params}`, 'frdo-dpo.csv'));
}
