// Reference directories: everyone reads (search, CSV); admins add, edit, deactivate and delete unused items.
import { api, currentUser, downloadCSV } from '../api.js';
import { esc, field, handleForm, notice, setMain, ask } from '../ui.js';

const listFields = [['knowledge', 'Знания'], ['skills', 'Умения'], ['experience', 'Практический опыт'],
  ['teacherRequirements', 'Требования к квалификации преподавателя']];

export async function kinds() {
  const data = await api.get('/api/v1/directories');
  setMain(`<h1>Справочники</h1><div class="grid">${data.items.map((k) => `<a class="card"
    href="#/directories/${k.kind}">
      <h2>${esc(k.title)}</h2><p class="muted">Элементов: ${k.count}</p></a>`).join('')}</div>`, 'Справочники');
}

export async function priority() {
  const data = await api.get('/api/v1/priority-competencies');
  setMain(`<h1>Приоритетные компетенции региона</h1>
    <ol class="card">${data.items.map((c) => `<li><strong>${esc(c.name)}</strong> <span
      class="muted">${esc(c.parentName || '')}</span></li>`).join('')
      || '<li class="muted">Пока не выбраны</li>'}</ol>`,
    'Приоритетные компетенции');
}

export async function list(kind) {
  const all = await api.get('/api/v1/directories');
  const meta = all.items.find((k) => k.kind === kind);
  if (!meta) throw new Error('Нет такого справочника');
  // admins and moderators keep the directories (seed 000: the moderator has all of moderation)
  const isAdmin = ['admin', 'moderator'].some((r) => currentUser()?.roles.includes(r));
  const parents = meta.parentKind
    ? (await api.get(`/api/v1/directories/${meta.parentKind}?limit=200&active=true`)).items : [];
  const parentOptions = [['', '—'], ...parents.map((p) => [p.id.toLowerCase(), p.name])];
  const filters = { q: '', active: isAdmin ? '' : 'true', parentId: '' };
  setMain(`<h1>${esc(meta.title)}</h1>
    <form id="dir-filters" class="filters" role="search">
      ${field('q', 'Поиск по названию или коду')}
      ${meta.parentKind ? field('parentId', 'Раздел', { options: parentOptions }) : ''}
      ${isAdmin ? field('active', 'Состояние', { options: [['', 'Все'], ['true', 'Активные'], ['false',
        'Неактивные']] }) : ''}
      <div class="actions"><button class="btn" type="submit">Найти</button><button class="btn secondary" type="button"
        id="csv">CSV</button></div>
    </form>
    ${isAdmin ? `<details class="card" id="editor"><summary><strong
      id="editor-title">Добавить элемент</strong></summary>
      <form id="dir-form" novalidate><div class="form-notice"></div>
        <div class="row">${field('code', 'Код', { required: true,
          hint: 'Латиница, цифры, . _ - ; не меняется после публикации для интеграций' })}
        ${field('sortOrder', 'Порядок', { type: 'number', value: '0' })}</div>
        ${field('name', 'Название', { required: true })}
        ${meta.parentKind ? field('parentId', 'Родитель', { options: parentOptions }) : ''}
        ${kind === 'competencies' ? `<div class="row">${field('isPriority', 'Приоритетная компетенция региона',
          { type: 'checkbox' })}${field('priorityOrder', 'Место в списке приоритетов', { type: 'number' })}</div>
          ${listFields.map(([k, t]) => field(`details.${k}`, t, { type: 'textarea',
            hint: 'По одному пункту на строку' })).join('')}
          ${field('details.roomTypes', 'Типы помещений (коды через запятую)')}${field('details.equipmentTypes',
            'Типы оборудования (коды через запятую)')}` : ''}
        ${kind === 'program_kinds' ? `<div class="row">${field('details.minHours', 'Не менее, часов',
          { type: 'number', hint: 'Проверяется при отправке программы на модерацию' })}${field('details.maxHours',
          'Не более, часов', { type: 'number' })}</div>` : ''}
        <div class="actions"><button class="btn" type="submit">Сохранить</button><button class="btn secondary"
          type="button" id="dir-reset">Очистить</button></div>
      </form></details>` : ''}
    <div id="dir-status" aria-live="polite"></div>
    <table class="list"><thead><tr><th>Код</th><th>Название</th>${meta.parentKind ? '<th>Родитель</th>'
      : ''}<th>Состояние</th>${isAdmin ? '<th></th>' : ''}</tr></thead>
      <tbody id="dir-rows"></tbody></table>
    <div class="pager"><button class="btn secondary" id="more" hidden>Показать ещё</button></div>`, meta.title,
    { crumbs: [['#/', 'Главная'], ['#/directories', 'Справочники'], [null, meta.title]] });

  let cursor = null;
  let editing = null;
  const status = (h) => { document.getElementById('dir-status').innerHTML = h; };
  const query = () => new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const row = (d) => `<tr data-id="${d.id}">
    <td data-label="Код"><code>${esc(d.code)}</code></td>
    <td data-label="Название">${esc(d.name)}${d.isPriority ? ` <span
      class="badge good">приоритет ${d.priorityOrder ?? ''}</span>` : ''}
      ${kind === 'competencies' && d.details?.knowledge?.length ? `<details><summary
        class="muted">Знания, умения, требования</summary>${listFields.map(([k, t]) => d.details[k]?.length
        ? `<p><strong>${t}:</strong> ${d.details[k].map(esc).join('; ')}</p>` : '').join('')}</details>` : ''}
      ${kind === 'program_kinds' && (d.details?.minHours || d.details?.maxHours) ? `<span class="muted">${[
        d.details.minHours ? `от ${d.details.minHours} ч` : '', d.details.maxHours ? `до ${d.details.maxHours} ч`
        : ''].filter(Boolean).join(' ')}</span>` : ''}</td>
    ${meta.parentKind ? `<td data-label="Родитель">${esc(d.parentName || '')}</td>` : ''}
    <td data-label="Состояние">${d.active ? '<span class="badge good">активен</span>'
      : '<span class="badge bad">неактивен</span>'}</td>
    ${isAdmin ? `<td><div class="actions"><button class="btn small secondary" data-edit>Изменить</button>
      <button class="btn small secondary" data-toggle>${d.active ? 'Деактивировать' : 'Активировать'}</button><button
        class="btn small danger" data-delete>Удалить</button></div></td>` : ''}</tr>`;
  const items = new Map();
  async function load(append = false) {
    const page = await api.get(`/api/v1/directories/${kind}?limit=100&${query()}${append && cursor
      ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    page.items.forEach((d) => items.set(d.id, d));
    const tbody = document.getElementById('dir-rows');
    if (append) tbody.insertAdjacentHTML('beforeend', page.items.map(row).join(''));
    else tbody.innerHTML = page.items.map(row).join('')
      || '<tr><td colspan="5" class="muted">Ничего не найдено</td></tr>';
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  }
  document.getElementById('dir-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    for (const k of Object.keys(filters)) if (e.target.elements[k]) filters[k] = e.target.elements[k].value.trim();
    load();
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  document.getElementById('csv').addEventListener('click', () => downloadCSV(`/api/v1/directories/${kind}?${query()}`,
    `${kind}.csv`));
  if (isAdmin) {
    const form = document.getElementById('dir-form');
    const reset = () => { editing = null; form.reset();
      document.getElementById('editor-title').textContent = 'Добавить элемент'; };
    document.getElementById('dir-reset').addEventListener('click', reset);
    document.getElementById('dir-rows').addEventListener('click', async (e) => {
      const id = e.target.closest('tr')?.dataset.id;
      const d = items.get(id);
      try {
        if (e.target.hasAttribute('data-edit')) {
          editing = d;
          form.elements.code.value = d.code; form.elements.name.value = d.name;
            form.elements.sortOrder.value = d.sortOrder;
          if (form.elements.parentId) form.elements.parentId.value = (d.parentId || '').toLowerCase();
          if (kind === 'competencies') {
            form.elements.isPriority.checked = d.isPriority; form.elements.priorityOrder.value = d.priorityOrder ?? '';
            for (const [k] of listFields) form.elements[`details.${k}`].value = (d.details?.[k] || []).join('\n');
            form.elements['details.roomTypes'].value = (d.details?.roomTypes || []).join(', ');
            form.elements['details.equipmentTypes'].value = (d.details?.equipmentTypes || []).join(', ');
          }
          if (kind === 'program_kinds') {
            form.elements['details.minHours'].value = d.details?.minHours ?? '';
            form.elements['details.maxHours'].value = d.details?.maxHours ?? '';
          }
          document.getElementById('editor-title').textContent = `Изменить: ${d.name}`;
          document.getElementById('editor').open = true;
          form.elements.name.focus();
        } else if (e.target.hasAttribute('data-toggle')) {
          await api.patch(`/api/v1/directories/${kind}/${id}`, { active: !d.active },
            { headers: { 'If-Match': `"${d.version}"` } });
          load();
        } else if (e.target.hasAttribute('data-delete')) {
          if (!await ask({ title: `Удалить «${d.name}»?`, text: 'Элемент исчезнет из справочника.',
            confirmLabel: 'Удалить', danger: true })) return;
          await api.del(`/api/v1/directories/${kind}/${id}`);
          status(notice('ok', 'Удалено.'));
          load();
        }
      } catch (err) { status(notice('err', esc(err.message))); }
    });
    handleForm(form, async (data) => {
      const body = { code: data.code, name: data.name, sortOrder: Number(data.sortOrder || 0), parentId: data.parentId
        || null };
      if (kind === 'competencies') {
        body.isPriority = data.isPriority === true;
        body.priorityOrder = data.priorityOrder ? Number(data.priorityOrder) : null;
        const lines = (s) => (s || '').split('\n').map((x) => x.trim()).filter(Boolean);
        const codes = (s) => (s || '').split(',').map((x) => x.trim()).filter(Boolean);
        body.details = Object.fromEntries(listFields.map(([k]) => [k, lines(data.details?.[k])]));
        body.details.roomTypes = codes(data.details?.roomTypes);
        body.details.equipmentTypes = codes(data.details?.equipmentTypes);
      }
      if (kind === 'program_kinds') {
        const hours = (x) => (x === undefined || x === '' ? null : Number(x));
        body.details = { minHours: hours(data.details?.minHours), maxHours: hours(data.details?.maxHours) };
      }
      if (editing) await api.patch(`/api/v1/directories/${kind}/${editing.id}`, body,
        { headers: { 'If-Match': `"${editing.version}"` } });
      else await api.post(`/api/v1/directories/${kind}`, body);
      status(notice('ok', 'Сохранено.'));
      reset();
      load();
    });
  }
  await load();
}
