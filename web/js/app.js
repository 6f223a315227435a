// Hash router and the header menu, which depends on the signed-in user's roles.
import { ApiError, currentUser, onSessionChange, refresh, logout } from './api.js';
import { esc, setMain, startPage } from './ui.js';
import { cabinetFrame } from './shell.js';
import * as publicPages from './pages/public.js';
import * as auth from './pages/auth.js';
import * as cabinet from './pages/cabinet.js';
import * as admin from './pages/admin.js';
import * as staff from './pages/staff.js';
import * as audit from './pages/audit.js';
import * as directories from './pages/directories.js';
import * as synonyms from './pages/synonyms.js';
import * as organizations from './pages/organizations.js';
import * as profile from './pages/profile.js';
import * as inventory from './pages/inventory.js';
import * as modules from './pages/modules.js';
import * as catalog from './pages/catalog.js';
import * as programs from './pages/programs.js';
import * as requests from './pages/requests.js';
import * as applications from './pages/applications.js';
import * as groups from './pages/groups.js';
import * as schedule from './pages/schedule.js';
import * as batches from './pages/batches.js';
import * as registries from './pages/registries.js';
import * as calendar from './pages/calendar.js';
import * as events from './pages/events.js';
import * as eventSignups from './pages/event-signups.js';
import * as documents from './pages/documents.js';
import * as tests from './pages/tests.js';
import * as testQuestions from './pages/test-questions.js';
import * as testResults from './pages/test-results.js';
import * as testTaking from './pages/test-taking.js';
import * as checkTasks from './pages/check-tasks.js';
import * as checkTaskAnswers from './pages/check-task-answers.js';
import * as myCheckTasks from './pages/my-check-tasks.js';
import * as materials from './pages/materials.js';
import * as library from './pages/library.js';
import * as career from './pages/career.js';
import * as careerTests from './pages/career-tests.js';
import * as questionnaires from './pages/questionnaires.js';
import * as surveys from './pages/surveys.js';
import * as expertise from './pages/expertise.js';
import * as contests from './pages/contests.js';
import * as quality from './pages/quality.js';

const routes = [
  [/^\/?$/, publicPages.home],
  [/^\/about$/, publicPages.about],
  // directories are public; the moderators who keep them see them in their cabinet
  [/^\/directories$/, directories.kinds, 'frame'],
  [/^\/directories\/([a-z_]+)$/, directories.list, 'frame'],
  [/^\/priority-competencies$/, directories.priority],
  [/^\/login$/, auth.login],
  [/^\/register$/, auth.registerLearner],
  [/^\/register\/organization$/, auth.registerOrganization],
  [/^\/confirm-email$/, auth.confirmEmail],
  [/^\/forgot$/, auth.forgot],
  [/^\/reset-password$/, auth.resetPassword],
  [/^\/set-password$/, auth.resetPassword],
  [/^\/invitation$/, applications.invitation],
  [/^\/cabinet$/, cabinet.overview, true],
  [/^\/cabinet\/profile$/, cabinet.profile, true],
  [/^\/cabinet\/messages$/, cabinet.messages, true],
  [/^\/cabinet\/password$/, cabinet.password, true],
  [/^\/admin\/users$/, admin.users, true],
  [/^\/admin\/organizations$/, admin.organizations, true],
  [/^\/admin\/audit$/, audit.page, true],
  [/^\/admin\/synonyms$/, synonyms.list, true],
  [/^\/modules$/, modules.list, true],
  [/^\/catalog$/, catalog.search],
  [/^\/catalog\/([0-9a-fA-F-]{36})$/, catalog.program],
  [/^\/calendar$/, calendar.page],
  [/^\/verify(?:\/([A-Za-z0-9]+))?$/, documents.verify],
  [/^\/admin\/documents$/, documents.templates, true],
  [/^\/calendar\/([0-9a-fA-F-]{36})$/, calendar.event],
  [/^\/events(?:\/moderation)?$/, events.list, true],
  [/^\/events\/([0-9a-fA-F-]{36})(?:\/([a-z0-9]+))?$/, events.edit, true],
  [/^\/event-signups$/, eventSignups.desk, true],
  [/^\/(?:my\/)?event-signups\/([0-9a-fA-F-]{36})$/, eventSignups.card, true],
  [/^\/my\/event-signups$/, eventSignups.mine, true],
  [/^\/programs$/, programs.list, true],
  [/^\/program-requests$/, requests.page, true],
  [/^\/favorites$/, requests.favorites, true],
  [/^\/moderation$/, programs.list, true],
  [/^\/programs\/([0-9a-fA-F-]{36})(?:\/([a-z0-9]+))?$/, programs.edit, true],
  [/^\/modules\/([0-9a-fA-F-]{36})(?:\/([a-z]+))?$/, modules.card, true],
  [/^\/my\/applications$/, applications.mine, true],
  [/^\/applications$/, applications.desk, true],
  [/^\/(?:my\/)?applications\/([0-9a-fA-F-]{36})$/, applications.card, true],
  [/^\/groups$/, groups.list, true],
  [/^\/groups\/([0-9a-fA-F-]{36})(?:\/([a-z]+))?$/, groups.card, true],
  [/^\/schedule$/, schedule.mine, true],
  [/^\/application-batches$/, batches.page, true],
  [/^\/registries(?:\/([a-z]+))?$/, registries.page, true],
  [/^\/schedule\/all$/, schedule.region, true],
  [/^\/organizations$/, organizations.list],
  [/^\/organizations\/([0-9a-fA-F-]{36})$/, organizations.page],
  [/^\/organizations\/([0-9a-fA-F-]{36})\/profile(?:\/([a-z]+))?$/, profile.page, true],
  [/^\/organizations\/([0-9a-fA-F-]{36})\/inventory\/([a-z-]+)$/, inventory.page, true],
  [/^\/organizations\/([0-9a-fA-F-]{36})\/staff$/, staff.page, true],
  [/^\/invitations$/, staff.mine, true],
  [/^\/tests$/, tests.list, true],
  [/^\/tests\/new$/, tests.create, true],
  [/^\/tests\/bank$/, testQuestions.bank, true],
  [/^\/tests\/bank\/new$/, () => testQuestions.card(null), true],
  [/^\/tests\/bank\/([0-9a-fA-F-]{36})$/, testQuestions.card, true],
  [/^\/tests\/results$/, testResults.results, true],
  [/^\/tests\/attempts\/([0-9a-fA-F-]{36})$/, testResults.review, true],
  [/^\/tests\/([0-9a-fA-F-]{36})$/, tests.card, true],
  [/^\/my\/tests$/, testTaking.mine, true],
  [/^\/my\/tests\/([0-9a-fA-F-]{36})$/, testTaking.attempt, true],
  [/^\/check-tasks$/, checkTasks.list, true],
  [/^\/check-tasks\/new$/, checkTasks.create, true],
  [/^\/check-tasks\/answers$/, checkTaskAnswers.list, true],
  [/^\/check-tasks\/answers\/([0-9a-fA-F-]{36})$/, checkTaskAnswers.review, true],
  [/^\/check-tasks\/([0-9a-fA-F-]{36})$/, checkTasks.card, true],
  [/^\/my\/check-tasks$/, myCheckTasks.mine, true],
  [/^\/materials$/, materials.list, true],
  [/^\/materials\/new$/, materials.create, true],
  [/^\/materials\/expertise$/, library.expertise, true],
  [/^\/materials\/([0-9a-fA-F-]{36})$/, materials.card, true],
  [/^\/library$/, library.library],
  [/^\/library\/([0-9a-fA-F-]{36})$/, library.reader],
  [/^\/my\/materials$/, library.mine, true],
  [/^\/my\/check-tasks\/([0-9a-fA-F-]{36})$/, myCheckTasks.task, true],
  [/^\/career$/, career.list],
  [/^\/career\/results\/([0-9a-fA-F-]{36})$/, career.result],
  [/^\/career\/([0-9a-fA-F-]{36})$/, career.take],
  [/^\/my\/career$/, career.mine, true],
  [/^\/career-tests$/, careerTests.list, true],
  [/^\/career-tests\/new$/, careerTests.create, true],
  [/^\/career-tests\/results$/, careerTests.results, true],
  [/^\/career-tests\/([0-9a-fA-F-]{36})$/, careerTests.card, true],
  [/^\/questionnaires$/, questionnaires.list, true],
  [/^\/questionnaires\/new$/, questionnaires.create, true],
  [/^\/questionnaires\/([0-9a-fA-F-]{36})\/results$/, questionnaires.results, true],
  [/^\/questionnaires\/([0-9a-fA-F-]{36})$/, questionnaires.card, true],
  [/^\/my\/surveys$/, surveys.mine, true],
  [/^\/expertise$/, expertise.queue, true],
  [/^\/expertise\/ratings$/, expertise.ratings, true],
  [/^\/expertise\/facsimile$/, expertise.facsimile, true],
  [/^\/expertise\/protocol$/, expertise.protocol, true],
  [/^\/expertise\/sheets$/, expertise.sheets, true],
  [/^\/quality\/statistics$/, quality.statistics, true],
  [/^\/quality\/programs$/, quality.ranking, true],
  [/^\/contests$/, contests.list, true],
  [/^\/contests\/new$/, contests.create, true],
  [/^\/contests\/([0-9a-fA-F-]{36})$/, contests.card, true],
  [/^\/achievements$/, contests.achievements, true],
  [/^\/my\/achievements$/, contests.mine, true],
  [/^\/expertise\/([0-9a-fA-F-]{36})$/, expertise.sheet, true],
  [/^\/surveys\/([0-9a-fA-F-]{36})$/, surveys.fill, true],
  [/^\/monitoring\/([0-9a-fA-F-]{36})$/, surveys.monitoring, true],
  [/^\/rate\/([0-9a-fA-F-]{36})$/, surveys.rate, true],
];

export function go(path) { location.hash = '#' + path; }

async function render() {
  startPage();
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/';
  for (const [re, page, needsLogin] of routes) {
    const m = path.match(re);
    if (!m) continue;
    if (needsLogin === true && !currentUser()) {
      sessionStorage.setItem('afterLogin', location.hash); go('/login'); return;
    }
    startPage(needsLogin && currentUser() ? cabinetFrame : null);
    try { await page(...m.slice(1)); }
    catch (err) { failed(err); }
    return;
  }
  startPage(null);
  setMain(`<h1>Страница не найдена</h1><p>Адреса <code>${esc(path)}</code> на платформе нет: возможно, ссылка устарела
    или в ней опечатка.</p>${wayBack()}`, 'Страница не найдена');
}

/// Where to go from a page that could not be shown: back, home, the cabinet.
const wayBack = () => `<p class="actions"><button class="btn secondary" type="button" data-back>Назад</button>
  <a class="btn secondary" href="#/">На главную</a>${currentUser()
    ? '<a class="btn" href="#/cabinet">В личный кабинет</a>'
    : '<a class="btn" href="#/catalog">В каталог программ</a>'}</p>`;

function failed(err) {
  const notFound = err instanceof ApiError && err.status === 404;
  const denied = err instanceof ApiError && err.status === 403;
  const title = notFound ? 'Не найдено' : denied ? 'Нет доступа' : 'Не удалось открыть страницу';
  const why = notFound ? 'Запись не найдена: её удалили, или она относится к организации, в которой вы не состоите.'
    : denied ? (currentUser()?.organizations.length ? 'У вашей учётной записи нет прав на эту страницу. Если они '
      + 'нужны, обратитесь к администратору организации.' : 'Этот раздел — для сотрудников организаций и ЦОПП. Если '
      + 'вы работаете в организации, попросите её администратора пригласить вас.')
    : `${esc(err.message)}. Обновите страницу; если ошибка повторится, сообщите в поддержку ЦОПП.`;
  setMain(`<h1>${title}</h1><div class="notice err" role="alert">${why}</div>${wayBack()}`, title);
}
document.getElementById('main').addEventListener('click', (e) => {
  if (e.target.closest('[data-back]')) history.back();
});

function renderNav(user) {
  const nav = document.getElementById('site-nav');
  const links = [['#/', 'Главная'], ['#/catalog', 'Каталог'], ['#/calendar', 'Мероприятия'],
    ['#/organizations', 'Организации'], ['#/library', 'Библиотека'], ['#/career', 'Профориентация'],
    ['#/priority-competencies', 'Компетенции']];
  if (user) {
    links.push(['#/cabinet', 'Личный кабинет']);  // role-specific sections are in the cabinet's menu
  } else {
    links.push(['#/login', 'Вход'], ['#/register', 'Регистрация']);
  }
  nav.innerHTML = links.map(([h, t]) => `<a href="${h}">${t}</a>`).join('') +
    (user ? `<span class="user-name"
      aria-label="Вы вошли как">${esc(user.firstName)} ${esc(user.lastName)}</span><button class="link"
      id="logout">Выйти</button>` : '');
  nav.querySelector('#logout')?.addEventListener('click', async () => { await logout(); go('/'); });
}

document.querySelector('.menu-toggle').addEventListener('click', (e) => {
  const nav = document.getElementById('site-nav');
  const open = nav.classList.toggle('open');
  e.currentTarget.setAttribute('aria-expanded', String(open));
});

onSessionChange(renderNav);
window.addEventListener('hashchange',
  () => { document.getElementById('site-nav').classList.remove('open'); render(); });
renderNav(null);
await refresh({ ifSignedIn: true });
render();
