// Public organization list (partner and customer base) and the public organization page.
import { api, currentUser, downloadCSV } from '../api.js';
import { esc, field, setMain } from '../ui.js';
import { dirOptions } from '../directory-options.js';

const roleNames = { customer: 'Заказчик', contractor: 'Образовательная организация', employer: 'Работодатель' };

export async function list() {
  const [municipalities, competencies] = await Promise.all([dirOptions('municipalities'), dirOptions('competencies')]);
  const filters = { q: '', role: '', municipalityId: '', competencyId: '' };
  setMain(`<h1>Организации региона</h1>
    <form id="org-filters" class="filters" role="search">
      ${field('q', 'Название или ИНН')}
      ${field('role', 'Роль', { options: [['', 'Все'], ...Object.entries(roleNames)] })}
      ${field('municipalityId', 'Муниципалитет', { options: [['', 'Все'], ...municipalities] })}
      ${field('competencyId', 'Компетенция', { options: [['', 'Все'], ...competencies] })}
      <div class="actions"><button class="btn" type="submit">Найти</button><button class="btn secondary" type="button"
        id="csv">CSV</button></div>
    </form>
    <div id="org-cards" class="grid"></div>
    <div class="pager"><button class="btn secondary" id="more" hidden>Показать ещё</button></div>`, 'Организации');
  let cursor = null;
  const query = () => new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const card = (o) => `<a class="card" href="#/organizations/${o.id}">
      ${o.logoUrl ? `<img src="${esc(o.logoUrl)}" alt="" class="logo-small">` : ''}
      <h2>${esc(o.publicName || o.shortName)}</h2>
      <p>${o.roles.map((r) => `<span class="badge">${esc(roleNames[r] || r)}</span>`).join('')}</p>
      <p class="muted">${esc(o.municipality?.name || '')}${o.contacts?.address ? ` · ${esc(o.contacts.address)}`
        : ''}</p>
      ${o.competencies.length ? `<p>${o.competencies.slice(0, 4).map(esc).join(', ')}${o.competencies.length > 4 ? '…'
        : ''}</p>` : ''}</a>`;
  async function load(append = false) {
    const page = await api.get(`/api/v1/organizations?limit=30&${query()}${append && cursor
      ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const box = document.getElementById('org-cards');
    const html = page.items.map(card).join('');
    if (append) box.insertAdjacentHTML('beforeend', html); else box.innerHTML = html
      || '<p class="muted">Ничего не найдено</p>';
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  }
  document.getElementById('org-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    for (const k of Object.keys(filters)) filters[k] = e.target.elements[k].value.trim();
    load();
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  document.getElementById('csv').addEventListener('click', () => downloadCSV(`/api/v1/organizations?${query()}`,
    'organizations.csv'));
  await load();
}

export async function page(id) {
  const [o, docs, programs] = await Promise.all([api.get(`/api/v1/organizations/${id}`),
    api.get(`/api/v1/organizations/${id}/documents`),
    api.get(`/api/v1/catalog/programs?organizationId=${id}&sort=name&limit=50`)]);
  const user = currentUser();
  const canEdit = user && (user.organizations.some((m) => m.id.toLowerCase() === id.toLowerCase()
    && m.status === 'approved')
    || user.roles.includes('admin') || user.roles.includes('moderator'));
  const c = o.contacts || {};
  const r = o.requisites || {};
  setMain(`    <div class="card">
      ${o.logo ? `<img src="${esc(o.logo.url)}" alt="Логотип ${esc(o.shortName)}" class="logo-aside">` : ''}
      <h1>${esc(o.publicName || o.shortName)}</h1>
      <p>${esc(o.fullName)}</p>
      <p>${o.roles.map((x) => `<span class="badge">${esc(roleNames[x] || x)}</span>`).join('')} ${o.orgType ? `<span
        class="muted">${esc(o.orgType.name)}</span>` : ''}</p>
      ${canEdit ? `<p><a class="btn secondary" href="#/organizations/${id}/profile">Редактировать профиль</a>
        <a class="btn secondary" href="#/organizations/${id}/inventory/rooms">Инвентаризация</a></p>` : ''}
    </div>
    ${o.description ? `<div class="card"><h2>Об организации</h2><p class="prose">${esc(o.description)}</p></div>` : ''}
    <div class="grid">
      <div class="card"><h2>Контакты</h2>
        ${c.address ? `<p>${esc(c.address)}</p>` : ''}
        ${(c.phones || []).map((p) => `<p><a href="tel:${esc(p.replace(/[^+\d]/g, ''))}">${esc(p)}</a></p>`).join('')}
        ${(c.emails || []).map((m) => `<p><a href="mailto:${esc(m)}">${esc(m)}</a></p>`).join('')}
        ${c.website ? `<p><a href="${esc(c.website)}" rel="noopener" target="_blank">${esc(c.website)}</a></p>` : ''}
        ${c.workingHours ? `<p class="muted">${esc(c.workingHours)}</p>` : ''}
        ${o.headName ? `<p>${esc(o.headPosition || 'Руководитель')}: ${esc(o.headName)}</p>` : ''}</div>
      <div class="card"><h2>Реквизиты</h2><p>ИНН ${esc(r.inn)}${r.kpp ? `, КПП ${esc(r.kpp)}`
        : ''}<br>ОГРН ${esc(r.ogrn)}${r.okpo ? `<br>ОКПО ${esc(r.okpo)}` : ''}
        ${r.okvedMain ? `<br>ОКВЭД ${esc(r.okvedMain)}${r.okvedExtra?.length
          ? ` (доп.: ${r.okvedExtra.map(esc).join(', ')})` : ''}` : ''}</p>
        ${r.bik ? `<p>${esc(r.bankName || '')}, БИК ${esc(r.bik)}<br>к/с ${esc(r.correspondentAccount
          || '')}<br>р/с ${esc(r.settlementAccount || '')}</p>` : ''}</div>
      <div class="card"><h2>Компетенции</h2>${o.competencies.length
        ? `<ul>${o.competencies.map((x) => `<li>${esc(x.name)}</li>`).join('')}</ul>`
        : '<p class="muted">Не указаны</p>'}
        ${o.professions.length
          ? `<h3>Профессии</h3><ul>${o.professions.map((x) => `<li>${esc(x.name)}</li>`).join('')}</ul>` : ''}</div>
    </div>
    <div class="card"><h2>Программы</h2>${programs.items.length ? `<ul>${programs.items.map((p) => `<li><a
      href="#/catalog/${p.id}">${esc(p.fullName)}</a>
      <span class="muted">${Number(p.hours).toLocaleString('ru-RU')} ч</span></li>`).join('')}</ul>
      ${programs.nextCursor ? `<p><a href="#/catalog?organizationId=${id}">Все программы организации</a></p>` : ''}`
        : '<p class="muted">Опубликованных программ пока нет</p>'}</div>
    ${docs.items.length ? `<div
      class="card"><h2>Лицензии и аккредитации</h2><ul>${docs.items.map((d) => `<li>${esc(d.title)}${d.number
      ? `, № ${esc(d.number)}` : ''}${d.issuedAt ? ` от ${esc(d.issuedAt)}` : ''}
      ${d.file ? ` — <a href="${esc(d.file.url)}">${esc(d.file.name)}</a>` : ''}</li>`).join('')}</ul></div>` : ''}
    ${o.gallery.length ? `<div class="card"><h2>Галерея</h2><div class="grid">${o.gallery.map((g) => `<figure><img
      src="${esc(g.url)}" alt="${esc(g.caption || '')}" class="fit">
      ${g.caption ? `<figcaption>${esc(g.caption)}</figcaption>` : ''}</figure>`).join('')}</div></div>` : ''}`,
        o.shortName, { crumbs: [['#/', 'Главная'], ['#/organizations', 'Организации'], [null, o.shortName]] });
}
