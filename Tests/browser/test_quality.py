"""Learners' feedback and the quality index (issue 17, parts 5–6): the college marks a group's training finished and
its learner is asked for the e-monitoring; the learner, on a phone, fills it from «Опросы и оценки» and rates the
program; the college reads the rating and the program's quality index on the card's «Оценки» tab; the moderator
sees the rating in «Статистика НОКО» and the program in the ranking."""
from selenium.webdriver.common.by import By

from conftest import psql, screenshot
from test_events import logout
from test_journeys import login, wait_text
from test_training import published_program, wait_for


def click(driver, el):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def answer_scales(driver, marks):
    scales = driver.find_elements(By.CSS_SELECTOR, "#survey .q-scale")
    assert len(scales) >= len(marks), len(scales)
    for scale, mark in zip(scales, marks):
        click(driver, scale.find_elements(By.CSS_SELECTOR, "label")[mark - 1])


def test_a_finished_group_asks_its_learner_who_rates_the_program_and_the_index_shows(server, desktop, phone):
    program = published_program(server)
    # the demo learner completed the program in a group whose enrollment was confirmed (set up in SQL: the training
    # flow has its own journey)
    group = psql(
        "WITH g AS (INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on, status) "
        f"SELECT id, org_id, 'ИТМ-26-77', 1, 10, date '2026-10-01', date '2026-11-20', 'enrollment_confirmed' "
        f"FROM programs WHERE id = '{program}' RETURNING id, program_id, org_id) "
        "INSERT INTO applications (program_id, org_id, learner_id, last_name, first_name, email, status, group_id) "
        "SELECT g.program_id, g.org_id, u.id, u.last_name, u.first_name, u.email, 'completed', g.id FROM g, users u "
        "WHERE u.email = 'learner@copp.demo' RETURNING group_id", server.db).strip()

    d = desktop
    login(d, server, "contractor@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url(f"/#/groups/{group}"))
    click(d, wait_for(d, "[data-action=finish]"))
    wait_text(d, "Электронный мониторинг")
    wait_text(d, "Анкета отправлена 1 обучающимся, заполнили 0")
    logout(d)

    p = phone
    login(p, server, "learner@copp.demo", "Demo2026pass")
    wait_text(p, "Личный кабинет")
    p.get(server.url("/#/my/surveys"))
    wait_text(p, "Анкеты после обучения")
    click(p, p.find_element(By.PARTIAL_LINK_TEXT, "Заполнить до"))
    wait_for(p, "#survey .q-scale")
    click(p, p.find_element(By.CSS_SELECTOR, "#survey button[type=submit]"))
    wait_text(p, "Ответьте на вопрос")
    answer_scales(p, [5, 4, 4, 5])
    click(p, p.find_element(By.CSS_SELECTOR, "#survey button[type=submit]"))
    wait_text(p, "Ответы отправлены")
    p.get(server.url("/#/my/surveys"))
    wait_text(p, "заполнена")
    click(p, p.find_element(By.LINK_TEXT, "Оценить программу"))
    wait_for(p, "#survey .q-scale")
    answer_scales(p, [5, 5, 4])
    click(p, p.find_elements(By.CSS_SELECTOR, "#survey label.option")[0])
    p.find_element(By.ID, "comment").send_keys("Отличные мастера, много практики")
    click(p, p.find_element(By.CSS_SELECTOR, "#survey button[type=submit]"))
    wait_text(p, "Спасибо! Ваша оценка")
    p.get(server.url("/#/my/surveys"))
    wait_text(p, "Ваша оценка: 92 из 100")
    assert p.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scroll"
    screenshot(p, "66-surveys-and-ratings-phone")
    logout(p)

    login(d, server, "developer@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url(f"/#/programs/{program}/expertise"))
    wait_text(d, "Показатель качества")
    wait_text(d, "Отличные мастера, много практики")
    # the learners' 92 only, and no achievements among its one graduate: (0.3 × 92 + 0.2 × 0) / 0.5 = 55
    assert d.find_element(By.CSS_SELECTOR, ".quality-index").text == "55"
    screenshot(d, "67-program-quality")
    logout(d)

    login(d, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.find_element(By.LINK_TEXT, "Статистика НОКО").click()
    click(d, wait_for(d, "nav.tabs a[href*='user_ratings']"))
    wait_text(d, "Всего за период: 1, средняя оценка 92 из 100")
    assert d.find_elements(By.CSS_SELECTOR, "figure.chart.columns svg rect.chart-bar")
    screenshot(d, "68-quality-statistics")
    d.find_element(By.LINK_TEXT, "Показатель качества").click()
    wait_text(d, "Сварка в защитных газах для начинающих")
