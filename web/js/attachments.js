// Links and files of a learning object (a check task, a material: seed 000 «Ссылки», «Файлы»): the list with
// «Удалить», a form for a link, a form for a file uploaded to the organization. The object is saved whole by `save`
// (with its version), so the editor only says what the new list is.
import { downloadFile, uploadFile } from './api.js';
import { ask, esc, field, handleForm, notice } from './ui.js';

/// The section's HTML: the list and the two forms.
export function attachmentsSection(items) {
  const item = (m, i) => `<li>${m.url ? `<a href="${esc(m.url)}" rel="noopener" target="_blank">${esc(m.title)}</a>`
    : `<button class="link" type="button" data-file="${m.fileId}" data-name="${esc(m.title)}">${esc(m.title)}</button>
    <span class="muted">файл</span>`} <button class="btn secondary small" type="button" data-drop="${i}"
    aria-label="Удалить: ${esc(m.title)}">Удалить</button></li>`;
  return `<section class="card" id="attachments"><h2>Ссылки и файлы</h2>${items.length ? `<ul class="materials">${items
    .map(item).join('')}</ul>` : '<p class="muted">Ссылок и файлов пока нет.</p>'}
    <form id="link-form" novalidate><div class="row">${field('title', 'Описание ссылки', { required: true,
      idPrefix: 'link-' })}${field('url', 'Ссылка', { type: 'url', required: true, idPrefix: 'link-',
      hint: 'https://…' })}</div><div class="form-notice"></div><div class="actions"><button class="btn secondary"
      type="submit">Добавить ссылку</button></div></form>
    <form id="file-form" novalidate><div class="row">${field('title', 'Название файла', { required: true,
      idPrefix: 'file-' })}${field('file', 'Файл', { type: 'file', required: true, idPrefix: 'file-',
      hint: 'Картинка, PDF или текстовый документ' })}</div><div class="form-notice"></div><div
      class="actions"><button class="btn secondary" type="submit">Загрузить файл</button></div></form></section>`;
}

/// Wires the section drawn by `attachmentsSection`: `items()` is the current list, `save(list)` stores the object with
/// the new list, `done(form, message)` redraws the page and shows what happened.
export function wireAttachments({ items, organizationId, save, done }) {
  handleForm(document.getElementById('link-form'), async (d) => {
    await save([...items(), { title: d.title, url: d.url }]);
    done('#link-form', notice('ok', 'Ссылка добавлена.'));
  });
  handleForm(document.getElementById('file-form'), async (d) => {
    const file = document.querySelector('#file-form input[type=file]').files[0];
    if (!file) throw { fieldErrors: [{ field: 'file', message: 'Выберите файл' }] };
    const stored = await uploadFile(file, { organizationId });
    await save([...items(), { title: d.title, fileId: stored.id }]);
    done('#file-form', notice('ok', 'Файл добавлен.'));
  });
  document.getElementById('attachments').addEventListener('click', async (e) => {
    const file = e.target.closest('[data-file]');
    const drop = e.target.closest('[data-drop]')?.dataset.drop;
    if (file) { downloadFile(`/api/v1/files/${file.dataset.file}`, file.dataset.name); return; }
    if (drop === undefined) return;
    const list = items();
    if (!await ask({ title: `Удалить «${list[Number(drop)].title}»?`, confirmLabel: 'Удалить', danger: true })) return;
    try {
      await save(list.filter((_, i) => i !== Number(drop)));
      done();
    } catch (err) {
      if (!err.handled) document.querySelector('#link-form .form-notice').innerHTML = notice('err', esc(err.message));
    }
  });
}
