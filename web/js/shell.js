// The cabinet's frame around every page behind a login: the menu of what the person's roles give, grouped, with
// counters of new work, folded into one line on a phone (the page, not 17 buttons, comes first), and the trail of
// where the page is.
import { ApiError, api, currentUser, onWrite } from './api.js';
import { esc, breadcrumbs } from './ui.js';

/// Menu groups the user's roles and memberships give: [group title, [[href, label, counter key?]…]].
export function menuFor(user) {
  const has = (...roles) => roles.some((r) => user.roles.includes(r));
  // an organization acts by its ticked roles (OrganizationRole): a contractor runs training, a customer or an
  // employer orders it
  const approved = user.organizations.filter((o) => o.status === 'approved');
  const ticks = (...roles) => approved.some((o) => (o.roles || [o.kind]).some((r) => roles.includes(r)));
  const region = has('admin', 'copp_staff', 'moderator', 'coordinator');
  const groups = [];

  const own = [['#/cabinet', 'Обзор'], ['#/cabinet/messages', 'Мои сообщения', 'unreadMessages']];
  const educates = (o) => (o.roles || [o.kind]).includes('contractor');
  if (counts?.staffInvitations) own.push(['#/invitations', 'Приглашения в организации', 'staffInvitations']);
  if (has('learner')) own.push(['#/my/applications', 'Мои заявки']);
  if (has('learner')) own.push(['#/my/tests', 'Мои тесты']);
  if (has('learner')) own.push(['#/my/check-tasks', 'Мои задания'], ['#/my/materials', 'Мои материалы']);
  own.push(['#/my/event-signups', 'Мои мероприятия']);
  own.push(['#/my/career', 'Профориентация']);
  own.push(['#/my/surveys', 'Опросы и оценки']);
  // learners' results in contests count for their programs' quality (seed 000 «НОКО → Достижения»)
  if (has('learner')) own.push(['#/my/achievements', 'Мои достижения']);
  own.push(['#/schedule', 'Моё расписание'], ['#/favorites', 'Избранное и история'],
    ['#/program-requests', 'Заявки на программы'], ['#/cabinet/profile', 'Мой профиль'],
    ['#/cabinet/password', 'Смена пароля']);
  groups.push(['Мой кабинет', own]);

  const training = [];
  if ((ticks('contractor') && has('contractor', 'teacher', 'developer')) || region) {
    training.push(['#/applications', 'Заявки на обучение', 'newApplications'], ['#/groups', 'Группы и расписания'],
      ['#/schedule/all', 'Расписание и загрузка помещений'], ['#/registries/enrollments', 'Документооборот']);
  }
  if ((ticks('employer', 'customer') && has('employer')) || (ticks('contractor') && has('contractor'))) {
    training.push(['#/application-batches', 'Пакетные заявки']);
  }
  if (training.length) groups.push(['Обучение', training]);

  const programs = [];
  if ((ticks('contractor') && has('developer', 'contractor', 'teacher')) || has('admin', 'moderator', 'copp_staff')) {
    programs.push(['#/programs', 'Программы'], ['#/modules', 'Модули программ']);
  }
  if (has('admin', 'moderator')) programs.push(['#/moderation', 'Модерация программ', 'moderationQueue']);
  // tests and check tasks are written by the organization's contractors, teachers and developers (seed 000)
  if ((ticks('contractor') && has('developer', 'contractor', 'teacher')) || region) {
    programs.push(['#/materials', 'Учебные материалы'], ['#/tests', 'Тестовые задания'],
      ['#/check-tasks', 'Проверочные задания']);
  }
  // experts of any organization judge materials for the region's library (seed 001 §25)
  if (has('expert', 'admin', 'copp_staff', 'moderator')) {
    programs.push(['#/materials/expertise', 'Экспертиза материалов']);
  }
  // experts of any organization rate other organizations' programs (seed 000 «Экспертиза программы»)
  if (has('expert')) programs.push(['#/expertise', 'Экспертиза программ']);
  if (programs.length) groups.push(['Программы', programs]);

  // any organization holds events (an employer's open day too, seed 001 §13)
  const events = [];
  if ((approved.length && has('developer', 'contractor', 'teacher', 'employer')) || region) {
    events.push(['#/events', 'Мероприятия'], ['#/event-signups', 'Заявки на мероприятия', 'newEventSignups']);
  }
  if (has('admin', 'moderator')) events.push(['#/events/moderation', 'Модерация мероприятий', 'eventModeration']);
  if (events.length) groups.push(['Мероприятия', events]);

  for (const o of approved) {
    const id = o.id.toLowerCase();
    // rooms and equipment are an educational organization's (seed 000 §4), not an employer's
    groups.push([o.shortName, [[`#/organizations/${id}/profile`, 'Профиль организации'],
      ...(educates(o) ? [[`#/organizations/${id}/inventory/rooms`, 'Инвентаризация']] : []),
      [`#/organizations/${id}/staff`, 'Сотрудники']]]);
  }

  const admin = [];
  if (has('admin', 'moderator')) {
    admin.push(['#/admin/users', 'Пользователи'], ['#/admin/organizations', 'Организации на проверке',
      'pendingOrganizations'], ['#/directories', 'Справочники'], ['#/admin/synonyms', 'Синонимы поиска'],
    ['#/admin/documents', 'Шаблоны документов']);
  }
  // the region's career-guidance tests are ЦОПП's (seed 001 §9)
  if (has('admin', 'moderator', 'copp_staff')) admin.push(['#/career-tests', 'Профориентационные тесты']);
  if (has('admin')) admin.push(['#/admin/audit', 'Журнал изменений']);
  if (admin.length) groups.push(['Администрирование', admin]);

  // the region's quality assessment (seed 000 «НОКО»): questionnaires are ЦОПП's; the protocol of expertise is read by
  // the region's coordinators too
  const quality = [];
  if (has('admin', 'moderator', 'copp_staff')) {
    quality.push(['#/contests', 'Конкурсы и достижения'], ['#/questionnaires', 'Анкеты']);
  }
  if (has('admin', 'moderator', 'copp_staff', 'coordinator')) {
    quality.push(['#/expertise/protocol', 'Результаты экспертизы'], ['#/quality/programs', 'Показатель качества'],
      ['#/quality/statistics', 'Статистика НОКО']);
  }
  if (quality.length) groups.push(['Оценка качества (НОКО)', quality]);
  return groups;
}

// Counters of new work (GET /me/counters), asked again at most every 20 s: a menu drawn on every page must not
// become the busiest request of the platform.
let counts = null;
let countsAt = 0;
let countsUser = null;
async function loadCounts() {
  const user = currentUser();
  if (countsUser !== user?.id) { counts = null; countsAt = 0; countsUser = user?.id; }
  if (Date.now() - countsAt < 20000) return counts;
  countsAt = Date.now();
  try { counts = await api.get('/api/v1/me/counters'); } catch { /* the menu works without its badges */ }
  return counts;
}
// after the person acted on new work (answered an application, read a message) the next page asks again
onWrite(() => { countsAt = 0; });

const badge = (n) => n ? `<span class="count" aria-label="новых: ${n}">${n >= 100 ? '99+' : n}</span>` : '';

const segments = (href) => href.replace(/^#\/?/, '').split('?')[0].toLowerCase().split('/').filter(Boolean);

/// The menu entry a page belongs to: the one named by the page (`section`), else the one sharing the longest leading
/// path with it (a group's card belongs to «Группы и расписания», an inventory tab to «Инвентаризация»).
function sectionOf(groups, here, section) {
  const named = section && groups.flatMap(([, items]) => items).find(([href]) => href === section);
  if (named) return { item: named, whole: true, exact: named[0].toLowerCase() === here.toLowerCase() };
  const path = segments(here);
  let best = null; let bestLength = 0;
  for (const [, items] of groups) {
    for (const item of items) {
      const s = segments(item[0]);
      let n = 0;
      while (n < s.length && n < path.length && s[n] === path[n]) n += 1;
      const whole = n === s.length;
      if (n > bestLength || (n === bestLength && whole && best && !best.whole)) {
        best = { item, whole, exact: whole && n === path.length }; bestLength = n;
      }
    }
  }
  return best;
}

function drawMenu(groups, section) {
  const wide = matchMedia('(min-width: 761px)').matches;
  const total = groups.flatMap(([, items]) => items).reduce((sum, [, , key]) => sum + (key && counts?.[key] || 0), 0);
  const current = section?.item[1] || 'Разделы';
  return `<details class="side-menu" ${wide ? 'open' : ''}><summary><span>Меню: <strong>${esc(current)}</strong>
    </span>${badge(total)}</summary><nav aria-label="Меню личного кабинета">${groups.map(([title, items]) => `<div
    class="menu-group"><h2>${esc(title)}</h2>${items.map(([href, label, key]) => `<a href="${href}"${section?.item[0]
    === href ? ' aria-current="page"' : ''}>${esc(label)}${key ? badge(counts?.[key]) : ''}</a>`).join('')}</div>`)
    .join('')}</nav></details>`;
}

/// Frames a cabinet page: menu, trail, page. Counters arrive after the page is drawn and redraw only the menu.
export function cabinetFrame(html, title, { section: named = null } = {}) {
  const user = currentUser();
  const here = location.hash.split('?')[0];
  const groups = menuFor(user);
  const section = sectionOf(groups, here, named);
  // «Кабинет › entry › page» everywhere; the entry is not repeated when the page's title is its name
  const step = section && section.item[1] !== title ? [[section.item[0], section.item[1]]] : [];
  const trail = here.toLowerCase() === '#/cabinet' ? '' : breadcrumbs([['#/cabinet', 'Личный кабинет'], ...step,
    [null, title || section?.item[1] || '']]);
  const hash = location.hash;
  loadCounts().then(() => {
    const menu = document.querySelector('#main .side-menu');
    if (!menu || location.hash !== hash) return;
    const open = menu.open;
    menu.outerHTML = drawMenu(menuFor(currentUser()), section);
    document.querySelector('#main .side-menu').open = open;
    headerCount();
  });
  return `<div class="cabinet">${drawMenu(groups, section)}<section
    class="cabinet-page">${trail}${html}</section></div>`;
}

/// Pages of a role (the desk, groups, programs…) open only for people whose menu has them: someone else gets «Нет
/// доступа» instead of an empty desk they cannot use.
export function requireMenu(href) {
  if (!inMenu(href)) throw new ApiError({ title: 'Нет доступа' }, 403);
}
/// An organization's own pages (profile, inventory, staff) are its members' and the moderators' (the server's
/// OrganizationProfileService.requireEditor); anyone else is told so before an editor they could not save is drawn.
export function requireOrganization(orgId) {
  const user = currentUser();
  const member = user.organizations.some((o) => o.id.toLowerCase() === orgId.toLowerCase());
  if (!member && !user.roles.some((r) => r === 'admin' || r === 'moderator')) {
    throw new ApiError({ title: 'Нет доступа' }, 403);
  }
}
export const inMenu = (href) => menuFor(currentUser()).some(([, items]) => items.some(([h]) => h === href));

/// The header's «Личный кабинет» carries the sum of new work too (a learner reads the header, not the menu).
function headerCount() {
  const link = document.querySelector('#site-nav a[href="#/cabinet"]');
  if (!link) return;
  link.querySelector('.count')?.remove();
  const total = Object.values(counts || {}).reduce((a, b) => a + (b || 0), 0);
  link.insertAdjacentHTML('beforeend', badge(total));
}
