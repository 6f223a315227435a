// The search engine's synonyms (admins and moderators): what an abbreviation or a word also means in every search —
// «ПК» is «повышение квалификации», «ОВЗ» finds inclusive programs. A change works in the catalog at once.
import { api, downloadCSV } from '../api.js';
import { esc, field, handleForm, notice, setMain, ask } from '../ui.js';
import { requireMenu } from '../shell.js';

export async function list() {
  requireMenu('#/admin/synonyms');
  setMain(`<h1>Синонимы поиска</h1>
    <p class="muted">Когда человек ищет термин, каталог находит и программы со значениями термина. Термин — одно слово
      в любой форме; значение — слово или фраза (фраза находит программы, где есть все её слова).</p>
    <form id="syn-filters" class="filters" role="search">${field('q', 'Поиск по термину или значению')}
      <div class="actions"><button class="btn" type="submit">Найти</button><button class="btn secondary" type="button"
        id="csv">CSV</button></div></form>
    <details class="card" id="editor"><summary><strong id="editor-title">Добавить термин</strong></summary>
      <form id="syn-form" novalidate><div class="form-notice"></div>
        ${field('term', 'Термин', { required: true, hint: 'Одно слово, например: пк, овз, сварка' })}
        ${field('expansions', 'Значения', { type: 'textarea', required: true,
          hint: 'По одному на строку, например: повышение квалификации' })}
        <div class="actions"><button class="btn" type="submit">Сохранить</button><button class="btn secondary"
          type="button" id="syn-reset">Очистить</button></div></form></details>
    <div id="syn-status" aria-live="polite"></div>
    <table class="list"><thead><tr><th>Термин</th><th>Значения</th><th></th></tr></thead>
      <tbody id="syn-rows"></tbody></table>
    <div class="pager"><button class="btn secondary" id="more" hidden>Показать ещё</button></div>`, 'Синонимы поиска');
  let search = '';
  let cursor = null;
  let editing = null;
  const items = new Map();
  const status = (h) => { document.getElementById('syn-status').innerHTML = h; };
  const row = (s) => `<tr data-id="${s.id}"><td data-label="Термин"><strong>${esc(s.term)}</strong></td>
    <td data-label="Значения">${s.expansions.map(esc).join('; ')}</td>
    <td><div class="actions"><button class="btn small secondary" data-edit>Изменить</button><button
      class="btn small danger" data-delete>Удалить</button></div></td></tr>`;
  async function load(append = false) {
    const q = new URLSearchParams({ limit: '100' });
    if (search) q.set('q', search);
    if (append && cursor) q.set('cursor', cursor);
    const page = await api.get(`/api/v1/search-synonyms?${q}`);
    page.items.forEach((s) => items.set(s.id, s));
    const tbody = document.getElementById('syn-rows');
    if (append) tbody.insertAdjacentHTML('beforeend', page.items.map(row).join(''));
    else tbody.innerHTML = page.items.map(row).join('')
      || '<tr><td colspan="3" class="muted">Ничего не найдено</td></tr>';
    cursor = page.nextCursor;
    document.getElementById('more').hidden = !cursor;
  }
  const form = document.getElementById('syn-form');
  const reset = () => { editing = null; form.reset();
    document.getElementById('editor-title').textContent = 'Добавить термин'; };
  document.getElementById('syn-reset').addEventListener('click', reset);
  document.getElementById('syn-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    search = e.target.elements.q.value.trim();
    load();
  });
  document.getElementById('more').addEventListener('click', () => load(true));
  document.getElementById('csv').addEventListener('click', () => downloadCSV(
    `/api/v1/search-synonyms${search ? `?q=${encodeURIComponent(search)}` : ''}`, 'search-synonyms.csv'));
  document.getElementById('syn-rows').addEventListener('click', async (e) => {
    const s = items.get(e.target.closest('tr')?.dataset.id);
    if (!s) return;
    try {
      if (e.target.hasAttribute('data-edit')) {
        editing = s;
        form.elements.term.value = s.term;
        form.elements.expansions.value = s.expansions.join('\n');
        document.getElementById('editor-title').textContent = `Изменить: ${s.term}`;
        document.getElementById('editor').open = true;
        form.elements.expansions.focus();
      } else if (e.target.hasAttribute('data-delete')) {
        if (!await ask({ title: `Удалить термин «${s.term}»?`, text: 'Поиск перестанет понимать его значения.',
          confirmLabel: 'Удалить', danger: true })) return;
        await api.del(`/api/v1/search-synonyms/${s.id}`);
        status(notice('ok', 'Удалено.'));
        load();
      }
    } catch (err) { status(notice('err', esc(err.message))); }
  });
  handleForm(form, async (data) => {
    const body = { term: data.term, expansions: (data.expansions || '').split('\n').map((x) => x.trim())
      .filter(Boolean) };
    if (editing) await api.patch(`/api/v1/search-synonyms/${editing.id}`, body);
    else await api.post('/api/v1/search-synonyms', body);
    status(notice('ok', 'Сохранено. Каталог уже ищет с новыми значениями.'));
    reset();
    load();
  });
  await load();
}
