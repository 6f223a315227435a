"""Program expertise (issue 17): the college sends a published program to expertise from its card; five experts of
other organizations take it in work one after another — while one holds it, the next sees it taken — rate it on the
expert sheet (the first is told which criterion is missing; one rates on a phone); the catalog's list then shows
«Прошла экспертизу», the college reads the ratings and downloads an expert sheet (DOCX), and the moderator downloads the
final protocol (XLSX) with the program in it."""
import os, time, zipfile

from selenium.webdriver.common.by import By

from conftest import psql, screenshot
from test_events import logout
from test_journeys import login, wait_text
from test_organizations import token
from test_training import call, published_program, wait_for

NAME = "Сварка в защитных газах для начинающих"


def click(driver, el):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def downloaded(folder, suffix, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [f for f in os.listdir(folder) if f.endswith(suffix)]
        if done:
            return os.path.join(folder, done[0])
        time.sleep(0.3)
    raise AssertionError(f"no {suffix} in {os.listdir(folder)}")


def office_text(path, part):
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def rate(driver, server, email, marks):
    """An expert takes the program in work from the queue and rates it with `marks` (one per criterion)."""
    login(driver, server, email, "Demo2026pass")
    wait_text(driver, "Личный кабинет")
    driver.get(server.url("/#/expertise"))
    wait_text(driver, NAME)
    click(driver, wait_for(driver, "[data-take]"))
    wait_for(driver, "#sheet .q-scale")
    scales = driver.find_elements(By.CSS_SELECTOR, "#sheet .q-scale")
    assert len(scales) == len(marks), len(scales)
    for scale, mark in zip(scales, marks):
        click(driver, scale.find_elements(By.CSS_SELECTOR, "label")[mark - 1])
    click(driver, driver.find_element(By.CSS_SELECTOR, "#sheet button[type=submit]"))
    wait_text(driver, "Оценка сохранена")
    logout(driver)


def test_five_experts_rate_a_program_it_passes_and_the_protocol_downloads(server, desktop, phone, tmp_path):
    program = published_program(server)
    admin = token(server, "admin@copp.demo")
    experts = []
    for n in range(5):
        email = f"e2e-expert{n}@experts.ru"
        call(server, "POST", "/api/v1/admin/users",
             {"email": email, "lastName": f"Экспертова{n}", "firstName": "Анна", "roles": ["expert"]}, admin)
        experts.append(email)
    # created users set their password from the e-mailed link; here they get the demo one
    psql("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'expert@copp.demo'), "
         "email_confirmed_at = now(), personal_data_consent_at = now() WHERE email LIKE 'e2e-expert%'", server.db)

    # the college sends the program from its card
    d = desktop
    login(d, server, "developer@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url(f"/#/programs/{program}/expertise"))
    click(d, wait_for(d, "#send-expertise"))
    wait_text(d, "Программа направлена на экспертизу")
    logout(d)

    # the first expert holds it; the second sees it taken and cannot take it
    login(d, server, experts[0], "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/expertise"))
    click(d, wait_for(d, "[data-take]"))
    wait_for(d, "#sheet")
    logout(d)
    p = phone
    login(p, server, experts[1], "Demo2026pass")
    wait_text(p, "Личный кабинет")
    p.get(server.url("/#/expertise"))
    wait_text(p, "в работе у другого эксперта")
    assert not p.find_elements(By.CSS_SELECTOR, "[data-take]")
    screenshot(p, "61-expertise-queue-taken-phone")
    logout(p)

    # the first expert comes back to the sheet from the queue and rates it
    login(d, server, experts[0], "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/expertise"))
    wait_text(d, "Открыть лист")
    click(d, d.find_element(By.LINK_TEXT, "Открыть лист"))
    wait_for(d, "#sheet .q-scale")
    scales = d.find_elements(By.CSS_SELECTOR, "#sheet .q-scale")
    for scale in scales[:-1]:
        click(d, scale.find_elements(By.CSS_SELECTOR, "label")[4])
    click(d, d.find_element(By.CSS_SELECTOR, "#sheet button[type=submit]"))
    wait_text(d, "Ответьте на вопрос «Обеспеченность кадрами")
    screenshot(d, "60-expert-sheet-missing")
    click(d, scales[-1].find_elements(By.CSS_SELECTOR, "label")[3])
    d.find_element(By.ID, "comment").send_keys("Сильная практическая часть, не хватает стажировки")
    click(d, d.find_element(By.CSS_SELECTOR, "#sheet button[type=submit]"))
    wait_text(d, "Оценка сохранена")
    logout(d)

    # three more on the desktop, the fifth on a phone
    for email in experts[1:4]:
        rate(d, server, email, [4, 4, 5, 4, 4])
    rate(p, server, experts[4], [5, 4, 4, 4, 5])
    assert p.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scroll"

    # the catalog's list says so
    d.get(server.url("/#/catalog?q=" + "защитных газах"))
    card = wait_for(d, f"a.card[href='#/catalog/{program}']")
    wait_text(d, "Прошла экспертизу")
    assert "Прошла экспертизу" in card.text, card.text
    screenshot(d, "62-catalog-expertise-passed")

    # the college reads the five ratings and downloads the first expert's sheet
    downloads = str(tmp_path / "downloads")
    os.makedirs(downloads)
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    login(d, server, "developer@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url(f"/#/programs/{program}/expertise"))
    wait_text(d, "Прошла экспертизу")
    wait_text(d, "Сильная практическая часть")
    assert len(d.find_elements(By.CSS_SELECTOR, "#expertise-tab [data-sheet]")) == 5
    click(d, d.find_elements(By.CSS_SELECTOR, "#expertise-tab [data-sheet]")[0])
    sheet = office_text(downloaded(downloads, ".docx"), "word/document.xml")
    assert "Экспертова0" in sheet and NAME in sheet and "Итоговая оценка" in sheet, sheet[:2000]
    logout(d)

    # the moderator downloads the protocol
    login(d, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.find_element(By.LINK_TEXT, "Результаты экспертизы").click()
    wait_text(d, NAME)
    screenshot(d, "63-expertise-protocol")
    click(d, wait_for(d, "#protocol-xlsx"))
    table = office_text(downloaded(downloads, ".xlsx"), "xl/worksheets/sheet1.xml")
    assert NAME in table and "Экспертова4" in table, table[:2000]
