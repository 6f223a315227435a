"""Tests (issue 16): a teacher writes a question in the bank and builds a test from it, gives it to a group; the
learner takes it on a phone against the timer and sees the result; the teacher sees it in the group's journal."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STALE, screenshot
from test_journeys import fill, login, wait_text
from test_organizations import token
from test_training import call, published_program, wait_for


def group_with_learner(server):
    """A group of the demo college with learner@copp.demo confirmed into it (the desk has its own test)."""
    program = published_program(server)
    contractor = token(server, "contractor@copp.demo")
    group = call(server, "POST", "/api/v1/groups", {"programId": program, "name": "СГ-Т", "maxSize": 10,
                                                    "startsOn": "2027-02-01", "endsOn": "2027-02-28"}, contractor)
    learner = token(server, "learner@copp.demo")
    application = call(server, "POST", f"/api/v1/programs/{program}/applications", {}, learner)
    call(server, "POST", f"/api/v1/applications/{application['id']}/confirm", {"groupId": group["id"]}, contractor)
    return group["id"]


def click_ok(d):
    wait_for(d, "dialog[open] button[value=ok]").click()


def test_teacher_builds_a_test_learner_takes_it_on_a_phone(server, desktop, phone):
    group = group_with_learner(server)
    teacher = token(server, "teacher@copp.demo")
    for text, options in [
        ("Какие средства защиты обязательны сварщику?", [{"text": "Краги", "correct": True},
                                                        {"text": "Маска сварщика", "correct": True},
                                                        {"text": "Галстук"}]),
        ("Как называется электрод из вольфрама?", [{"text": "Неплавящийся"}]),
    ]:
        call(server, "POST", "/api/v1/test-questions", {"kind": "multiple" if len(options) > 1 else "text",
                                                        "text": text, "options": options}, teacher)

    # the teacher writes a question in the bank
    d = desktop
    login(d, server, "teacher@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/tests/bank/new"))
    fill(d, "f-text", "Какой газ защищает сварочную ванну при сварке алюминия?")
    fill(d, "f-options-0--text", "Аргон")
    fill(d, "f-options-1--text", "Кислород")
    d.find_element(By.CSS_SELECTOR, "#q-form button[type=submit]").click()
    WebDriverWait(d, 20).until(lambda drv: "/tests/bank/" in drv.current_url and "new" not in drv.current_url)
    wait_for(d, "#copy, #q-copy")

    # builds a test of three random questions from the bank and gives it to the group
    d.get(server.url("/#/tests/new"))
    fill(d, "f-name", "Входной контроль по сварке")
    fill(d, "f-timeLimitMinutes", "10")
    d.find_element(By.CSS_SELECTOR, "#test-form button[type=submit]").click()
    wait_for(d, "#random-form")
    fill(d, "f-count", "3")
    d.find_element(By.CSS_SELECTOR, "#random-form button[type=submit]").click()
    wait_text(d, "Вопросы (3)")
    Select(wait_for(d, "#f-groupId")).select_by_visible_text("СГ-Т")
    d.find_element(By.CSS_SELECTOR, "#assign-form button[type=submit]").click()
    wait_text(d, "Тест назначен группе")
    screenshot(d, "40-test-card")

    # the learner takes it on a phone: one question at a time, the timer in view
    p = phone
    login(p, server, "learner@copp.demo", "Demo2026pass")
    wait_text(p, "Личный кабинет")
    p.get(server.url("/#/my/tests"))
    wait_for(p, "button[data-start]").click()
    click_ok(p)
    wait_for(p, "#left")
    assert p.find_element(By.ID, "left").text.startswith(("10:00", "9:5"))
    answers = {"Аргон": "choice", "Краги": "choice", "Маска сварщика": "choice", "Неплавящийся": "typed"}
    for n in range(3):
        WebDriverWait(p, 20, ignored_exceptions=STALE).until(
            lambda drv: f"Вопрос {n + 1} из 3" in drv.find_element(By.CSS_SELECTOR, "#q legend").text)
        if n == 0:
            screenshot(p, "41-test-taking-phone")
        typed = p.find_elements(By.ID, "typed")
        if typed:
            typed[0].send_keys("неплавящийся")
            p.find_element(By.TAG_NAME, "h1").click()   # leaving the field saves it
        else:
            for label in p.find_elements(By.CSS_SELECTOR, "#q label.option"):
                if answers.get(label.text.strip()) == "choice":
                    label.click()
                    WebDriverWait(p, 20).until(lambda drv: "сохранён" in drv.find_element(By.ID, "saved").text)
        WebDriverWait(p, 20).until(lambda drv: "сохранён" in drv.find_element(By.ID, "saved").text)
        if n < 2:
            p.find_element(By.ID, "next").click()
    p.find_element(By.ID, "finish").click()
    click_ok(p)
    wait_text(p, "Тест пройден")
    wait_text(p, "100%")
    screenshot(p, "42-test-result-phone")
    # the answers were never sent before the end; after it the learner sees right/wrong, not the correct options
    assert "верный" not in p.find_element(By.ID, "main").text

    # the teacher sees it in the journal and in the results
    d.get(server.url(f"/#/groups/{group}/gradebook"))
    wait_text(d, "Входной контроль по сварке")
    wait_text(d, "100%")
    screenshot(d, "43-journal-tests")
    d.get(server.url("/#/tests/results"))
    wait_text(d, "Иванова Анна")
