// The group's journal (SPEC §8). On a desktop a grid of learners × lessons, a window of lessons wide enough to keep
// the totals in view (arrows and Enter move between cells); on a phone one lesson at a time, a list of learners with
// a picker each. A cell is saved when changed; a refused mark goes back to what was saved, with the reason; the totals
// come from the server's answer, so they change with the mark.
import { api, downloadCSV } from '../api.js';
import { esc, fmtDate, notice } from '../ui.js';
import { answerBadge, answerStatusNames, gradeText } from './check-tasks.js';

const MARKS = ['5', '4', '3', '2', '1', 'Н', 'Б', 'О'];
const MARK_NAMES = { Н: 'Н — отсутствие', Б: 'Б — болезнь', О: 'О — опоздание' };
const FINALS = ['5', '4', '3', '2', 'зачтено', 'не зачтено'];
const WEEKDAYS = ['Вс', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'];
const day = (iso) => iso.split('-').reverse().slice(0, 2).join('.');
const weekday = (iso) => WEEKDAYS[new Date(`${iso}T12:00:00`).getDay()];
const localToday = () => { const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 10); };
// Latin letters typed on an English layout mean the Cyrillic ones
const normalize = (v) => v.trim().toUpperCase().replace('H', 'Н').replace('B', 'Б').replace('O', 'О');

export async function gradebookTab(g, holder) {
  let j = await api.get(`/api/v1/groups/${g.id}/gradebook`);
  const today = localToday();
  const ahead = (l) => l.date > today;
  // the lesson to show first: the last one held (the one a teacher marks now), else the first
  const lastHeld = Math.max(0, j.lessons.map((l) => !ahead(l)).lastIndexOf(true));
  const phone = matchMedia('(max-width: 760px)').matches;
  holder.innerHTML = `<p class="muted">Оценка 1–5 или отметка: Н — отсутствие, Б — болезнь, О — опоздание. Занятия,
    которые ещё впереди, заполнить нельзя.${phone ? '' : ' Стрелки и Enter — переход между клетками.'}</p>
    <p class="actions"><button class="btn secondary" id="journal-csv">Выгрузить CSV</button></p>
    <div id="journal-status" aria-live="polite"></div><div id="journal-view"></div><div id="journal-tests"></div>
    <div id="journal-tasks"></div>`;
  document.getElementById('journal-csv').addEventListener('click',
    () => downloadCSV(`/api/v1/groups/${g.id}/gradebook`, 'gradebook.csv'));
  testsTable(j, document.getElementById('journal-tests'));
  tasksTable(j, document.getElementById('journal-tasks'));
  const view = document.getElementById('journal-view');
  const status = (h) => { document.getElementById('journal-status').innerHTML = h; };
  const rowOf = (appId) => j.rows.find((r) => r.applicationId === appId);
  const lessonOf = (id) => j.lessons.find((l) => l.id === id);
  if (!j.rows.length) { view.innerHTML = notice('warn', 'В группе нет обучающихся: журнал появится после зачисления.');
    return; }
  if (!j.lessons.length) { view.innerHTML = notice('warn', 'У группы нет занятий: составьте расписание на вкладке '
    + `<a href="#/groups/${g.id}/schedule">«Расписание»</a>.`); return; }

  /// Saves one cell or the final grade; on refusal puts the saved value back and says why.
  async function save(control) {
    const appId = control.dataset.app;
    const row = rowOf(appId);
    const saved = control.dataset.saved || '';
    if (control.dataset.lesson) {
      const lesson = lessonOf(control.dataset.lesson);
      const mark = normalize(control.value);
      const where = `${row.name}, ${day(lesson.date)}`;
      if (mark && !MARKS.includes(mark)) {
        control.value = saved;
        status(notice('err', `${esc(where)}: «${esc(mark)}» — не оценка. Оценка 1–5 или Н, Б, О.`));
        return;
      }
      control.value = mark;
      if (mark === saved) return;
      try {
        j = await api.put(`/api/v1/groups/${g.id}/gradebook/marks`, { applicationId: appId, lessonId: lesson.id,
          mark: mark || null });
        control.dataset.saved = mark;
        status(notice('ok', `Сохранено: ${esc(where)} — ${mark ? esc(MARK_NAMES[mark] || mark) : 'очищено'}`));
      } catch (err) {
        control.value = saved;
        status(notice('err', `${esc(where)}: ${esc(err.fieldErrors?.[0]?.message || err.message)}`));
      }
    } else {
      try {
        j = await api.put(`/api/v1/groups/${g.id}/gradebook/final`, { applicationId: appId,
          grade: control.value || null });
        control.dataset.saved = control.value;
        status(notice('ok', `Сохранено: ${esc(row.name)} — итоговая ${esc(control.value || 'очищена')}`));
      } catch (err) {
        control.value = saved;
        status(notice('err', `${esc(row.name)}: ${esc(err.fieldErrors?.[0]?.message || err.message)}`));
      }
    }
    showTotals();
  }

  // a Russian decimal comma: 4,67
  const totals = (r) => ({ average: r.average == null ? '—' : Number(r.average).toLocaleString('ru-RU'),
    absences: r.absent + r.sick, rating: r.rating ?? '—' });
  function showTotals() {
    for (const r of j.rows) {
      const t = totals(r);
      view.querySelectorAll(`[data-totals="${r.applicationId}"]`).forEach((el) => {
        el.querySelector('[data-average]').textContent = t.average;
        el.querySelector('[data-absences]').textContent = t.absences;
        el.querySelector('[data-rating]')?.replaceChildren(String(t.rating));
      });
    }
  }

  const finalPicker = (r, label) => `<select class="final" data-app="${r.applicationId}" data-saved="${esc(r.finalGrade
    || '')}" aria-label="${esc(label)}"${j.canGrade ? '' : ' disabled'}>${['', ...FINALS].map((v) => `<option
    value="${v}"${v === (r.finalGrade || '') ? ' selected' : ''}>${v || '—'}</option>`).join('')}</select>`;

  view.addEventListener('change', (e) => {
    if (e.target.matches('.mark, .final')) save(e.target);
  });
  if (phone) byLesson(lastHeld); else grid(lastHeld);

  /// The phone: one lesson (or the final grade) at a time, every learner a line with a picker.
  function byLesson(index) {
    const options = j.lessons.map((l, i) => `<option value="${i}"${i === index ? ' selected' : ''}>${day(l.date)}
      ${weekday(l.date)} ${l.startTime}${l.topic ? ` — ${esc(l.topic.slice(0, 40))}` : ''}${ahead(l) ? ' (впереди)'
      : ''}</option>`).join('');
    view.innerHTML = `<div class="field"><label for="journal-lesson">Занятие</label><select id="journal-lesson">
      ${options}<option value="final"${index === 'final' ? ' selected' : ''}>Итоговая оценка</option></select></div>
      <div class="actions spaced"><button class="btn secondary small" id="lesson-prev">← Предыдущее</button>
      <button class="btn secondary small" id="lesson-next">Следующее →</button></div><ul class="journal-list"></ul>`;
    const list = view.querySelector('.journal-list');
    const draw = (i) => {
      const l = i === 'final' ? null : j.lessons[i];
      const closed = !j.canGrade || (l && ahead(l));
      list.innerHTML = (l && ahead(l)
        ? `<li>${notice('warn', 'Это занятие ещё впереди: отметки ставят в его день.')}</li>`
        : '') + j.rows.map((r) => {
        const t = totals(r);
        const picker = l ? `<select class="mark" data-app="${r.applicationId}" data-lesson="${l.id}"
          data-saved="${esc(r.marks[l.id] || '')}" aria-label="${esc(r.name)}, ${day(l.date)}"${closed ? ' disabled'
          : ''}>${['', ...MARKS].map((m) => `<option value="${m}"${m === (r.marks[l.id] || '') ? ' selected'
          : ''}>${m ? esc(MARK_NAMES[m] || m) : '—'}</option>`).join('')}</select>`
          : finalPicker(r, `Итоговая оценка: ${r.name}`);
        return `<li class="card"><strong>${esc(r.name)}</strong><div class="muted" data-totals="${r.applicationId}">
          Средняя: <span data-average>${t.average}</span> · Пропуски: <span data-absences>${t.absences}</span></div>
          ${picker}</li>`;
      }).join('');
    };
    const select = view.querySelector('#journal-lesson');
    const move = (step) => {
      const i = select.value === 'final' ? j.lessons.length : Number(select.value);
      const next = Math.min(j.lessons.length, Math.max(0, i + step));
      select.value = next === j.lessons.length ? 'final' : String(next);
      draw(select.value === 'final' ? 'final' : next);
    };
    select.addEventListener('change', () => draw(select.value === 'final' ? 'final' : Number(select.value)));
    view.querySelector('#lesson-prev').addEventListener('click', () => move(-1));
    view.querySelector('#lesson-next').addEventListener('click', () => move(1));
    draw(index);
  }

  /// The desktop: as many lesson columns as fit beside the name and the totals; ← → move the window.
  function grid(focusIndex) {
    // name ~170 px, the four totals ~340 px, a lesson ~58 px; windows are whole pages (1–5, 6–10…), so «Ранее» and
    // «Позже» are each other's way back
    const width = view.clientWidth || 800;
    const size = Math.max(3, Math.min(j.lessons.length, Math.floor((width - 170 - 340) / 58)));
    let start = Math.floor(focusIndex / size) * size;
    const draw = () => {
      const shown = j.lessons.slice(start, start + size);
      view.innerHTML = `${j.lessons.length > size ? `<div class="week-nav"><button class="btn secondary small"
        id="lessons-prev"${start === 0 ? ' disabled' : ''}>← Ранее</button><span>Занятия ${start + 1}–${start
        + shown.length} из ${j.lessons.length}</span><button class="btn secondary small" id="lessons-next"${start
        + size >= j.lessons.length ? ' disabled' : ''}>Позже →</button></div>` : ''}
        <table class="list journal" id="journal"><thead><tr><th scope="col">Обучающийся</th>${shown.map((l) => `<th
        scope="col" title="${esc(l.topic || '')}"${ahead(l) ? ' class="ahead"' : ''}>${day(l.date)}<br><span
        class="muted">${weekday(l.date)} ${l.startTime}</span></th>`).join('')}<th scope="col">Средняя</th><th
        scope="col">Пропуски</th><th scope="col">Итоговая</th><th scope="col">Рейтинг</th></tr></thead><tbody>
        ${j.rows.map((r, ri) => `<tr data-totals="${r.applicationId}"><th scope="row">${esc(r.name)}</th>
          ${shown.map((l, ci) => `<td><input class="mark" data-row="${ri}" data-col="${ci}"
            data-app="${r.applicationId}"
            data-lesson="${l.id}" data-saved="${esc(r.marks[l.id] || '')}" value="${esc(r.marks[l.id] || '')}"
            maxlength="1" size="2" autocomplete="off" aria-label="${esc(r.name)}, ${day(l.date)}"${j.canGrade
            && !ahead(l) ? '' : ' readonly tabindex="-1"'}></td>`).join('')}
          <td data-average>${totals(r).average}</td><td data-absences>${totals(r).absences}</td>
          <td>${finalPicker(r, `Итоговая оценка: ${r.name}`)}</td><td data-rating>${totals(r).rating}</td></tr>`)
          .join('')}</tbody></table>`;
      view.querySelector('#lessons-prev')?.addEventListener('click', () => {
        start = Math.max(0, start - size); draw();
      });
      view.querySelector('#lessons-next')?.addEventListener('click', () => { start += size; draw(); });
    };
    view.addEventListener('keydown', (e) => {
      const input = e.target.closest('input.mark');
      if (!input) return;
      const r = Number(input.dataset.row), c = Number(input.dataset.col);
      const to = { ArrowRight: [r, c + 1], ArrowLeft: [r, c - 1], ArrowDown: [r + 1, c], ArrowUp: [r - 1, c],
        Enter: [r + 1, c] }[e.key];
      const next = to && view.querySelector(`input.mark[data-row="${to[0]}"][data-col="${to[1]}"]:not([readonly])`);
      if (next) { e.preventDefault(); next.focus(); next.select(); }
    });
    draw();
  }
}

/// The tests given to the group, a column each beside the journal (not lesson marks: a test's result does not move
/// the average of the teacher's grades): each learner's best closed attempt, whether one passed, how many were made.
function testsTable(j, holder) {
  if (!j.tests?.length || !j.rows.length) return;
  const cell = (r, t) => {
    const x = r.tests?.[t.id];
    if (!x) return '<span class="muted">—</span>';
    return `<span class="badge ${x.passed ? 'good' : 'bad'}">${x.percent ?? 0}%</span> <span class="muted">${x.passed
      ? 'пройден' : 'не пройден'}, попыток: ${x.attempts}</span>`;
  };
  holder.innerHTML = `<h2>Тесты</h2><p class="muted">Лучший результат из завершённых попыток; проходной балл задан в
    тесте. Подробности — в <a href="#/tests/results">результатах тестов</a>.</p><table class="list"><thead><tr><th
    scope="col">Обучающийся</th>${j.tests.map((t) => `<th scope="col"><a href="#/tests/${t.id}">${esc(t.name)}</a>
    </th>`).join('')}</tr></thead><tbody>${j.rows.map((r) => `<tr><th scope="row">${esc(r.name)}</th>${j.tests
    .map((t) => `<td>${cell(r, t)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/// The check tasks given to the group, a column each (a «зачёт» or a score of 1–10 is not a lesson mark, so it does
/// not move the average): each learner's grade, or where the answer is; a cell opens the answer to grade it.
function tasksTable(j, holder) {
  if (!j.checkTasks?.length || !j.rows.length) return;
  const cell = (r, t) => {
    const x = r.checkTasks?.[t.id];
    if (!x) return '<span class="muted">не сдано</span>';
    const failed = t.grading === 'pass_fail' ? x.grade === 0 : x.grade <= (t.grading === 'score_1_5' ? 2 : 4);
    return `<a href="#/check-tasks/answers/${x.id}">${x.grade != null ? `<span class="badge ${failed ? 'bad'
      : 'good'}">${esc(gradeText(t.grading, x.grade))}</span>` : `<span class="badge ${answerBadge[x.status]}">${
      answerStatusNames[x.status]}</span>`}</a>`;
  };
  holder.innerHTML = `<h2>Проверочные задания</h2><p class="muted">Оценки за задания не входят в средний балл.
    Проверить ответы — в разделе <a href="#/check-tasks/answers">«Выполненные задания»</a>.</p><div
    class="table-scroll"><table class="list"><thead><tr><th scope="col">Обучающийся</th>${j.checkTasks
    .map((t) => `<th scope="col"><a
    href="#/check-tasks/${t.id}">${esc(t.name)}</a>${t.dueAt ? `<br><span class="muted">до ${fmtDate(t.dueAt)}</span>`
    : ''}</th>`).join('')}</tr></thead><tbody>${j.rows.map((r) => `<tr><th scope="row">${esc(r.name)}</th>${j.checkTasks
    .map((t) => `<td data-label="${esc(t.name)}">${cell(r, t)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}
