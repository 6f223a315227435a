// Results of tests (seed 000 «Результаты тестов»): every attempt of the organization's tests with filters and CSV,
// and one attempt as the teacher reviews it — the learner's answers beside the correct ones.
import { api } from '../api.js';
import { esc, field, fmtDate, notice, setMain } from '../ui.js';
import { requireMenu } from '../shell.js';
import { listPage } from './tests.js';
import { result } from './test-taking.js';

const statusNames = { active: 'Идёт', finished: 'Завершена', expired: 'Время истекло' };

export async function results() {
  requireMenu('#/tests');
  const tests = await api.get('/api/v1/tests?limit=200');
  await listPage({
    tab: '#/tests/results', title: 'Результаты тестов', path: '/api/v1/test-attempts', csv: 'test-results.csv',
    empty: 'Попыток по этим условиям нет.',
    filters: (p) => `${field('testId', 'Тест', { options: [['', 'Все'], ...tests.items.map((t) => [t.id, t.name])],
      value: p.get('testId') || '' })}${field('q', 'Обучающийся', { value: p.get('q') || '', hint: 'Часть ФИО' })}
      ${field('status', 'Попытка', { options: [['', 'Все'], ...Object.entries(statusNames)],
        value: p.get('status') || '' })}${field('passed', 'Итог', { options: [['', 'Все'], ['true', 'Пройден'],
        ['false', 'Не пройден']], value: p.get('passed') || '' })}`,
    head: '<th>Обучающийся</th><th>Тест</th><th>Группа</th><th>Попытка</th><th>Результат</th><th>Начата</th>',
    row: (a) => `<tr><td><a href="#/tests/attempts/${a.id}">${esc(a.learner)}</a></td><td>${esc(a.test)}</td>
      <td>${esc(a.group)}</td><td>${a.number}: ${statusNames[a.status]}</td><td>${a.score == null ? '—'
      : `${a.score} из ${a.maxScore} <span class="badge ${a.passed ? 'good' : 'bad'}">${a.percent}%</span>`}</td>
      <td>${fmtDate(a.startedAt)}${a.minutes != null ? `<br><span class="muted">${String(a.minutes)
        .replace('.', ',')} мин</span>` : ''}</td></tr>`,
  });
}

export async function review(id) {
  requireMenu('#/tests');
  const a = await api.get(`/api/v1/test-attempts/${id}`);
  if (a.status === 'active') {
    setMain(`<h1>${esc(a.name)}</h1><p>${esc(a.learner)}</p>${notice('warn', `Попытка ${a.number} ещё идёт: она
      закончится до ${fmtDate(a.deadline)}. Ответы и результат будут видны после неё.`)}<p class="actions"><a
      class="btn secondary" href="#/tests/results?testId=${a.testId}">К результатам</a></p>`, a.name);
    return;
  }
  result(a, { staff: true });
}
