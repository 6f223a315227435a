"""Career guidance (issue 16): a ЦОПП moderator writes a career-guidance test in the editor (scales, questions, the
points of each option) and publishes it; a visitor takes it on a phone without signing in, one question a screen, and
reads the profile; signing in from the result brings her back to keep it in «Мои результаты»; the moderator sees it
counted and the test's content locked."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import screenshot
from test_journeys import fill, login, wait_text
from test_training import wait_for


def click(driver, el):
    """Clicks in the middle of the window: the editor's save bar stays at the bottom of it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def set_number(driver, css, value):
    el = driver.find_element(By.CSS_SELECTOR, css)
    el.clear()
    el.send_keys(str(value))


def test_moderator_writes_a_test_visitor_takes_it_on_a_phone_and_keeps_the_result(server, desktop, phone):
    d = desktop
    login(d, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/career-tests/new"))
    wait_for(d, "#career-form #f-title")
    # nothing filled: the errors stand beside their fields
    d.find_element(By.CSS_SELECTOR, "#career-form button[type=submit]").click()
    WebDriverWait(d, 20).until(lambda drv: drv.find_element(By.ID, "f-title-err").text)
    assert d.find_element(By.ID, "f-scales-0--name-err").text

    fill(d, "f-title", "Техника или люди?")
    fill(d, "f-description", "Два вопроса о том, что вам ближе.")
    fill(d, "f-scales-0--name", "Техника")
    fill(d, "f-scales-0--description", "Станки, сварка, ремонт машин.")
    fill(d, "f-scales-1--name", "Люди")
    fill(d, "f-scales-1--description", "Учить, лечить, помогать.")
    # the technique scale leads to a competency of the catalog
    choices = d.find_elements(By.CSS_SELECTOR, ".career-choices")[0]
    click(d, choices.find_element(By.TAG_NAME, "summary"))
    click(d, choices.find_element(By.CSS_SELECTOR, "input[type=checkbox]"))
    assert choices.find_element(By.CSS_SELECTOR, "[data-count]").text == "1"
    click(d, d.find_element(By.ID, "add-question"))
    for n, text in enumerate(["Что интереснее в выходной?", "Какую профессию вы бы попробовали?"]):
        fill(d, f"f-questions-{n}--text", text)
        fill(d, f"q{n}o0", "Собрать что-то своими руками")
        fill(d, f"q{n}o1", "Помочь другу разобраться с делом")
        set_number(d, f'[data-weight="{n}.0.0"]', 2)
        set_number(d, f'[data-weight="{n}.1.1"]', 2)
    screenshot(d, "53-career-editor")
    d.find_element(By.CSS_SELECTOR, "#career-form button[type=submit]").click()
    publish = wait_for(d, '[data-status="published"]')
    card_url = d.current_url
    publish.click()
    wait_text(d, "опубликован")

    # a visitor on a phone: one question a screen, a choice moves on
    p = phone
    p.get(server.url("/#/career"))
    wait_text(p, "Техника или люди?")
    card = p.find_element(By.XPATH, "//li[contains(@class, 'card')][h2[text()='Техника или люди?']]")
    card.find_element(By.LINK_TEXT, "Пройти тест").click()
    wait_text(p, "Вопрос 1 из 2")
    screenshot(p, "54-career-question-phone")
    p.find_elements(By.CSS_SELECTOR, "#q .option")[0].click()
    wait_text(p, "Вопрос 2 из 2")
    p.find_elements(By.CSS_SELECTOR, "#q .option")[0].click()
    wait_for(p, "#done:not([hidden])").click()
    wait_text(p, "Ваш результат")
    main = p.find_element(By.ID, "main").text
    assert "Станки, сварка, ремонт машин." in main, "the leading scale is explained"
    assert "войдите" in main, "a visitor is told how to keep the result"
    assert p.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scroll"
    screenshot(p, "55-career-result-phone")

    # «войдите» leads back to the result, which the learner keeps in the profile
    p.find_element(By.CSS_SELECTOR, "#save a[href='#/login']").click()
    wait_for(p, "#f-email")
    fill(p, "f-email", "learner@copp.demo")
    fill(p, "f-password", "Demo2026pass")
    p.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait_for(p, "#keep").click()
    wait_text(p, "Сохранено")
    p.get(server.url("/#/my/career"))
    wait_text(p, "Ведущие сферы: Техника")
    assert "Пройдено на этом устройстве" not in p.find_element(By.ID, "main").text, "kept, no longer waiting"

    # the moderator sees it counted; the content can no longer change
    d.refresh()
    wait_text(d, "Результатов: 1")
    assert "Тест уже проходили" in d.find_element(By.ID, "main").text
    assert not d.find_elements(By.ID, "career-form"), "no editor for a test with results"
