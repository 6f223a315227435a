"""Work on a 390×844 phone (issue 14): the college's desk opens with the page, not the menu, and its table reads as
labelled cards; the journal takes a mark one lesson at a time; the employer uploads an Excel CSV in Windows-1251 and
follows an employee's application to its card."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STALE, psql, screenshot
from test_journeys import login, wait_text
from test_training import (call, college_resources, employer_batch_form, published_program, snils, token,
                           wait_for)


def enrolled_learner(server, program):
    """The demo learner applied, confirmed into a February 2027 group of four lessons and enrolled; the first two
    lessons are moved a year back, so they have been held and take marks."""
    learner, college = token(server, "learner@copp.demo"), token(server, "contractor@copp.demo")
    application = call(server, "POST", f"/api/v1/programs/{program}/applications", {}, learner)["id"]
    group = call(server, "POST", "/api/v1/groups", {"programId": program, "name": "СГ-Т", "maxSize": 10,
                                                   "startsOn": "2027-02-01", "endsOn": "2027-02-28"}, college)["id"]
    call(server, "POST", f"/api/v1/applications/{application}/confirm", {"groupId": group}, college)
    call(server, "POST", f"/api/v1/groups/{group}/schedule", {"from": "2027-02-01", "to": "2027-02-10",
                                                              "weekdays": [1, 3], "startTime": "10:00",
                                                              "academicHours": 4}, college)
    call(server, "POST", f"/api/v1/applications/{application}/enroll",
         {"orderNumber": "7-к", "orderDate": "2027-01-29"}, college)
    psql("UPDATE schedule_lessons SET starts_at = starts_at - interval '1 year', ends_at = ends_at - interval '1 year' "
         f"WHERE group_id = '{group}' AND starts_at < '2027-02-04'", db=server.db)
    return application, group


def test_college_works_its_desk_and_journal_on_a_phone(server, phone):
    d = phone
    program = published_program(server)
    college_resources(server)
    application, group = enrolled_learner(server, program)

    login(d, server, "contractor@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/applications"))
    row = wait_for(d, "#applications tbody tr")
    # the page's title is on the first screen: the menu is one folded line above it, with the desk's counter
    title = d.find_element(By.CSS_SELECTOR, "#main h1")
    assert title.rect["y"] < 400, title.rect
    assert not d.find_element(By.CSS_SELECTOR, ".side-menu").get_attribute("open")
    # a row is a card: each cell says which column it is
    cell = row.find_elements(By.CSS_SELECTOR, "td")[0]
    assert cell.get_attribute("data-label"), cell.get_attribute("outerHTML")
    assert cell.value_of_css_property("display") == "block"
    assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(d, "30-phone-desk")
    d.find_element(By.CSS_SELECTOR, ".side-menu summary").click()
    WebDriverWait(d, 5).until(lambda drv: drv.find_element(By.CSS_SELECTOR, ".side-menu nav a").is_displayed())
    screenshot(d, "31-phone-menu")

    # the journal: one lesson at a time (the last one held is shown first), a picker per learner
    d.get(server.url(f"/#/groups/{group}/gradebook"))
    lesson = Select(wait_for(d, "#journal-lesson"))
    assert lesson.first_selected_option.text.startswith("03.02"), lesson.first_selected_option.text
    Select(wait_for(d, "select.mark")).select_by_value("5")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(
        lambda drv: "Сохранено" in drv.find_element(By.ID, "journal-status").text)
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(
        lambda drv: drv.find_element(By.CSS_SELECTOR, "[data-average]").text == "5")
    # a lesson still ahead cannot be marked
    lesson.select_by_index(2)
    assert not wait_for(d, "select.mark").is_enabled()
    screenshot(d, "32-phone-journal")

    # the learner sees the mark on her application
    d.delete_all_cookies()
    d.execute_script("localStorage.clear(); sessionStorage.clear();")
    login(d, server, "learner@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url(f"/#/my/applications/{application}"))
    wait_text(d, "Мои оценки")
    assert "Средний балл: 5" in d.find_element(By.ID, "main").text
    assert not d.find_elements(By.CSS_SELECTOR, f"#main a[href='#/groups/{group}']")


def test_employer_uploads_a_windows_1251_file_on_a_phone_and_opens_an_employees_application(server, phone, tmp_path):
    d = phone
    employer_batch_form(d, server)
    # what Excel on a Russian Windows saves: semicolons, Windows-1251, dates as ДД.ММ.ГГГГ
    rows = [f"Работник{i};Пётр;;worker{i}@zavod.ru;{snils(500000000 + i)};Сварщик;;14.05.1990" for i in (1, 2)]
    upload = tmp_path / "excel.csv"
    upload.write_bytes(("Фамилия;Имя;Отчество;E-mail;СНИЛС;Должность;Телефон;Дата рождения\r\n"
                        + "\r\n".join(rows) + "\r\n").encode("cp1251"))
    d.find_element(By.ID, "f-file").send_keys(str(upload))
    d.find_element(By.CSS_SELECTOR, "#batch-form button[type=submit]").click()
    wait_text(d, "принят: 2 заявки")
    screenshot(d, "33-phone-batch")
    # the batch's people → one person's application opens (it used to be «Не найдено» for the employer)
    wait_for(d, "table.list tbody a[href*='batchId']").click()
    wait_for(d, "#applications tbody a").click()
    wait_text(d, "Заявка №")
    assert "Не найдено" not in d.find_element(By.ID, "main").text
    assert "Работник" in d.find_element(By.ID, "main").text
