"""A developer builds a module in the browser: competency pre-fills parameters, the plan's hours are summed from lessons."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STALE, screenshot
from test_journeys import fill, login, wait_text


def test_developer_builds_a_module_plan(server, desktop):
    d = desktop
    login(d, server, "developer@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.find_element(By.LINK_TEXT, "Модули программ").click()
    # the menu already says «Модули программ»: wait for the page itself
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(
        lambda drv: drv.find_elements(By.CSS_SELECTOR, "details.card summary"))
    d.find_element(By.CSS_SELECTOR, "details.card summary").click()
    fill(d, "f-name", "Сварка пластин в нижнем положении")
    Select(d.find_element(By.ID, "f-competency")).select_by_visible_text("Сварочные технологии")
    d.find_element(By.CSS_SELECTOR, "#mod-new button[type=submit]").click()
    wait_text(d, "Учебно-тематический план")
    fill(d, "f-topic", "Подготовка к сварке")
    d.find_element(By.CSS_SELECTOR, "#topic-form button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: len(drv.find_elements(By.CSS_SELECTOR, ".lesson-form")) == 1)

    def add_lesson(name, kind, hours):
        form = d.find_element(By.CSS_SELECTOR, ".lesson-form")
        fill(d, "f-t0-name", name)
        Select(d.find_element(By.ID, "f-t0-kind")).select_by_value(kind)
        fill(d, "f-t0-hours", hours)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    add_lesson("Охрана труда", "lecture", "0")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_element(By.ID, "f-t0-hours-err").text != "")
    add_lesson("Охрана труда", "lecture", "2")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_element(By.ID, "mod-hours").text == "2 ч")
    add_lesson("Сварка пластин", "practice", "4,5".replace(",", "."))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_element(By.ID, "mod-hours").text == "6,5 ч")
    screenshot(d, "10-module-plan")

    d.find_element(By.LINK_TEXT, "Параметры").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: "Виды сварки" in drv.find_element(By.ID, "f-knowledge").get_attribute("value"))
