// Requests for new programs: a learner's composed program, an employer's development request; ЦОПП staff work them.
import { api, currentUser } from '../api.js';
import { esc, field, handleForm, notice, setMain, fmtDate, ask } from '../ui.js';

const statusNames = { new: 'Новая', in_work: 'В работе', done: 'Выполнена', rejected: 'Отклонена' };
const kindNames = { learner_composed: 'Своя программа обучающегося',
  employer_development: 'Разработка программы для работодателя' };

export async function page() {
  const user = currentUser();
  const staff = ['admin', 'copp_staff'].some((r) => user.roles.includes(r));
  const list = await api.get('/api/v1/program-requests?limit=200');
  setMain(`<h1>Заявки на программы</h1>
    ${user.roles.includes('employer') ? `<details
      class="card"><summary><strong>Заказать разработку программы</strong></summary><form id="req-form" novalidate><div
      class="form-notice"></div>
      ${field('title', 'Какая программа нужна', { required: true })}${field('description',
        'Требования к результатам обучения', { type: 'textarea' })}
      ${field('learnersCount', 'Сколько сотрудников обучить', { type: 'number', attrs: 'min="1"' })}<button class="btn"
        type="submit">Отправить в ЦОПП</button></form></details>` : ''}
    <div id="req-status" aria-live="polite"></div>
    <table class="list"><thead><tr><th>Заявка</th><th>Кто</th><th>Статус</th><th></th></tr></thead><tbody>
    ${list.items.map((r) => `<tr data-id="${r.id}"><td data-label="Заявка"><strong>${esc(r.title)}</strong><br><span
      class="muted">${kindNames[r.kind]} · ${fmtDate(r.createdAt)}</span>
      ${r.modules.length ? `<br>Модули: ${r.modules.map((m) => esc(m.name)).join(', ')}` : ''}${r.learnersCount
        ? `<br>Слушателей: ${r.learnersCount}` : ''}
      ${r.staffComment ? `<br>Комментарий ЦОПП: ${esc(r.staffComment)}` : ''}</td>
      <td data-label="Кто">${esc(r.requester.name)}${r.organization ? `<br>${esc(r.organization.shortName)}` : ''}</td>
      <td data-label="Статус">${statusNames[r.status]}</td>
      <td>${staff ? `<div class="actions">${r.status === 'new'
        ? '<button class="btn small" data-act="take">В работу</button>' : ''}
        ${r.status === 'in_work' ? '<button class="btn small" data-act="complete">Выполнена</button>' : ''}
        ${r.status === 'new' || r.status === 'in_work'
          ? '<button class="btn small danger" data-act="reject">Отклонить</button>' : ''}</div>`
          : ''}</td></tr>`).join('')
      || '<tr><td colspan="4" class="muted">Заявок нет</td></tr>'}</tbody></table>`, 'Заявки на программы');
  const form = document.getElementById('req-form');
  if (form) handleForm(form, async (d) => {
    await api.post('/api/v1/program-requests', { kind: 'employer_development', title: d.title,
      description: d.description, learnersCount: d.learnersCount ? Number(d.learnersCount) : undefined });
    page();
  });
  document.querySelector('tbody').addEventListener('click', async (e) => {
    const act = e.target.dataset.act;
    if (!act) return;
    const comment = act === 'reject' ? await ask({ title: 'Отказать в заявке?', confirmLabel: 'Отказать', danger: true,
      input: { label: 'Причина отказа', required: true, hint: 'Автор заявки получит её в сообщении' } })
      : act === 'complete' ? await ask({ title: 'Заявка выполнена?', confirmLabel: 'Отметить выполненной',
        input: { label: 'Комментарий (необязательно)' } }) : '';
    if (comment === null) return;
    try { await api.post(`/api/v1/program-requests/${e.target.closest('tr').dataset.id}/${act}`, { comment }); page(); }
    catch (err) { document.getElementById('req-status').innerHTML = notice('err', esc(err.message)); }
  });
}

export async function favorites() {
  const [fav, history] = await Promise.all([api.get('/api/v1/me/favorites'), api.get('/api/v1/me/search-history')]);
  setMain(`<h1>Избранное и история поиска</h1>
    <div class="card"><h2>Избранные программы</h2><ul>${fav.items.map((p) => `<li><a
      href="#/catalog/${p.id}">${esc(p.fullName)}</a>
      <span class="muted">${esc(p.organization.shortName)}</span></li>`).join('')
        || '<li class="muted">Пока пусто — отмечайте программы звёздочкой</li>'}</ul></div>
    <div class="card"><h2>История поиска</h2><ul>${history.items.map((h) => `<li><a
      href="#/catalog?${new URLSearchParams({ q: h.query, ...h.filters })}">${esc(h.query)}</a>
      <span class="muted">${fmtDate(h.at)}</span></li>`).join('') || '<li class="muted">История пуста</li>'}</ul>
      ${history.items.length ? '<button class="btn secondary" id="clear">Очистить историю</button>' : ''}</div>`,
        'Избранное');
  document.getElementById('clear')?.addEventListener('click',
    async () => { await api.del('/api/v1/me/search-history'); favorites(); });
}
