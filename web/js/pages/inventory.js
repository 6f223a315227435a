// Inventory (seed 000 §4): object groups, rooms (with copy), equipment, staff resources — lists with search, CSV and a
// card form.
import { ApiError, api, downloadCSV, uploadFile } from '../api.js';
import { esc, field, handleForm, notice, setMain, ask } from '../ui.js';
import { requireOrganization } from '../shell.js';
import { dirOptions } from '../directory-options.js';

const kinds = {
  'object-groups': { title: 'Группы объектов', columns: [['Название', (r) => r.name], ['Адрес', (r) => r.address],
    ['Помещений', (r) => r.roomCount]] },
  rooms: { title: 'Помещения', columns: [['Название', (r) => `${r.name}${r.number ? `, ауд. ${r.number}` : ''}`],
    ['Здание', (r) => r.objectGroup?.name],
    ['Тип', (r) => r.roomType?.name], ['Площадь, м²', (r) => r.area], ['Мест', (r) => r.capacity], ['ОВЗ',
      (r) => (r.accessible ? 'да' : '')]] },
  equipment: { title: 'Оборудование', columns: [['Название', (r) => r.name], ['Тип', (r) => r.equipmentType?.name],
    ['Кол-во', (r) => r.quantity],
    ['Помещение', (r) => r.room?.name], ['ПО', (r) => r.software]] },
  'staff-resources': { title: 'Кадровые ресурсы', columns: [['ФИО', (r) => `${r.lastName} ${r.firstName} ${r.middleName
    || ''}`], ['Должность', (r) => r.position],
    ['Компетенции', (r) => r.competencies.map((c) => c.name).join(', ')], ['Эксперт WorldSkills',
      (r) => (r.worldskillsExpert ? 'да' : '')]] },
};

async function formFields(kind, base, item = {}) {
  if (kind === 'object-groups') {
    return field('name', 'Название', { required: true, value: item.name || '' }) + field('address', 'Адрес',
      { required: true, value: item.address || '' });
  }
  if (kind === 'rooms') {
    const [groups, types] = await Promise.all([api.get(`${base}/object-groups?limit=200`), dirOptions('room_types')]);
    return `${field('objectGroupId', 'Группа объектов (здание)', { required: true, options: [['', '—'],
      ...groups.items.map((g) => [g.id, `${g.name} — ${g.address}`])], value: item.objectGroupId || '' })}
      <div class="row">${field('name', 'Название', { required: true, value: item.name || '' })}${field('number',
        'Номер', { value: item.number || '' })}${field('floor', 'Этаж', { value: item.floor || '' })}</div>
      <div class="row">${field('roomTypeId', 'Тип помещения', { options: [['', '—'], ...types], value: (item.roomTypeId
        || '').toLowerCase() })}
      ${field('area', 'Площадь, м²', { type: 'number', value: item.area ?? '',
        attrs: 'step="0.01" min="0"' })}${field('capacity', 'Вместимость', { type: 'number',
        value: item.capacity ?? '', attrs: 'min="1"' })}</div>
      ${field('accessible', 'Доступно для людей с ОВЗ', { type: 'checkbox', value: item.accessible })}
      ${field('description', 'Описание', { type: 'textarea', value: item.description || '' })}`;
  }
  if (kind === 'equipment') {
    const [rooms, types] = await Promise.all([api.get(`${base}/rooms?limit=200`), dirOptions('equipment_types')]);
    return `<div class="row">${field('name', 'Название', { required: true, value: item.name
      || '' })}${field('quantity', 'Количество', { type: 'number', value: item.quantity ?? 1, attrs: 'min="1"' })}</div>
      <div class="row">${field('equipmentTypeId', 'Тип оборудования', { options: [['', '—'], ...types],
        value: (item.equipmentTypeId || '').toLowerCase() })}
      ${field('roomId', 'Помещение', { options: [['', '—'], ...rooms.items.map((r) => [r.id, r.name])],
        value: item.roomId || '' })}
      ${field('inventoryNumber', 'Инвентарный номер', { value: item.inventoryNumber || '' })}</div>
      ${field('software', 'Программное обеспечение', { type: 'textarea', value: item.software || '' })}
      ${field('consumables', 'Расходные материалы', { type: 'textarea', value: item.consumables || '' })}`;
  }
  const competencies = await dirOptions('competencies');
  const chosen = new Set((item.competencies || []).map((c) => c.id.toLowerCase()));
  return `<div class="row">${field('lastName', 'Фамилия', { required: true, value: item.lastName
    || '' })}${field('firstName', 'Имя', { required: true, value: item.firstName || '' })}
    ${field('middleName', 'Отчество', { value: item.middleName || '' })}</div>
    <div class="row">${field('position', 'Должность', { required: true, value: item.position || '' })}${field('email',
      'Почта', { type: 'email', value: item.email || '' })}
    ${field('phone', 'Телефон', { type: 'tel', value: item.phone || '' })}</div>
    ${field('worldskillsExpert', 'Эксперт WorldSkills / «Профессионалы»', { type: 'checkbox',
      value: item.worldskillsExpert })}
    <fieldset class="field"><legend><strong>Компетенции</strong></legend><div class="check-columns">
      ${competencies.map(([id, n]) => `<label class="check"><input type="checkbox" name="competency"
        value="${id}"${chosen.has(id) ? ' checked' : ''}> ${esc(n)}</label>`).join('')}</div>
      <div class="error" id="f-competencyIds-err" role="alert"></div></fieldset>
    ${field('photo', 'Фото', { type: 'file', attrs: 'accept="image/*"' })}<div class="error" id="f-photoFileId-err"
      role="alert"></div>
    ${field('achievements', 'Достижения', { type: 'textarea', value: item.achievements || '' })}`;
}

function bodyFrom(kind, form, d) {
  const num = (v) => (v === undefined || v === '' ? null : Number(v));
  if (kind === 'rooms') return { objectGroupId: d.objectGroupId || null, name: d.name, number: d.number || null,
    floor: d.floor || null,
    roomTypeId: d.roomTypeId || null, area: num(d.area), capacity: num(d.capacity), accessible: d.accessible === true,
      description: d.description || null };
  if (kind === 'equipment') return { name: d.name, quantity: num(d.quantity) ?? 1, equipmentTypeId: d.equipmentTypeId
    || null, roomId: d.roomId || null,
    inventoryNumber: d.inventoryNumber || null, software: d.software || null, consumables: d.consumables || null };
  if (kind === 'staff-resources') return { lastName: d.lastName, firstName: d.firstName, middleName: d.middleName
    || null, position: d.position,
    email: d.email || null, phone: d.phone || null, worldskillsExpert: d.worldskillsExpert === true,
      achievements: d.achievements || null,
    competencyIds: [...form.querySelectorAll('input[name=competency]:checked')].map((x) => x.value) };
  return { name: d.name, address: d.address };
}

export async function page(orgId, kind = 'rooms') {
  requireOrganization(orgId);
  const meta = kinds[kind];
  if (!meta) throw new ApiError({ title: 'Нет такого раздела' }, 404);
  const base = `/api/v1/organizations/${orgId}`;
  const nav = Object.entries(kinds).map(([k, m]) => `<a href="#/organizations/${orgId}/inventory/${k}"${k === kind
    ? ' aria-current="page"' : ''}>${m.title}</a>`).join('');
  let editing = null;
  let search = '';
  setMain(`<h1>Инвентаризация</h1>
    <nav class="tabs" aria-label="Разделы инвентаризации">${nav}</nav>
    <form id="inv-search" class="filters" role="search">${field('q', 'Поиск')}
      <div class="actions"><button class="btn" type="submit">Найти</button><button class="btn secondary" type="button"
        id="csv">CSV</button></div></form>
    <details class="card" id="editor"><summary><strong id="editor-title">Добавить</strong></summary>
      <form id="inv-form" novalidate><div class="form-notice"></div><div id="inv-fields"></div>
      <div class="actions"><button class="btn" type="submit">Сохранить</button><button class="btn secondary"
        type="button" id="inv-reset">Новая запись</button></div></form></details>
    <div id="inv-status" aria-live="polite"></div>
    <table class="list"><thead><tr>${meta.columns.map(([h]) => `<th>${h}</th>`).join('')}<th></th></tr></thead><tbody
      id="inv-rows"></tbody></table>`, meta.title);
  const form = document.getElementById('inv-form');
  const status = (h) => { document.getElementById('inv-status').innerHTML = h; };
  async function openForm(item = null, copy = false) {
    editing = copy ? null : item;
    document.getElementById('inv-fields').innerHTML = await formFields(kind, base, item || {});
    document.getElementById('editor-title').textContent = item ? (copy ? `Копия: ${item.name}` : 'Изменить запись')
      : 'Добавить';
    if (copy && form.elements.name) form.elements.name.value = `${item.name} (копия)`;
  }
  const items = new Map();
  async function load() {
    const page = await api.get(`${base}/${kind}?limit=200${search ? `&q=${encodeURIComponent(search)}` : ''}`);
    page.items.forEach((r) => items.set(r.id, r));
    document.getElementById('inv-rows').innerHTML = page.items.map((r) => `<tr
      data-id="${r.id}">${meta.columns.map(([h, f]) => `<td data-label="${h}">${esc(f(r) ?? '')}</td>`).join('')}
      <td><div class="actions"><button class="btn small secondary" data-edit>Изменить</button>${kind === 'rooms'
        ? '<button class="btn small secondary" data-copy>Копировать</button>' : ''}
      <button class="btn small danger" data-delete>Удалить</button></div></td></tr>`).join('') || `<tr><td
        colspan="${meta.columns.length + 1}" class="muted">Записей нет. Добавьте первую: «Добавить» выше.</td></tr>`;
  }
  document.getElementById('inv-search').addEventListener('submit',
    (e) => { e.preventDefault(); search = e.target.elements.q.value.trim(); load(); });
  document.getElementById('csv').addEventListener('click', () => downloadCSV(`${base}/${kind}${search
    ? `?q=${encodeURIComponent(search)}` : ''}`, `${kind}.csv`));
  document.getElementById('inv-reset').addEventListener('click', () => openForm());
  document.getElementById('inv-rows').addEventListener('click', async (e) => {
    const item = items.get(e.target.closest('tr')?.dataset.id);
    if (!item) return;
    try {
      if (e.target.hasAttribute('data-edit') || e.target.hasAttribute('data-copy')) {
        await openForm(item, e.target.hasAttribute('data-copy'));
        document.getElementById('editor').open = true;
      } else if (e.target.hasAttribute('data-delete')) {
        if (!await ask({ title: 'Удалить запись?', confirmLabel: 'Удалить', danger: true })) return;
        await api.del(`${base}/${kind}/${item.id}`);
        status(notice('ok', 'Удалено.'));
        load();
      }
    } catch (err) { status(notice('err', esc(err.message))); }
  });
  handleForm(form, async (d) => {
    const body = bodyFrom(kind, form, d);
    const photo = form.elements.photo?.files?.[0];
    if (photo) body.photoFileId = (await uploadFile(photo, { organizationId: orgId })).id;
    if (editing) await api.patch(`${base}/${kind}/${editing.id}`, body,
      { headers: { 'If-Match': `"${editing.version}"` } });
    else await api.post(`${base}/${kind}`, body);
    status(notice('ok', 'Сохранено.'));
    await openForm();
    load();
  });
  await openForm();
  await load();
}
