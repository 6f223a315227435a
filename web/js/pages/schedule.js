// Week schedules: the person's own (studying and teaching), the region's or an organization's with filters, and the
// load of rooms and workshops.
import { api } from '../api.js';
import { esc, notice, queryParams, setMain } from '../ui.js';
import { requireMenu } from '../shell.js';

const dayNames = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье'];
const dayShort = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];
const fmtDay = (d) => d.split('-').reverse().join('.');

function addDays(iso, n) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function weekNav(monday, base, extra = '') {
  return `<nav class="week-nav" aria-label="Неделя"><a class="btn secondary small"
    href="#${base}?date=${addDays(monday, -7)}${extra}">← Предыдущая</a>
    <strong>${fmtDay(monday)} — ${fmtDay(addDays(monday, 6))}</strong>
    <a class="btn secondary small" href="#${base}?date=${addDays(monday, 7)}${extra}">Следующая →</a></nav>`;
}

function days(monday, lessons, withGroup = true) {
  return dayNames.map((name, i) => {
    const day = addDays(monday, i);
    const today = lessons.filter((l) => l.date === day);
    return `<div class="card day${today.length ? '' : ' empty'}"><h2>${name}, ${fmtDay(day).slice(0, 5)}</h2>${today
      .length
      ? `<ul>${today.map((l) => `<li><strong>${l.startTime}–${l.endTime}</strong>
      ${esc(l.topic || l.program.fullName)}${withGroup ? `<br><span
        class="muted">${esc(l.group.name)} · ${esc(l.organization.shortName)}</span>` : ''}
      ${l.room ? `<br>Ауд.: ${esc(l.room.name)}` : ''}${l.teacher ? `<br>Преподаватель: ${esc(l.teacher.name)}` : ''}
      ${l.role === 'teacher' ? ' <span class="badge">веду</span>' : ''}${l.conference ? `<br><button class="btn small"
        data-join="${l.group.id}/${l.id}">Подключиться онлайн</button>` : ''}</li>`).join('')}</ul>`
        : '<p class="muted">Занятий нет</p>'}</div>`;
  }).join('');
}

export async function mine() {
  const q = queryParams();
  // without a date the schedule opens on the week of the next lesson, not on an empty current week
  const week = await api.get(`/api/v1/me/schedule?${q.get('date') ? `date=${encodeURIComponent(q.get('date'))}`
    : 'upcoming=true'}`);
  setMain(`<h1>Моё расписание</h1>${weekNav(week.monday, '/schedule')}${week.lessons.length ? ''
    : notice('warn', q.get('date') ? 'На этой неделе ваших занятий нет.' : 'Предстоящих занятий нет. Здесь '
      + 'появятся занятия групп, в которых вы учитесь или преподаёте, когда организация составит их расписание.')}
    <div id="join-status" aria-live="polite"></div><div class="week">${days(week.monday,
    week.lessons)}</div>`, 'Моё расписание');
  // a lesson's web conference: the address is the person's own (a BigBlueButton join signed for them)
  document.querySelector('#main .week').addEventListener('click', async (e) => {
    const b = e.target.closest('[data-join]');
    if (!b) return;
    const [group, lesson] = b.dataset.join.split('/');
    b.disabled = true;
    try {
      const { url } = await api.post(`/api/v1/groups/${group}/schedule/${lesson}/conference/join`);
      location.assign(url);
    } catch (err) {
      document.getElementById('join-status').innerHTML = notice('err', esc(err.message));
    } finally { b.disabled = false; }
  });
}

export async function region() {
  requireMenu('#/schedule/all');
  const q = queryParams();
  const params = new URLSearchParams();
  for (const k of ['date', 'organizationId', 'groupId', 'teacherId', 'roomId']) if (q.get(k)) params.set(k, q.get(k));
  const [week, load] = await Promise.all([api.get(`/api/v1/schedule?${params}`),
    api.get(`/api/v1/schedule/rooms?${params.has('date') ? `date=${params.get('date')}` : ''}`)]);
  const extra = [...params].filter(([k]) => k !== 'date').map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
  setMain(`<h1>Расписание занятий</h1>${weekNav(week.monday, '/schedule/all', extra)}
    <div class="week">${days(week.monday, week.lessons)}</div>
    <h2>Загрузка помещений и мастерских</h2>
    <div class="table-scroll"><table class="list"><thead><tr><th>Помещение</th>${dayShort.map((n, i) => `<th><abbr
      title="${dayNames[i]}">${n}</abbr></th>`).join('')}</tr></thead><tbody>
    ${load.rooms.map((r) => `<tr><th scope="row">${esc(r.name)}<br><span
      class="muted">${esc(r.organization)}</span></th>${(r.days || []).map((d) => `<td
      data-label="${fmtDay(d.date)}">${d.lessons ? `${d.academicHours} ак. ч` : '—'}</td>`).join('')}</tr>`).join('')
      || '<tr><td colspan="8" class="muted">Помещений нет. Их добавляют в «Инвентаризации»'
        + ' организации.</td></tr>'}</tbody></table></div>`, 'Расписание занятий');
}
