// Buttons that download a generated document (PDF or Word) with the signed-in person's token, and say why not
// when the server refuses (not confirmed yet, PDF unavailable on this server).
import { downloadFile } from './api.js';
import { esc, notice } from './ui.js';

/// «Свидетельство: PDF · DOCX» for the API path of a document.
export function documentButtons(path, label) {
  return `<div class="doc-buttons" data-doc="${esc(path)}"><span>${esc(label)}:</span>
    <button class="btn small" type="button" data-format="pdf">Скачать PDF</button>
    <button class="btn small secondary" type="button" data-format="docx">Word (DOCX)</button>
    <div class="doc-status" aria-live="polite"></div></div>`;
}

/// Wires every `documentButtons` block inside `root` (each block once: pages are drawn again into the same root).
export function wireDocuments(root) {
  root.querySelectorAll('.doc-buttons:not([data-wired])').forEach((box) => {
    box.dataset.wired = '1';
    box.addEventListener('click', async (e) => {
      const b = e.target.closest('[data-format]');
      if (!b) return;
      const status = box.querySelector('.doc-status');
      b.disabled = true;
      status.textContent = b.dataset.format === 'pdf' ? 'Готовим PDF…' : '';
      try {
        await downloadFile(`${box.dataset.doc}?format=${b.dataset.format}`);
        status.textContent = '';
      } catch (err) {
        status.innerHTML = notice('err', esc(err.message));
      } finally {
        b.disabled = false;
      }
    });
  });
}
