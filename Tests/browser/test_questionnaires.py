"""Questionnaires (issue 17, first part): a moderator writes a survey for learners in the editor — a scale and a
choice — and puts it in force; a learner answers it on a phone (the unanswered required question named first); the
moderator reads the results as charts; an edit after the answer becomes version 2 and the page says so."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import screenshot
from test_journeys import fill, login, wait_text
from test_training import wait_for


def click(driver, el):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def test_moderator_writes_a_survey_learner_answers_on_a_phone_results_and_versions(server, desktop, phone):
    d = desktop
    login(d, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/questionnaires/new"))
    wait_for(d, "#questionnaire-form #f-title")
    fill(d, "f-title", "Удовлетворённость обучением")
    click(d, d.find_element(By.XPATH, "//label[input[@data-role='learner']]"))
    fill(d, "f-sections-0--questions-0--text", "Как вы оцениваете обучение?")
    fill(d, "f-sections-0--questions-0--minLabel", "плохо")
    fill(d, "f-sections-0--questions-0--maxLabel", "отлично")
    click(d, d.find_element(By.CSS_SELECTOR, '[data-add-question="0"]'))
    Select(wait_for(d, "#f-sections-0--questions-1--kind")).select_by_value("single")
    fill(d, "f-sections-0--questions-1--text", "Какой формат удобнее?")
    fill(d, "f-sections-0--questions-1--options", "Очно\nДистанционно\nСмешанно")
    click(d, d.find_element(By.CSS_SELECTOR, "#questionnaire-form button[type=submit]"))
    click(d, wait_for(d, '[data-status="active"]'))
    wait_text(d, "действует")
    card_url = d.current_url

    p = phone
    login(p, server, "learner@copp.demo", "Demo2026pass")
    wait_text(p, "Личный кабинет")
    p.get(server.url("/#/my/surveys"))
    wait_text(p, "Удовлетворённость обучением")
    p.find_element(By.LINK_TEXT, "Ответить").click()
    wait_for(p, "#survey")
    click(p, p.find_elements(By.CSS_SELECTOR, ".q-scale label")[4])
    click(p, p.find_element(By.CSS_SELECTOR, "#survey button[type=submit]"))
    wait_text(p, "Ответьте на вопрос «Какой формат удобнее?»")
    screenshot(p, "56-survey-phone")
    click(p, p.find_elements(By.CSS_SELECTOR, "#survey label.option")[2])
    click(p, p.find_element(By.CSS_SELECTOR, "#survey button[type=submit]"))
    wait_text(p, "Ответы отправлены")
    assert p.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scroll"

    # the results: one response, a 5 and «Смешанно», as charts
    d.get(card_url + "/results")
    wait_text(d, "ответов: 1")
    main = d.find_element(By.ID, "main").text
    assert "среднее 5" in main and "5 — отлично" in main, main
    assert len(d.find_elements(By.CSS_SELECTOR, "svg.chart-svg")) == 2
    screenshot(d, "57-survey-results")

    # an edit after the answer becomes version 2; version 1 keeps its results
    d.get(card_url)
    fill(d, "f-sections-0--questions-0--text", "Насколько вы довольны обучением?")
    click(d, d.find_element(By.CSS_SELECTOR, "#questionnaire-form button[type=submit]"))
    wait_text(d, "Сохранено как версия 2")
    assert "Версия 1 от" in d.find_element(By.ID, "main").text
    d.get(card_url + "/results?version=1")
    wait_text(d, "Как вы оцениваете обучение?")
