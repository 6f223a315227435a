// A group's Moodle course (optional, seed 001 §22): shown on the group's card when the server is connected to a Moodle
// site — the course's number, pushing the group's learners there, and who is in the course.
import { api } from '../api.js';
import { esc, field, fmtDate, handleForm, notice, plural } from '../ui.js';

/// Appends the section to `holder` when Moodle is configured; nothing otherwise.
export async function moodleSection(g, holder) {
  const settings = await api.get('/api/v1/moodle/settings').catch(() => ({ enabled: false }));
  if (!settings.enabled) return;
  const box = document.createElement('section');
  box.className = 'card';
  box.id = 'moodle';
  holder.append(box);
  const draw = async (message = '') => {
    const m = await api.get(`/api/v1/groups/${g.id}/moodle`);
    box.innerHTML = `<h2>Moodle</h2><p class="muted">Обучающихся группы можно отправить на курс системы дистанционного
      обучения ${esc(settings.site)}: кого там нет — зарегистрировать (Moodle пришлёт им пароль на почту), и записать
      на курс студентами. Отправить ещё раз — добавить новых.</p>${message}
      <form id="moodle-form" novalidate><div class="row">${field('courseId', 'Номер курса в Moodle', {
        type: 'number', value: m.courseId ? String(m.courseId) : '', attrs: 'min="1" inputmode="numeric"',
        hint: 'Число из адреса курса: …/course/view.php?id=<strong>7</strong>' })}</div><div class="form-notice"></div>
      <div class="actions"><button class="btn secondary" type="submit">Сохранить курс</button><button class="btn"
      type="button" id="moodle-push"${m.courseId && m.learners.length ? '' : ' disabled'}>Отправить обучающихся
      в Moodle</button></div></form>${m.learners.length ? `<table class="list"><thead><tr><th>Обучающийся</th>
      <th>На курсе</th><th>Отправлен</th></tr></thead><tbody>${m.learners.map((l) => `<tr><td
      data-label="Обучающийся">${esc(l.name)}<br><span class="muted">${esc(l.email)}</span></td><td
      data-label="На курсе">${l.inCourse ? `<span class="badge good">да</span>${l.createdAccount
        ? ' <span class="muted">(учётная запись создана)</span>' : ''}` : '<span class="badge">нет</span>'}</td><td
      data-label="Отправлен">${l.pushedAt ? fmtDate(l.pushedAt) : '—'}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">В группе пока нет обучающихся.</p>'}`;
    handleForm(box.querySelector('#moodle-form'), async (d) => {
      await api.put(`/api/v1/groups/${g.id}/moodle`, { courseId: d.courseId ? Number(d.courseId) : null });
      await draw(notice('ok', 'Курс сохранён'));
    });
    box.querySelector('#moodle-push').addEventListener('click', async (e) => {
      e.target.disabled = true;
      try {
        const r = await api.post(`/api/v1/groups/${g.id}/moodle/push`);
        await draw(notice('ok', `Отправлено: ${plural(r.learners, 'обучающийся', 'обучающихся', 'обучающихся')}`
          + `${r.createdAccounts ? `, новых учётных записей: ${r.createdAccounts}` : ''}.`));
      } catch (err) {
        box.querySelector('.form-notice').innerHTML = notice('err', esc(err.message));
        e.target.disabled = false;
      }
    });
  };
  await draw();
}
