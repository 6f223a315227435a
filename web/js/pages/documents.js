// Documents: the public page that checks a certificate by its code, and the administrator's templates.
import { api, uploadFile, currentUser, downloadFile } from '../api.js';
import { esc, field, handleForm, notice, setMain, fmtDate, ask } from '../ui.js';
import { requireMenu } from '../shell.js';

const kindNames = { participation_certificate: 'Свидетельство об участии в мероприятии',
  enrollment_order: 'Приказ о зачислении', completion_certificate: 'Удостоверение о повышении квалификации' };

/// «Проверка документа»: anyone types or follows the code printed on a certificate.
export async function verify(code = '') {
  setMain(`<h1>Проверка документа</h1>
    <form id="verify-form" class="card narrow" role="search" novalidate><div class="form-notice"></div>
      ${field('code', 'Код с документа', { value: code, required: true, attrs: 'autocapitalize="characters" '
        + 'autocomplete="off" maxlength="20"', hint: '10 латинских букв и цифр, например XK33SPGF63' })}
      <button class="btn" type="submit">Проверить</button></form><div id="verify-result" aria-live="polite"></div>`,
  'Проверка документа');
  const result = document.getElementById('verify-result');
  const check = async (value) => {
    try {
      const d = await api.get(`/api/v1/documents/verify/${encodeURIComponent(value.trim())}`);
      result.innerHTML = `<div class="card narrow">${d.valid ? notice('ok', 'Документ выдан платформой ЦОПП и '
        + 'действителен.') : notice('err', 'Документ был выдан, но то, что он подтверждает, с тех пор отменено.')}
        <table class="facts"><tr><th scope="row">Документ</th><td>${esc(kindNames[d.kind] || d.kind)}${d.number
          ? ` № ${esc(d.number)}` : ''}</td></tr>
        ${d.person ? `<tr><th scope="row">Кому</th><td>${esc(d.person)}</td></tr>` : ''}
        <tr><th scope="row">Что подтверждает</th><td>${esc(d.title)}</td></tr>
        ${d.organization ? `<tr><th scope="row">Организация</th><td>${esc(d.organization)}</td></tr>` : ''}
        <tr><th scope="row">Выдан</th><td>${fmtDate(d.issuedAt)}</td></tr></table></div>`;
    } catch (err) {
      result.innerHTML = notice('err', err.status === 404 ? 'Документа с таким кодом нет. Проверьте код: буквы '
        + 'латинские, без пробелов.' : esc(err.message));
    }
  };
  handleForm(document.getElementById('verify-form'), async (d) => {
    history.replaceState(null, '', `#/verify/${encodeURIComponent(d.code)}`);
    await check(d.code);
  });
  if (code) await check(code);
}

/// The administrator's templates: what each document may hold, the template in use, a new one, back to default.
export async function templates() {
  requireMenu('#/admin/documents');
  const list = await api.get('/api/v1/document-templates');
  const admin = currentUser().roles.includes('admin');
  setMain(`<h1>Шаблоны документов</h1>
    <p class="hint">Документы делаются из шаблонов Word (DOCX). Скачайте текущий шаблон, измените оформление в Word
      или LibreOffice, оставьте нужные подстановки вида <code>{{participant}}</code> и загрузите его. Строка таблицы
      с подстановками списка (<code>{{learners.name}}</code>) повторяется для каждого человека; абзац
      <code>{{image:signature}}</code> заменяется факсимиле руководителя из профиля организации.</p>
    ${list.items.map((t) => `<section class="card" data-kind="${t.kind}"><h2>${esc(t.title)}</h2>
      <p>${t.custom ? `Свой шаблон региона: ${esc(t.fileName || '')}, ${fmtDate(t.updatedAt)}`
        : 'Используется шаблон платформы по умолчанию.'}</p>
      <div class="actions spaced"><button class="btn secondary" type="button" data-download>Скачать
        шаблон</button>${admin
        && t.custom ? '<button class="btn danger" type="button" data-reset>Вернуть шаблон по умолчанию</button>' : ''}
      </div>
      ${admin ? `<form class="upload" novalidate><div class="form-notice"></div>${field('file', 'Новый шаблон (DOCX)',
        { type: 'file', attrs: 'accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"',
          idPrefix: t.kind })}<div class="error" data-error-for="fileId" role="alert"></div>
        <button class="btn" type="submit">Загрузить</button></form>` : ''}
      <details><summary>Подстановки (${t.placeholders.length})</summary><table class="list"><thead><tr>
        <th>Подстановка</th><th>Что подставляется</th></tr></thead><tbody>${t.placeholders.map((p) => `<tr>
        <td><code>${esc(p.name)}</code></td><td>${esc(p.description)}</td></tr>`).join('')}</tbody></table>
      </details></section>`).join('')}`, 'Шаблоны документов');
  document.querySelectorAll('section[data-kind]').forEach((box) => {
    const kind = box.dataset.kind;
    box.querySelector('[data-download]').addEventListener('click', () =>
      downloadFile(`/api/v1/document-templates/${kind}`));
    box.querySelector('[data-reset]')?.addEventListener('click', async () => {
      if (!await ask({ title: 'Вернуть шаблон по умолчанию?', text: 'Свой шаблон региона будет удалён.',
        confirmLabel: 'Вернуть', danger: true })) return;
      await api.del(`/api/v1/document-templates/${kind}`);
      templates();
    });
    const form = box.querySelector('form.upload');
    if (form) handleForm(form, async () => {
      const file = form.querySelector('input[type=file]').files[0];
      if (!file) throw Object.assign(new Error('Выберите файл'), { fieldErrors: [{ field: 'fileId',
        message: 'Выберите файл DOCX' }] });
      const uploaded = await uploadFile(file);
      await api.put(`/api/v1/document-templates/${kind}`, { fileId: uploaded.id });
      templates();
    });
  });
}
