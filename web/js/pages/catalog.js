// Public catalog (SPEC §6): search in Russian, filters with facet counts, sorting, program page.
import { api, currentUser } from '../api.js';
import { esc, field, setMain, handleForm, notice, studyModes, applicationStatusNames } from '../ui.js';
import { dirOptions } from '../directory-options.js';

const fundingNames = { free: 'Бесплатно', paid: 'Платно', certificate: 'По сертификату' };
const rub = (p) => (p == null ? '' : `${Number(p).toLocaleString('ru-RU')} ₽`);

function cardHtml(p) {
  return `<a class="card" href="#/catalog/${p.id}">
    <h2>${esc(p.fullName)}</h2>
    <p class="muted">${esc(p.organization.publicName || p.organization.shortName)}${p.municipality
      ? ` · ${esc(p.municipality.name)}` : ''}</p>
    <p>${p.kind ? `<span class="badge">${esc(p.kind.name)}</span>` : ''}${p.studyForm ? `<span
      class="badge">${esc(p.studyForm.name)}</span>` : ''}
      ${p.accessible ? '<span class="badge good">Доступно для ОВЗ</span>' : ''}${p.expertisePassed
        ? '<span class="badge good">Прошла экспертизу</span>' : ''}</p>
    <p><strong>${Number(p.hours).toLocaleString('ru-RU')} ч</strong> · ${p.funding === 'paid' ? rub(p.price)
      : fundingNames[p.funding]}</p></a>`;
}

export async function search() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  sessionStorage.setItem('copp.catalogSearch', location.hash);
  const [kinds, forms, municipalities, competencies] = await Promise.all(['program_kinds', 'study_forms',
    'municipalities', 'competencies'].map(dirOptions));
  const v = (k) => params.get(k) || '';
  setMain(`<h1>Каталог программ</h1>
    <form id="cat-form" class="card" role="search">
      <div class="filters">${field('q', 'Что хотите изучать?', { value: v('q'),
        attrs: 'list="cat-suggest" autocomplete="off" enterkeyhint="search"',
        hint: 'Например: сварщик, ПК охрана труда, Python — опечатки и сокращения понимаем' })}
        <datalist id="cat-suggest"></datalist>
        <div class="actions"><button class="btn" type="submit">Найти</button></div></div>
      <details${window.innerWidth > 760 ? ' open' : ''}><summary><strong>Фильтры и сортировка</strong></summary>
      <div class="row">${field('sort', 'Сортировка', { options: [['relevance', 'По соответствию'], ['newest', 'Новые'],
        ['price', 'Дешевле'], ['name', 'По названию']], value: v('sort') || 'relevance' })}
      ${field('kindId', 'Вид программы', { options: [['', 'Все'], ...kinds], value: v('kindId') })}
      ${field('studyFormId', 'Форма обучения', { options: [['', 'Все'], ...forms], value: v('studyFormId') })}
      ${field('municipalityId', 'Муниципалитет', { options: [['', 'Все'], ...municipalities],
        value: v('municipalityId') })}
      ${field('competencyId', 'Компетенция', { options: [['', 'Все'], ...competencies],
        value: v('competencyId') })}</div>
      <div class="row">${field('priceMax', 'Стоимость до, ₽', { type: 'number', value: v('priceMax'),
        attrs: 'min="0"' })}
      ${field('free', 'Только бесплатные', { type: 'checkbox', value: v('free') === 'true' })}${field('accessible',
        'Доступно для людей с ОВЗ', { type: 'checkbox', value: v('accessible') === 'true' })}</div>
      <button class="btn secondary" type="submit">Применить фильтры</button></details></form>
    <p id="cat-total" class="muted" aria-live="polite"></p><div id="cat-facets"></div>
    <div id="cat-results" class="grid"></div><div class="pager"><button class="btn secondary" id="more"
      hidden>Показать ещё</button></div>`, 'Каталог программ');
  const form = document.getElementById('cat-form');
  let cursor = null;
  const query = () => {
    const q = new URLSearchParams();
    for (const k of ['q', 'sort', 'kindId', 'studyFormId', 'municipalityId', 'competencyId',
      'priceMax']) if (form.elements[k].value) q.set(k, form.elements[k].value.trim());
    if (params.get('organizationId')) q.set('organizationId', params.get('organizationId'));
    if (form.elements.free.checked) q.set('free', 'true');
    if (form.elements.accessible.checked) q.set('accessible', 'true');
    return q;
  };
  async function load(append = false) {
    const q = query();
    q.set('limit', '20');
    if (append && cursor) q.set('cursor', cursor);
    const page = await api.get(`/api/v1/catalog/programs?${q}`);
    const box = document.getElementById('cat-results');
    if (append) box.insertAdjacentHTML('beforeend', page.items.map(cardHtml).join(''));
    else {
      box.innerHTML = page.items.map(cardHtml).join('')
        || '<p class="muted">Ничего не найдено. Попробуйте другие слова или уберите фильтры.</p>';
      const f = page.facets;
      // above about 600 matches the counts are estimated on a sample (the API says so): «около», «≈»
      const about = f.approximate ? '≈' : '';
      document.getElementById('cat-total').textContent = `Найдено программ: ${f.approximate ? 'около ' : ''}${
        Number(f.total).toLocaleString('ru-RU')}`;
      const chips = (list, key) => list.slice(0, 8).map((x) => `<button type="button" class="badge"
        data-facet="${key}" data-value="${esc(x.id)}">${esc(x.name || fundingNames[x.id]
        || x.id)} (${about}${x.count})</button>`).join('');
      document.getElementById('cat-facets').innerHTML = f.total ? `<p>${chips(f.kinds, 'kindId')}${chips(f.studyForms,
        'studyFormId')}${chips(f.competencies, 'competencyId')}</p>` : '';
    }
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    history.replaceState(null, '', `#/catalog?${query()}`);
    sessionStorage.setItem('copp.catalogSearch', location.hash);
    load();
  });
  document.getElementById('cat-facets').addEventListener('click', (e) => {
    const b = e.target.closest('[data-facet]');
    if (!b) return;
    form.elements[b.dataset.facet].value = b.dataset.value;
    form.requestSubmit();
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  suggestWhileTyping(form.elements.q, document.getElementById('cat-suggest'));
  await load();
}

// Suggestions while typing (the browser shows the datalist under the field, on a phone too); a late answer for an
// older text is dropped.
function suggestWhileTyping(input, list) {
  let timer = null;
  let asked = '';
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (text.length < 2 || text === asked) return;
      asked = text;
      const page = await api.get(`/api/v1/catalog/suggest?q=${encodeURIComponent(text)}`).catch(() => null);
      if (!page || input.value.trim() !== text) return;
      list.innerHTML = page.items.map((s) => `<option value="${esc(s.text)}"></option>`).join('');
    }, 150);
  });
}

export async function program(id) {
  const p = await api.get(`/api/v1/catalog/programs/${id}`);
  const user = currentUser();
  // the trail returns to the search the person came from, with its words and filters
  const back = sessionStorage.getItem('copp.catalogSearch') || '#/catalog';
  setMain(`    <div class="card">${p.cover ? `<img src="${esc(p.cover.url)}" alt="" class="cover">` : ''}
      <h1>${esc(p.fullName)}</h1>
      <p><a href="#/organizations/${p.organization.id}">${esc(p.organization.publicName
        || p.organization.shortName)}</a></p>
      <p>${p.kind ? `<span class="badge">${esc(p.kind.name)}</span>` : ''}${p.studyForm ? `<span
        class="badge">${esc(p.studyForm.name)}</span>` : ''}${p.studyMode ? `<span
        class="badge">${esc(studyModes[p.studyMode] || '')}</span>` : ''}
        ${p.accessible ? '<span class="badge good">Доступно для ОВЗ</span>' : ''}${p.expertise?.status === 'passed'
          ? `<span class="badge good" title="Оценок экспертов: ${p.expertise.ratings}">Прошла экспертизу</span>`
          : ''}</p>
      <p><strong>${Number(p.hours).toLocaleString('ru-RU')} ч</strong> · ${p.funding === 'paid' ? rub(p.price)
        : fundingNames[p.funding]}
        ${p.issuedDocumentType ? ` · документ: ${esc(p.issuedDocumentType.name)}` : ''}</p>
      <div id="apply"></div>
      ${user ? '<button class="btn secondary" id="favorite" aria-pressed="false">☆ В избранное</button>' : ''}</div>
    ${p.groups?.length ? `<div
      class="card"><h2>Ближайшие группы</h2>${p.groups.every((g) => g.freePlaces === 0) ? `<p
        class="notice warn">Все места в группах заняты. Заявку можно подать: организация поставит её в
        <strong>лист ожидания</strong>, и вас запишут, когда место освободится.</p>` : ''}<ul>${p.groups.map((g) =>
        `<li><strong>${esc(g.name)}</strong>:
        ${g.startsOn.split('-').reverse().join('.')} — ${g.endsOn.split('-').reverse().join('.')}
      · ${g.freePlaces ? `свободных мест: ${g.freePlaces}` : 'мест нет — лист ожидания'}${g.applicationsUntil
        ? ` · приём заявок до ${g.applicationsUntil.split('-').reverse().join('.')}` : ''}</li>`).join('')}</ul></div>`
        : ''}
    ${p.description ? `<div class="card"><h2>О программе</h2><p class="prose">${esc(p.description)}</p></div>` : ''}
    <div class="grid">
      ${p.learnerRequirements ? `<div class="card"><h2>Кому подходит</h2><p>${esc(p.learnerRequirements)}</p></div>`
        : ''}
      ${p.qualification ? `<div class="card"><h2>Квалификация</h2><p>${esc(p.qualification)}</p></div>` : ''}
      ${p.competencies.length ? `<div
        class="card"><h2>Компетенции</h2><ul>${p.competencies.map((c) => `<li>${esc(c.name)}</li>`).join('')}</ul>
      </div>` : ''}</div>
    <div class="card"><h2>Модули</h2><ol>${p.modules.map((m) => `<li>${user ? `<label class="check"><input
      type="checkbox" name="module" value="${m.id}"> `
      : ''}${esc(m.name)} — ${Number(m.hours).toLocaleString('ru-RU')} ч${user ? '</label>' : ''}</li>`).join('')}</ol>
      ${p.finalAttestation ? `<p><strong>Итоговая аттестация:</strong> ${esc(p.finalAttestation)}</p>` : ''}
      ${user ? '<p><button class="btn secondary" id="compose">Собрать свою программу из отмеченных модулей</button></p>'
        : ''}</div>
    ${p.materials?.length ? `<div class="card"><h2>Материалы</h2><ul>${p.materials.map((m) => `<li><a
      href="${esc(m.url)}" target="_blank" rel="noopener">${esc(m.title)}</a></li>`).join('')}</ul></div>` : ''}
    <div id="program-status" aria-live="polite"></div>`, p.fullName,
    { crumbs: [['#/', 'Главная'], [back, 'Каталог программ'], [null, p.fullName]] });
  applyButton(p, document.getElementById('apply'));
  if (!user) return;
  const status = (h) => { document.getElementById('program-status').innerHTML = h; };
  const favorites = await api.get('/api/v1/me/favorites');
  let favorite = favorites.items.some((x) => x.id === id);
  const button = document.getElementById('favorite');
  const paint = () => { button.textContent = favorite ? '★ В избранном'
    : '☆ В избранное'; button.setAttribute('aria-pressed', String(favorite)); };
  paint();
  button.addEventListener('click', async () => {
    if (favorite) await api.del(`/api/v1/me/favorites/${id}`); else await api.put(`/api/v1/me/favorites/${id}`);
    favorite = !favorite;
    paint();
  });
  document.getElementById('compose').addEventListener('click', async () => {
    const moduleIds = [...document.querySelectorAll('input[name=module]:checked')].map((x) => x.value);
    try {
      await api.post('/api/v1/program-requests', { kind: 'learner_composed',
        title: `Своя программа на основе «${p.fullName}»`, moduleIds });
      status(`<div class="notice ok">Заявка отправлена в ЦОПП. Ответ придёт в «Мои сообщения».</div>`);
    } catch (err) { status(`<div class="notice err">${esc(err.fieldErrors?.[0]?.message || err.message)}</div>`); }
  });
}

/// «Записаться» on the program page.
export async function applyButton(program, holder) {
  const user = currentUser();
  if (!user) {
    // after signing in the person comes back here, not to the cabinet
    holder.innerHTML = `<a class="btn" href="#/login">Войдите, чтобы записаться</a>`;
    holder.querySelector('a').addEventListener('click', () => sessionStorage.setItem('afterLogin', location.hash));
    return;
  }
  if (!user.roles.includes('learner')) return;
  // one active application per program: show it instead of a form the server would refuse
  const own = await api.get(`/api/v1/me/applications?programId=${program.id}&limit=20`).catch(() => ({ items: [] }));
  const active = own.items.find((a) => ['new', 'postponed', 'waitlisted', 'confirmed', 'studying'].includes(a.status));
  if (active) {
    holder.innerHTML = notice('ok', `Ваша заявка <a href="#/applications/${active.id}">№ ${active.number}</a> на эту
      программу — «${esc(applicationStatusNames[active.status] || active.status)}». Все заявки — в разделе
      <a href="#/my/applications">«Мои заявки»</a>.`);
    return;
  }
  holder.innerHTML = `<form id="apply-form" novalidate><div class="form-notice"></div>${field('comment',
    'Комментарий к заявке (необязательно)', { type: 'textarea' })}
    <button class="btn" type="submit">Записаться на обучение</button></form>`;
  handleForm(holder.querySelector('#apply-form'), async (d) => {
    try {
      const app = await api.post(`/api/v1/programs/${program.id}/applications`, d);
      holder.innerHTML = notice('ok', `Заявка № ${app.number} отправлена. Статус — в разделе <a
        href="#/my/applications">«Мои заявки»</a>, письма придут на почту.`);
    } catch (err) {
      if (err.status === 409) holder.innerHTML = notice('warn', `${esc(err.message)}. <a
        href="#/my/applications">Мои заявки</a>`);
      else throw err;
    }
  });
}
