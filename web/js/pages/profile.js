// Organization profile editor: the tabs of seed 000 §2, each saving only its own fields.
import { ApiError, api, uploadFile } from '../api.js';
import { esc, field, handleForm, notice, setMain, ask } from '../ui.js';
import { requireOrganization } from '../shell.js';
import { dirOptions } from '../directory-options.js';

const tabs = [['main', 'Основное'], ['competencies', 'Компетенции и профессии'], ['description', 'Описание и контакты'],
  ['requisites', 'Реквизиты'], ['documents', 'Документы и лицензии'], ['media', 'Логотип и галерея']];
const docKinds = { document: 'Документ', license: 'Лицензия', accreditation: 'Аккредитация' };

function multi(name, label, options, selected) {
  const chosen = new Set(selected.map((x) => x.toLowerCase()));
  return `<fieldset class="field"><legend><strong>${label}</strong></legend><div class="check-columns">
    ${options.map(([id, n]) => `<label class="check"><input type="checkbox"
      name="${name}" value="${id}"${chosen.has(id) ? ' checked' : ''}> ${esc(n)}</label>`).join('')}
    </div><div class="error" id="f-${name}-err" role="alert"></div></fieldset>`;
}

export async function page(id, tab = 'main') {
  requireOrganization(id);
  if (!tabs.some(([t]) => t === tab)) throw new ApiError({ title: 'Нет такой вкладки' }, 404);
  const o = await api.get(`/api/v1/organizations/${id}`);
  const nav = tabs.map(([t, n]) => `<a href="#/organizations/${id}/profile/${t}"${t === tab ? ' aria-current="page"'
    : ''}>${n}</a>`).join('');
  const shell = (inner) => setMain(`<p><a href="#/organizations/${id}">Публичная страница организации</a></p>
    <h1>Профиль: ${esc(o.shortName)}</h1><nav class="tabs" aria-label="Вкладки профиля">${nav}</nav><div
      id="profile-status" aria-live="polite"></div>${inner}`,
  'Профиль организации');
  const status = (h) => { document.getElementById('profile-status').innerHTML = h; };
  const save = async (body) => {
    const saved = await api.patch(`/api/v1/organizations/${id}`, body, { headers: { 'If-Match': `"${o.version}"` } });
    Object.assign(o, saved);
    status(notice('ok', 'Изменения сохранены.'));
  };
  const r = o.requisites;
  const c = o.contacts || {};
  if (tab === 'main') {
    const [types, municipalities] = await Promise.all([dirOptions('organization_types'), dirOptions('municipalities')]);
    shell(`<form id="tab-form" class="card" novalidate><div class="form-notice"></div>
      ${field('publicName', 'Публичное наименование', { value: o.publicName || '',
        hint: 'Так организация называется на сайте' })}
      ${field('fullName', 'Полное наименование', { required: true, value: o.fullName })}
      ${field('shortName', 'Краткое наименование', { required: true, value: o.shortName })}
      <div class="row">${field('orgTypeId', 'Тип организации', { options: [['', '—'], ...types], value: (o.orgType?.id
        || '').toLowerCase() })}
      ${field('municipalityId', 'Муниципальное образование', { options: [['', '—'], ...municipalities],
        value: (o.municipality?.id || '').toLowerCase() })}</div>
      <fieldset class="field"><legend><strong>Роли</strong></legend>${[['customer', 'Заказчик'], ['contractor',
        'Подрядчик (образовательная организация)'], ['employer', 'Работодатель']]
        .map(([v, n]) => `<label class="check"><input type="checkbox" name="role" value="${v}"${o.roles.includes(v)
          ? ' checked' : ''}> ${n}</label>`).join('')}
        <div class="error" id="f-roles-err" role="alert"></div></fieldset>
      ${field('isBranch', 'Филиал (обособленное подразделение)', { type: 'checkbox', value: o.isBranch })}
      <div id="parent-fields"${o.isBranch ? '' : ' hidden'}>
        ${field('parentSearch', 'Поиск головной организации', { hint: 'Начните вводить название или ИНН',
          attrs: 'autocomplete="off"' })}
        ${field('parentOrganizationId', 'Головная организация', { options: [['', '— не выбрана —'],
          ...(o.parentOrganization ? [[o.parentOrganization.id, o.parentOrganization.shortName
            || o.parentOrganization.publicName || 'выбрана']] : [])], value: o.parentOrganization?.id || '' })}
      </div>
      <button class="btn" type="submit">Сохранить</button></form>`);
    const form = document.getElementById('tab-form');
    // a branch names its head organization by choosing it from the region's registry, not by typing its id
    form.elements.isBranch.addEventListener('change', (e) => {
      document.getElementById('parent-fields').hidden = !e.target.checked;
    });
    const parent = form.elements.parentOrganizationId;
    let searching;
    form.elements.parentSearch.addEventListener('input', (e) => {
      clearTimeout(searching);
      searching = setTimeout(async () => {
        const q = e.target.value.trim();
        if (q.length < 2) return;
        const found = await api.get(`/api/v1/organizations?limit=20&q=${encodeURIComponent(q)}`);
        const options = found.items.filter((x) => x.id.toLowerCase() !== id.toLowerCase());
        parent.innerHTML = `<option value="">${options.length ? `— выберите (${options.length}) —`
          : 'ничего не найдено'}</option>${options.map((x) => `<option value="${x.id}">${esc(x.shortName
          || x.publicName)}${x.inn ? `, ИНН ${esc(x.inn)}` : ''}</option>`).join('')}`;
      }, 300);
    });
    handleForm(form, (d) => save({ publicName: d.publicName || null, fullName: d.fullName, shortName: d.shortName,
      orgTypeId: d.orgTypeId || null,
      municipalityId: d.municipalityId || null,
        roles: [...form.querySelectorAll('input[name=role]:checked')].map((x) => x.value),
      isBranch: d.isBranch === true, parentOrganizationId: d.isBranch === true ? (d.parentOrganizationId || null)
        : null }));
  } else if (tab === 'competencies') {
    const [competencies, professions] = await Promise.all([dirOptions('competencies'), dirOptions('professions')]);
    shell(`<form id="tab-form" class="card" novalidate><div class="form-notice"></div>
      ${multi('competencyIds', 'Компетенции', competencies, o.competencies.map((x) => x.id))}
      ${multi('professionIds', 'Профессии', professions, o.professions.map((x) => x.id))}
      <button class="btn" type="submit">Сохранить</button></form>`);
    const form = document.getElementById('tab-form');
    handleForm(form, () => save({
      competencyIds: [...form.querySelectorAll('input[name=competencyIds]:checked')].map((x) => x.value),
      professionIds: [...form.querySelectorAll('input[name=professionIds]:checked')].map((x) => x.value) }));
  } else if (tab === 'description') {
    shell(`<form id="tab-form" class="card" novalidate><div class="form-notice"></div>
      ${field('description', 'Описание', { type: 'textarea', value: o.description || '' })}
      <div class="row">${field('headName', 'Руководитель (ФИО)', { value: o.headName || '' })}${field('headPosition',
        'Должность руководителя', { value: o.headPosition || '' })}</div>
      <h2>Контакты (видны на сайте)</h2>
      ${field('contacts.address', 'Адрес', { value: c.address || '' })}
      <div class="row">${field('contacts.phones', 'Телефоны', { value: (c.phones || []).join(', '),
        hint: 'Через запятую' })}
      ${field('contacts.emails', 'Электронная почта', { value: (c.emails || []).join(', '),
        hint: 'Через запятую' })}</div>
      <div class="row">${field('contacts.website', 'Сайт', { type: 'url', value: c.website
        || '' })}${field('contacts.workingHours', 'Часы работы', { value: c.workingHours || '' })}</div>
      <button class="btn" type="submit">Сохранить</button></form>`);
    const list = (s) => (s || '').split(',').map((x) => x.trim()).filter(Boolean);
    handleForm(document.getElementById('tab-form'), (d) => save({ description: d.description || null,
      headName: d.headName || null,
      headPosition: d.headPosition || null, contacts: { address: d.contacts?.address || null,
        phones: list(d.contacts?.phones),
        emails: list(d.contacts?.emails), website: d.contacts?.website || null, workingHours: d.contacts?.workingHours
          || null } }));
  } else if (tab === 'requisites') {
    const legalForms = await dirOptions('legal_forms');
    shell(`<form id="tab-form" class="card" novalidate><div class="form-notice"></div>
      <p class="hint">ИНН, КПП и ОГРН меняет модератор ЦОПП по заявке организации. Все коды проверяются по контрольным
        цифрам.</p>
      <div class="row">${field('inn', 'ИНН', { value: r.inn, attrs: 'readonly' })}${field('kpp', 'КПП', { value: r.kpp
        || '', attrs: 'readonly' })}${field('ogrn', 'ОГРН', { value: r.ogrn, attrs: 'readonly' })}</div>
      <div class="row">${field('okpo', 'ОКПО', { value: r.okpo || '' })}${field('okvedMain', 'ОКВЭД основной',
        { value: r.okvedMain || '', hint: 'Например, 85.21' })}
      ${field('okvedExtra', 'ОКВЭД дополнительные', { value: (r.okvedExtra || []).join(', '),
        hint: 'Через запятую' })}</div>
      <div class="row">${field('legalFormId', 'Организационно-правовая форма', { options: [['', '—'], ...legalForms],
        value: (r.legalForm?.id || '').toLowerCase() })}
      ${field('legalStatus', 'Правовое положение', { options: [['', '—'], ['autonomous', 'Автономное'], ['budget',
        'Бюджетное'], ['state_owned', 'Казённое']], value: r.legalStatus || '' })}
      ${field('settlementType', 'Тип населённого пункта', { options: [['', '—'], ['city', 'Город'], ['village',
        'Село']], value: r.settlementType || '' })}</div>
      <h2>Банковские реквизиты</h2>
      <div class="row">${field('bankName', 'Банк', { value: r.bankName || '' })}${field('bik', 'БИК', { value: r.bik
        || '', attrs: 'inputmode="numeric" maxlength="9"' })}</div>
      <div class="row">${field('correspondentAccount', 'Корреспондентский счёт', { value: r.correspondentAccount || '',
        attrs: 'inputmode="numeric" maxlength="20"' })}
      ${field('settlementAccount', 'Расчётный счёт', { value: r.settlementAccount || '',
        attrs: 'inputmode="numeric" maxlength="20"' })}</div>
      <button class="btn" type="submit">Сохранить</button></form>`);
    handleForm(document.getElementById('tab-form'), (d) => save({ okpo: d.okpo || null, okvedMain: d.okvedMain || null,
      okvedExtra: (d.okvedExtra || '').split(',').map((x) => x.trim()).filter(Boolean), legalFormId: d.legalFormId
        || null,
      legalStatus: d.legalStatus || null, settlementType: d.settlementType || null, bankName: d.bankName || null,
        bik: d.bik || null,
      correspondentAccount: d.correspondentAccount || null, settlementAccount: d.settlementAccount || null }));
  } else if (tab === 'documents') {
    const docs = await api.get(`/api/v1/organizations/${id}/documents`);
    shell(`<form id="tab-form" class="card" novalidate><h2>Добавить</h2><div class="form-notice"></div>
      <div class="row">${field('kind', 'Вид', { options: Object.entries(docKinds) })}${field('title', 'Название',
        { required: true })}</div>
      <div class="row">${field('number', 'Номер')}${field('issuedAt', 'Дата выдачи',
        { type: 'date' })}${field('validUntil', 'Действует до', { type: 'date' })}</div>
      ${field('issuer', 'Кем выдан')}
      ${field('file', 'Файл (PDF, DOCX, изображение; до 20 МБ)', { type: 'file' })}<div class="error" id="f-fileId-err"
        role="alert"></div>
      <button class="btn" type="submit">Загрузить</button></form>
      <table class="list"><thead><tr><th>Вид</th><th>Название</th><th>Номер,
        даты</th><th>Файл</th><th></th></tr></thead><tbody>
      ${docs.items.map((d) => `<tr data-id="${d.id}"><td data-label="Вид">${docKinds[d.kind]}</td><td
        data-label="Название">${esc(d.title)}</td>
        <td data-label="Номер">${esc(d.number || '')} ${d.issuedAt ? `от ${esc(d.issuedAt)}` : ''} ${d.validUntil
          ? `до ${esc(d.validUntil)}` : ''}</td>
        <td data-label="Файл">${d.file ? `<a href="${esc(d.file.url)}">${esc(d.file.name)}</a>` : '—'}</td>
        <td><button class="btn small danger" data-delete>Удалить</button></td></tr>`).join('')
          || '<tr><td colspan="5" class="muted">Документов нет. Добавьте лицензию или аккредитацию формой выше —'
            + ' их увидят на странице организации.</td></tr>'}</tbody></table>`);
    const form = document.getElementById('tab-form');
    handleForm(form, async (d) => {
      const chosen = form.elements.file.files[0];
      const file = chosen ? await uploadFile(chosen, { organizationId: id }) : null;
      await api.post(`/api/v1/organizations/${id}/documents`, { kind: d.kind, title: d.title, number: d.number,
        issuedAt: d.issuedAt,
        validUntil: d.validUntil, issuer: d.issuer, fileId: file?.id });
      page(id, 'documents');
    });
    document.querySelectorAll('[data-delete]').forEach((b) => b.addEventListener('click', async () => {
      if (!await ask({ title: 'Удалить документ?', confirmLabel: 'Удалить', danger: true })) return;
      await api.del(`/api/v1/organizations/${id}/documents/${b.closest('tr').dataset.id}`);
      page(id, 'documents');
    }));
  } else if (tab === 'media') {
    shell(`<div class="grid"><form id="logo-form" class="card" novalidate><h2>Логотип</h2><div
      class="form-notice"></div>
        ${o.logo ? `<img src="${esc(o.logo.url)}" alt="Текущий логотип" class="logo-preview">`
          : '<p class="muted">Не загружен</p>'}
        ${field('logo', 'Изображение (PNG, JPEG, WebP)', { type: 'file', attrs: 'accept="image/*"' })}<div
          class="error" id="f-logoFileId-err" role="alert"></div>
        <button class="btn" type="submit">Загрузить логотип</button></form>
      <form id="signature-form" class="card" novalidate><h2>Факсимиле подписи руководителя</h2><div
        class="form-notice"></div><p class="hint">Ставится в свидетельства, удостоверения и приказы над ФИО
        руководителя. Видно только сотрудникам организации.</p>
        ${o.signature ? `<img src="${esc(o.signature.url)}" alt="Текущее факсимиле" class="logo-preview">`
          : '<p class="muted">Не загружено</p>'}
        ${field('signature', 'Изображение (PNG или JPEG, лучше на прозрачном фоне)', { type: 'file',
          attrs: 'accept="image/png,image/jpeg"' })}<div class="error" id="f-signatureFileId-err" role="alert"></div>
        <button class="btn" type="submit">Загрузить факсимиле</button></form>
      <form id="gallery-form" class="card" novalidate><h2>Галерея</h2><div class="form-notice"></div>
        ${field('image', 'Изображение', { type: 'file', attrs: 'accept="image/*"' })}<div class="error"
          id="f-fileId-err" role="alert"></div>
        ${field('caption', 'Подпись')}<button class="btn" type="submit">Добавить в галерею</button></form></div>
      <div class="grid">${o.gallery.map((g) => `<figure class="card" data-id="${g.id}"><img
        src="${esc(g.url)}" alt="${esc(g.caption || '')}" class="fit">
        <figcaption>${esc(g.caption || '')}</figcaption><button class="btn small danger"
          data-delete>Удалить</button></figure>`).join('')}</div>`);
    handleForm(document.getElementById('logo-form'), async () => {
      const f = document.getElementById('logo-form').elements.logo.files[0];
      if (!f) throw Object.assign(new Error('Выберите файл'), { fieldErrors: [{ field: 'logo',
        message: 'Выберите файл' }] });
      const file = await uploadFile(f, { organizationId: id, public: 'true' });
      await save({ logoFileId: file.id });
      page(id, 'media');
    });
    handleForm(document.getElementById('signature-form'), async () => {
      const f = document.getElementById('signature-form').elements.signature.files[0];
      if (!f) throw Object.assign(new Error('Выберите файл'), { fieldErrors: [{ field: 'signature',
        message: 'Выберите файл' }] });
      const file = await uploadFile(f, { organizationId: id });
      await save({ signatureFileId: file.id });
      page(id, 'media');
    });
    handleForm(document.getElementById('gallery-form'), async (d) => {
      const f = document.getElementById('gallery-form').elements.image.files[0];
      if (!f) throw Object.assign(new Error('Выберите файл'), { fieldErrors: [{ field: 'image',
        message: 'Выберите файл' }] });
      const file = await uploadFile(f, { organizationId: id, public: 'true' });
      await api.post(`/api/v1/organizations/${id}/gallery`, { fileId: file.id, caption: d.caption });
      page(id, 'media');
    });
    document.querySelectorAll('[data-delete]').forEach((b) => b.addEventListener('click', async () => {
      await api.del(`/api/v1/organizations/${id}/gallery/${b.closest('[data-id]').dataset.id}`);
      page(id, 'media');
    }));
  }
}
