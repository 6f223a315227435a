// Mass applications (seed 001 §11-12): an employer's employees or a college's teachers for a program, uploaded as CSV
// (as Excel saves it) with a progress bar; every bad cell is listed by row and column, and nothing is saved until all
// are right.
import { api, currentUser, sendWithProgress } from '../api.js';
import { esc, field, notice, fmtDate, applicationStatusNames, plural, setMain } from '../ui.js';
import { requireMenu } from '../shell.js';

const batchStatusNames = { submitted: 'Подана', in_progress: 'В работе', processed: 'Обработана' };
const columnNames = { lastName: 'Фамилия', firstName: 'Имя', middleName: 'Отчество', email: 'E-mail', snils: 'СНИЛС',
  position: 'Должность', phone: 'Телефон', birthDate: 'Дата рождения', sex: 'Пол' };

// what the last upload said, shown above the redrawn list (the page is drawn anew to list the new batch)
let submitted = null;

export async function page() {
  requireMenu('#/application-batches');
  const user = currentUser();
  const kind = user.roles.includes('employer') ? 'employees' : 'teachers';
  const batches = await api.get('/api/v1/application-batches?limit=100');
  setMain(`<h1>Пакетные заявки</h1>
    <form id="batch-form" class="card" novalidate><h2>${kind === 'employees' ? 'Записать сотрудников на обучение'
      : 'Направить педагогов на повышение квалификации'}</h2>
      <div class="form-notice"></div>
      ${field('programSearch', 'Программа: начните вводить название',
        { hint: 'Выберите программу из найденных в каталоге' })}
      ${field('programId', 'Найденные программы', { required: true, options: [['', '— сначала найдите программу —']] })}
      ${field('file', 'Файл CSV', { type: 'file', required: true, attrs: 'accept=".csv,text/csv"',
        hint: 'Обязательные столбцы: Фамилия; Имя; E-mail; СНИЛС; Должность. Можно также Отчество, Телефон, Дата '
          + 'рождения, Пол. Файл CSV из Excel («CSV (разделители — точки с запятой)») или в UTF-8.' })}
      <p><a id="batch-template" download="шаблон-пакетной-заявки.csv" href="#">Скачать шаблон CSV</a></p>
      ${field('comment', 'Комментарий', { type: 'textarea' })}
      <progress id="upload-progress" max="1" value="0" hidden aria-label="Загрузка файла"></progress>
      <button class="btn" type="submit">Отправить заявку</button></form>
    <div id="row-errors"></div>
    <h2>Поданные пакеты</h2>
    <table class="list"><thead><tr><th>№</th><th>Программа</th><th>Человек</th><th>Статус</th><th>По
      статусам</th></tr></thead><tbody>
    ${batches.items.map((b) => `<tr><td data-label="№"><a
      href="#/applications?batchId=${b.id}">${b.number}</a><br><span class="muted">${fmtDate(b.createdAt)}</span></td>
      <td data-label="Программа">${esc(b.program.fullName)}<br><span
        class="muted">отправитель: ${esc(b.organization.shortName)}</span></td><td
        data-label="Человек">${b.size}</td>
      <td data-label="Статус">${batchStatusNames[b.status] || ''}</td>
      <td data-label="По статусам">${Object.entries(b.counts).map(([s,
        n]) => `${applicationStatusNames[s]}: ${n}`).join(', ')}</td></tr>`).join('')
        || '<tr><td colspan="5" class="muted">Пакетов пока нет. Выберите программу и загрузите файл CSV по шаблону'
          + ' выше.</td></tr>'}</tbody></table>`,
  'Пакетные заявки');
  if (submitted) {
    document.getElementById('batch-form').querySelector('.form-notice').innerHTML = notice('ok', esc(submitted));
    submitted = null;
  }
  const form = document.getElementById('batch-form');
  // a template Excel opens with the columns in place (the mark tells it the file is UTF-8)
  const template = '\uFEFFФамилия;Имя;Отчество;E-mail;СНИЛС;Должность;Телефон;Дата рождения;Пол\r\n'
    + 'Иванова;Анна;Сергеевна;ivanova@example.ru;112-233-445 95;Мастер участка;+7 900 000-00-00;1990-05-14;Ж\r\n';
  document.getElementById('batch-template').href = URL.createObjectURL(new Blob([template], { type: 'text/csv' }));
  const select = document.getElementById('f-programId');
  let timer;
  document.getElementById('f-programSearch').addEventListener('input', (e) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const found = await api.get(`/api/v1/catalog/programs?limit=20&q=${encodeURIComponent(e.target.value)}`);
      select.innerHTML = found.items.map((p) => `<option
        value="${p.id}">${esc(p.fullName)} — ${esc(p.organization.shortName)} · ${esc(p.studyForm?.name || '')},
        ${Number(p.hours).toLocaleString('ru-RU')} ч</option>`).join('')
        || '<option value="">Ничего не найдено</option>';
    }, 300);
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const errorsBox = document.getElementById('row-errors');
    const formNotice = form.querySelector('.form-notice');
    errorsBox.innerHTML = ''; formNotice.innerHTML = '';
    const file = document.getElementById('f-file').files[0];
    if (!select.value || !file) { formNotice.innerHTML = notice('err', 'Выберите программу и файл'); return; }
    const progress = document.getElementById('upload-progress');
    progress.hidden = false; progress.value = 0;
    const params = new URLSearchParams({ programId: select.value, kind });
    const comment = document.getElementById('f-comment').value.trim();
    if (comment) params.set('comment', comment);
    try {
      const batch = await sendWithProgress('POST', `/api/v1/application-batches?${params}`, file,
        'text/csv', (p) => { progress.value = p; });
      progress.value = 1;
      submitted = `Пакет № ${batch.number} принят: ${plural(batch.size, 'заявка', 'заявки', 'заявок')}. Организация `
        + 'получила уведомление.';
      if (location.hash.startsWith('#/application-batches')) await page();
    } catch (err) {
      progress.hidden = true;
      formNotice.innerHTML = notice('err', esc(err.message));
      const rows = (err.fieldErrors || []).map((fe) => {
        const m = fe.field.match(/^rows\[(\d+)\]\.(\w+)$/);
        return m ? `<tr><td data-label="Строка">${Number(m[1]) + 2}</td><td data-label="Столбец">${columnNames[m[2]]
          || m[2]}</td><td data-label="Ошибка">${esc(fe.message)}</td></tr>`
          : `<tr><td colspan="2">${esc(fe.field)}</td><td>${esc(fe.message)}</td></tr>`;
      });
      if (rows.length) errorsBox.innerHTML = `<div class="card"><h2>Ошибки в файле</h2><p
        class="muted">Номер строки — как в файле (строка 1 — заголовок).</p>
        <table class="list"
          id="batch-errors"><thead><tr><th>Строка</th><th>Столбец</th><th>Ошибка</th></tr></thead>
          <tbody>${rows.join('')}</tbody></table></div>`;
    }
  });
}
