"""A developer builds a program, a moderator publishes it, an anonymous visitor finds it by another word form."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STALE, make_browser, screenshot
from test_journeys import fill, login, wait_text
from test_modules import test_developer_builds_a_module_plan as build_module_plan


def click_submit(d, form_id, text=None):
    buttons = d.find_elements(By.CSS_SELECTOR, f"#{form_id} button[type=submit]")
    [b for b in buttons if text is None or text in b.text][0].click()


def test_program_from_constructor_to_catalog(server, desktop):
    d = desktop
    build_module_plan(server, d)  # leaves a module with 6,5 h in the developer's college
    d.get(server.url("/#/programs"))
    wait_text(d, "Создать программу")
    d.find_element(By.CSS_SELECTOR, "details.card summary").click()
    fill(d, "f-fullName", "Повышение квалификации сварщиков ручной дуговой сварки")
    click_submit(d, "prog-new")
    wait_text(d, "1. Основное")
    Select(d.find_element(By.ID, "f-kindId")).select_by_visible_text("Повышение квалификации")
    fill(d, "f-price", "18000")
    click_submit(d, "step")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.current_url.endswith("/step2"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.ID, "f-studyFormId"))
    Select(d.find_element(By.ID, "f-studyFormId")).select_by_visible_text("Очная")
    click_submit(d, "step")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.current_url.endswith("/step3"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.ID, "f-description"))
    fill(d, "f-description", "Курс для действующих сварщиков: технология ручной дуговой сварки, контроль качества швов, "
                             "охрана труда и практика на постах учебной мастерской техникума.")
    click_submit(d, "step")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.current_url.endswith("/step4"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, "input[name=module]"))
    d.find_element(By.CSS_SELECTOR, "input[name=module]").click()
    click_submit(d, "step")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.current_url.endswith("/materials"))
    # a link among the materials, shown later on the public page
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.ID, "f-title"))
    fill(d, "f-title", "Стандарт компетенции «Сварочные технологии»")
    fill(d, "f-url", "https://example.org/standard.pdf")
    click_submit(d, "material")
    wait_text(d, "Стандарт компетенции «Сварочные технологии»")
    click_submit(d, "step")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.current_url.endswith("/moderation"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, "#act button[type=submit]"))
    click_submit(d, "act", "Отправить на модерацию")
    # повышение квалификации is at least 16 hours by law: the 6,5 h of the module are refused with the reason
    wait_text(d, "не менее 16 ч")
    program_url = d.current_url.rsplit("/", 1)[0]
    d.get(program_url + "/step1")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.ID, "f-kindId"))
    Select(d.find_element(By.ID, "f-kindId")).select_by_visible_text("Профессиональное обучение")
    click_submit(d, "step")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.current_url.endswith("/step2"))
    d.get(program_url + "/moderation")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, "#act button[type=submit]"))
    click_submit(d, "act", "Отправить на модерацию")
    wait_text(d, "Статус: На модерации")
    screenshot(d, "11-program-submitted")

    d.delete_all_cookies()
    login(d, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/moderation"))
    wait_text(d, "Повышение квалификации сварщиков")
    d.find_element(By.PARTIAL_LINK_TEXT, "Повышение квалификации сварщиков").click()
    # the queue opens the program read-only, the way the catalog will show it; the decision is one step further
    wait_text(d, "К решению по программе")
    assert "Профессиональное обучение" in d.find_element(By.ID, "main").text
    assert not d.find_elements(By.CSS_SELECTOR, "#main input, #main textarea")
    d.find_element(By.LINK_TEXT, "К решению по программе").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, "#act button[type=submit]"))
    click_submit(d, "act", "Опубликовать")
    wait_text(d, "Статус: Опубликована")

    visitor = make_browser(390, 844)
    try:
        visitor.get(server.url("/#/catalog"))
        WebDriverWait(visitor, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.ID, "f-q"))
        fill(visitor, "f-q", "квалификация сварщика")
        visitor.find_element(By.CSS_SELECTOR, "#cat-form button[type=submit]").click()
        WebDriverWait(visitor, 20, ignored_exceptions=STALE).until(lambda drv: "Повышение квалификации сварщиков" in drv.find_element(By.ID, "cat-results").text)
        visitor.execute_script("document.getElementById('cat-total').scrollIntoView()")
        screenshot(visitor, "12-catalog-phone")
        visitor.find_element(By.PARTIAL_LINK_TEXT, "Повышение квалификации сварщиков").click()
        WebDriverWait(visitor, 20, ignored_exceptions=STALE).until(lambda drv: "Модули" in drv.find_element(By.ID, "main").text)
        assert "6,5 ч" in visitor.find_element(By.ID, "main").text
        assert "Стандарт компетенции «Сварочные технологии»" in visitor.find_element(By.ID, "main").text, "materials are on the public page"
        assert "Войдите, чтобы записаться" in visitor.find_element(By.ID, "main").text
        # the organization's page links its published programs
        visitor.find_element(By.PARTIAL_LINK_TEXT, "Иркутский техникум машиностроения").click()
        WebDriverWait(visitor, 20, ignored_exceptions=STALE).until(lambda drv: "Программы" in drv.find_element(By.ID, "main").text)
        assert "Повышение квалификации сварщиков" in visitor.find_element(By.ID, "main").text
    finally:
        visitor.quit()
