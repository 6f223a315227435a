"""A learner applies from the program page; the college confirms her into a group, generates the schedule, enrolls her and
grades her in the journal — all through the web pages."""
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STALE, psql, screenshot
from test_journeys import fill, login, wait_text
from test_organizations import api, token


def call(server, method, path, body=None, who=None):
    return json.loads(api(server, method, path, body, token=who) or "null")


def published_program(server):
    """A 16-hour program of the demo college, published (set up through the API: the constructor has its own test)."""
    dev, moderator = token(server, "developer@copp.demo"), token(server, "moderator@copp.demo")
    module = call(server, "POST", "/api/v1/modules", {"name": "Сварка в защитных газах"}, dev)
    topic = call(server, "POST", f"/api/v1/modules/{module['id']}/topics", {"name": "Практика"}, dev)["topics"][0]["id"]
    call(server, "POST", f"/api/v1/modules/{module['id']}/topics/{topic}/lessons", {"name": "Сварка пластин", "kind": "practice", "hours": 16}, dev)
    kind = next(i["id"] for i in call(server, "GET", "/api/v1/directories/program_kinds")["items"] if i["code"] == "pk")
    form = next(i["id"] for i in call(server, "GET", "/api/v1/directories/study_forms")["items"] if i["code"] == "full_time")
    program = call(server, "POST", "/api/v1/programs", {
        "fullName": "Сварка в защитных газах для начинающих", "kindId": kind, "studyFormId": form, "funding": "free",
        "description": "Практический курс сварки в среде защитных газов на постах учебной мастерской техникума, с контролем качества швов."}, dev)
    call(server, "PUT", f"/api/v1/programs/{program['id']}/modules", {"moduleIds": [module["id"]]}, dev)
    call(server, "POST", f"/api/v1/programs/{program['id']}/submit", {}, dev)
    call(server, "POST", f"/api/v1/programs/{program['id']}/publish", {}, moderator)
    return program["id"]


def college_resources(server):
    """A teacher in the college's staff resources and a workshop."""
    contractor = token(server, "contractor@copp.demo")
    org = call(server, "GET", "/api/v1/me", who=contractor)["organizations"][0]["id"]
    call(server, "POST", f"/api/v1/organizations/{org}/staff-resources", {"lastName": "Смирнов", "firstName": "Дмитрий", "position": "Мастер п/о"}, contractor)
    building = call(server, "POST", f"/api/v1/organizations/{org}/object-groups", {"name": "Корпус 2", "address": "ул. Лермонтова, 83"}, contractor)
    call(server, "POST", f"/api/v1/organizations/{org}/rooms", {"name": "Сварочная мастерская", "objectGroupId": building["id"]}, contractor)


def wait_for(d, css, timeout=20):
    return WebDriverWait(d, timeout, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.CSS_SELECTOR, css))[0]


def test_apply_confirm_schedule_grade(server, desktop):
    d = desktop
    program = published_program(server)
    college_resources(server)

    # the learner applies from the program page
    login(d, server, "learner@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url(f"/#/catalog/{program}"))
    wait_for(d, "#apply-form button[type=submit]").click()
    wait_text(d, "отправлена")
    d.get(server.url("/#/my/applications"))
    wait_text(d, "Сварка в защитных газах для начинающих")
    wait_text(d, "Новая")

    # the college creates a group
    d.delete_all_cookies()
    login(d, server, "contractor@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/groups"))
    wait_for(d, "details.card summary").click()
    Select(d.find_element(By.ID, "f-programId")).select_by_visible_text("Сварка в защитных газах для начинающих")
    fill(d, "f-name", "СГ-1")
    fill(d, "f-maxSize", "12")
    d.execute_script("document.getElementById('f-startsOn').value = '2027-02-01'; document.getElementById('f-endsOn').value = '2027-02-28';")
    d.find_element(By.CSS_SELECTOR, "#group-form button[type=submit]").click()
    wait_text(d, "Часов в расписании")
    group_url = d.current_url

    # the desk: confirm the application into the group
    d.get(server.url("/#/applications"))
    wait_text(d, "Иванова Анна")
    wait_for(d, "#applications tbody a").click()
    wait_for(d, "button[data-action=confirm]").click()
    Select(wait_for(d, "#f-groupId")).select_by_index(1)
    d.find_element(By.CSS_SELECTOR, "#step button[type=submit]").click()
    wait_text(d, "Подтверждена")
    application_url = d.current_url

    # schedule: Mondays and Wednesdays, 4 academic hours; a second run the same days conflicts with the first
    d.get(group_url.split("#")[0] + "#" + group_url.split("#")[1] + "/schedule")
    wait_for(d, "#generate")
    for day in ("1", "3"):
        d.find_element(By.CSS_SELECTOR, f"input[name=wd][value='{day}']").click()
    fill(d, "f-academicHours", "4")
    Select(d.find_element(By.ID, "f-g-teacherId")).select_by_index(1)
    Select(d.find_element(By.ID, "f-g-roomId")).select_by_index(1)
    # the whole month would be 8 lessons × 4 h = 32 h > 16 h of the program: the form says so
    d.find_element(By.CSS_SELECTOR, "#generate button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(
        lambda drv: "Часов в расписании станет" in drv.find_element(By.CSS_SELECTOR, "[data-error-for=academicHours]").text)
    d.execute_script("document.getElementById('f-to').value = '2027-02-10';")
    d.find_element(By.CSS_SELECTOR, "#generate button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "#lessons tbody tr[data-id]")) == 4)
    wait_text(d, "Часов в расписании: 16")
    screenshot(d, "20-group-schedule")

    # enroll by order
    d.get(application_url)
    wait_for(d, "button[data-action=enroll]").click()
    fill(d, "f-orderNumber", "15-к")
    d.execute_script("document.getElementById('f-orderDate').value = '2027-01-29';")
    d.find_element(By.CSS_SELECTOR, "#step button[type=submit]").click()
    wait_text(d, "Обучается")
    wait_text(d, "приказ № 15-к")

    # the journal, by keyboard: 5 in the first cell, Enter moves down/right is arrows; Н in the second. Marks go to
    # lessons held, so the first two lessons (1 and 3 February 2027) are moved a year back, into the past.
    group_id = group_url.split("/groups/")[1].split("/")[0]
    psql("UPDATE schedule_lessons SET starts_at = starts_at - interval '1 year', ends_at = ends_at - interval '1 year' "
         f"WHERE group_id = '{group_id}' AND starts_at < '2027-02-04'", db=server.db)
    d.get(group_url + "/gradebook")
    first = wait_for(d, "input.mark[data-row='0'][data-col='0']")
    first.send_keys("5")
    first.send_keys(Keys.ARROW_RIGHT)
    WebDriverWait(d, 20).until(lambda drv: "Сохранено" in drv.find_element(By.ID, "journal-status").text)
    second = d.switch_to.active_element
    assert second.get_attribute("data-col") == "1"
    second.send_keys("н")
    second.send_keys(Keys.TAB)
    WebDriverWait(d, 20).until(lambda drv: drv.find_element(By.CSS_SELECTOR, "input.mark[data-col='1']").get_attribute("value") == "Н")
    d.refresh()
    wait_for(d, "input.mark[data-row='0'][data-col='0']")
    row = d.find_element(By.CSS_SELECTOR, "#journal tbody tr")
    assert row.find_element(By.CSS_SELECTOR, "input.mark[data-col='0']").get_attribute("value") == "5"
    assert "5.00" in row.text or "5" in row.find_element(By.CSS_SELECTOR, "td[data-label='Средняя']").text
    assert row.find_element(By.CSS_SELECTOR, "td[data-label='Пропуски']").text == "1"
    screenshot(d, "21-gradebook")

    # the learner sees her lessons in her week
    d.delete_all_cookies()
    login(d, server, "learner@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/schedule?date=2027-02-08"))  # the week of the two lessons still ahead
    wait_text(d, "Сварка в защитных газах для начинающих")
    assert len(d.find_elements(By.CSS_SELECTOR, ".week .day li")) == 2
    screenshot(d, "22-learner-week")


def snils(number):
    digits = f"{number:09d}"
    total = sum(int(c) * w for c, w in zip(digits, range(9, 0, -1)))
    control = total if total < 100 else 0 if total <= 101 else (0 if total % 101 == 100 else total % 101)
    return f"{digits}{control:02d}"


def employer_batch_form(d, server):
    """The demo employer on «Пакетные заявки» with the published welding program chosen."""
    published_program(server)
    login(d, server, "employer@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/application-batches"))
    wait_for(d, "#f-programSearch")
    fill(d, "f-programSearch", "сварка")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(
        lambda drv: "Сварка в защитных газах" in drv.find_element(By.ID, "f-programId").text)


def test_employer_uploads_employees_and_sees_errors_by_row(server, desktop, tmp_path):
    d = desktop
    employer_batch_form(d, server)
    rows = [f"Сотрудник{i};Иван;;worker{i}@zavod.ru;{snils(400000000 + i)};Сварщик" for i in range(1, 41)]
    rows[1] = "Сотрудник2;Иван;;worker2@zavod.ru;123-456-789 00;Сварщик"   # a wrong check number on file line 3
    bad = tmp_path / "bad.csv"
    bad.write_text("Фамилия;Имя;Отчество;E-mail;СНИЛС;Должность\n" + "\n".join(rows) + "\n", encoding="utf-8")
    d.find_element(By.ID, "f-file").send_keys(str(bad))
    d.find_element(By.CSS_SELECTOR, "#batch-form button[type=submit]").click()
    table = wait_for(d, "#batch-errors")
    assert "3" in table.text and "СНИЛС" in table.text, table.text
    screenshot(d, "23-batch-errors")

    rows[1] = f"Сотрудник2;Иван;;worker2@zavod.ru;{snils(400000002)};Сварщик"
    good = tmp_path / "good.csv"
    good.write_text("Фамилия;Имя;Отчество;E-mail;СНИЛС;Должность\n" + "\n".join(rows) + "\n", encoding="utf-8")
    d.find_element(By.ID, "f-file").send_keys(str(good))
    d.find_element(By.CSS_SELECTOR, "#batch-form button[type=submit]").click()
    wait_text(d, "принят: 40 заявок")
    # the page then lists the batch with its 40 people
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(
        lambda drv: any(td.text == "40" for td in drv.find_elements(By.CSS_SELECTOR, "td[data-label='Человек']")))
