"""The events journey of issue 15: a college's organizer builds a weekly event in the wizard (cover measured, schedule
checked against its coming dates), a moderator publishes it, a visitor on a phone finds it in the calendar by another
word form, signs up for a date, the organizer confirms from the desk, and the visitor downloads the certificate,
whose text pdftotext reads."""
import datetime, os, struct, subprocess, time, zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STALE, screenshot
from test_journeys import login, wait_text
from test_training import call, token, wait_for

NAME = "Профпроба «Сварщик на один день»"


def png(path, width, height):
    """A plain landscape picture, written byte by byte (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes([20, 90, 170]) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def set_value(d, field_id, value):
    """Date and time inputs take their value as the browser's locale shows it; set in ISO form instead."""
    d.execute_script("const el = document.getElementById(arguments[0]); el.value = arguments[1];"
                     "el.dispatchEvent(new Event('change', {bubbles: true}));", field_id, value)


def submit_step(d, next_step):
    d.find_element(By.CSS_SELECTOR, "#step button[type=submit]").click()
    WebDriverWait(d, 20).until(lambda drv: drv.current_url.endswith(next_step))


def logout(d):
    d.delete_all_cookies()
    d.execute_script("localStorage.clear(); sessionStorage.clear();")


def test_an_organizer_publishes_a_weekly_event_a_phone_visitor_signs_up_and_downloads_the_certificate(
        server, desktop, phone, tmp_path):
    d = desktop
    login(d, server, "contractor@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/events"))
    wait_for(d, "details.card summary").click()
    d.find_element(By.ID, "f-name").send_keys(NAME)
    d.find_element(By.CSS_SELECTOR, "#event-new button[type=submit]").click()
    WebDriverWait(d, 20).until(lambda drv: drv.current_url.endswith("/step1"))
    event = d.current_url.split("/events/")[1].split("/")[0]

    # 1. the name is checked as typed (65 characters, no Caps Lock); the length and its unit
    wait_for(d, "#f-shortDescription").send_keys("Три часа в сварочной мастерской: защита, оборудование, первый шов")
    d.find_element(By.ID, "f-durationValue").send_keys("3")
    Select(d.find_element(By.ID, "f-durationUnit")).select_by_value("hours")
    submit_step(d, "/step2")
    # 2. participants
    wait_for(d, "input[name=participantCategoryIds]").click()
    d.find_element(By.ID, "f-capacity").send_keys("5")
    Select(d.find_element(By.ID, "f-levelId")).select_by_index(1)
    Select(d.find_element(By.ID, "f-formId")).select_by_index(1)
    submit_step(d, "/step3")
    # 3. place
    wait_for(d, "#f-address").send_keys("г. Иркутск, ул. Ленина, 5, мастерская № 3")
    Select(d.find_element(By.ID, "f-municipalityId")).select_by_index(1)
    submit_step(d, "/step4")
    # 4. the description: the counter says how much is missing
    description = wait_for(d, "#f-description")
    description.send_keys("Коротко")
    assert "нужно ещё" in d.find_element(By.ID, "f-description-hint").text
    description.send_keys(". Участники попробуют себя в профессии сварщика: мастер покажет ручную дуговую сварку, "
                          "расскажет о безопасности, о работе на заводах региона и о программах техникума, а каждый "
                          "выполнит первый шов на учебном посту под присмотром.")
    d.find_element(By.ID, "f-contacts").send_keys("Орлова Наталья, +7 (3952) 50-02-87")
    submit_step(d, "/step5")

    # 5. every week on Tuesday and Thursday at 15:00, four times, from a week on; the dates show before going on
    starts = datetime.date.today() + datetime.timedelta(days=7)
    wait_for(d, "#f-schedule-startsOn")
    set_value(d, "f-schedule-startsOn", starts.isoformat())
    set_value(d, "f-schedule-startTime", "15:00")
    durations = d.find_element(By.ID, "f-schedule-durationMinutes")
    durations.clear()
    durations.send_keys("180")
    Select(d.find_element(By.ID, "f-schedule-repeat")).select_by_value("days_of_week")
    for day in ("2", "4"):
        d.find_element(By.CSS_SELECTOR, f"input[name=weekday][value='{day}']").click()
    Select(d.find_element(By.ID, "f-ends")).select_by_value("after")
    count = d.find_element(By.ID, "f-schedule-endsAfter")
    count.clear()
    count.send_keys("4")
    d.find_element(By.CSS_SELECTOR, "#step button[type=submit]").click()
    wait_text(d, "Расписание сохранено")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(
        lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "#dates li")) == 4)
    screenshot(d, "40-event-schedule")
    d.find_element(By.CSS_SELECTOR, f"a[href='#/events/{event}/step6']").click()

    # 6. the cover: a portrait picture is refused before upload, a landscape one of 800×500 is taken
    cover = wait_for(d, "#f-cover")
    cover.send_keys(png(str(tmp_path / "portrait.png"), 400, 600))
    d.find_element(By.CSS_SELECTOR, "#step button[type=submit]").click()
    wait_text(d, "Нужна горизонтальная обложка")
    d.find_element(By.ID, "f-cover").send_keys(png(str(tmp_path / "cover.png"), 800, 500))
    submit_step(d, "/step7")
    # 7. section and subsection of the calendar
    Select(wait_for(d, "#f-sectionId")).select_by_visible_text("Мероприятия")
    Select(d.find_element(By.ID, "f-subsectionId")).select_by_visible_text("Мастер-классы")
    submit_step(d, "/moderation")
    wait_for(d, "#act button[value=submit]").click()
    wait_text(d, "Статус: На модерации")

    # the moderator publishes it from the queue
    logout(d)
    login(d, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/events/moderation"))
    wait_for(d, f"a[href='#/events/{event}/preview']").click()
    wait_text(d, "Ближайшие даты")
    d.get(server.url(f"/#/events/{event}/moderation"))
    wait_for(d, "#act button[value=publish]").click()
    wait_text(d, "Статус: Опубликовано")

    # a visitor on a phone finds it by another word form («сварщики») in the month of its first date
    first = call(server, "GET", f"/api/v1/catalog/events/{event}")["occurrences"][0]
    month = first["start"][:7]
    p = phone
    p.get(server.url(f"/#/calendar?month={month}&view=list"))
    search = wait_for(p, "#f-q")
    search.send_keys("сварщики")
    p.find_element(By.CSS_SELECTOR, "#cal-form .filters button[type=submit]").click()
    link = WebDriverWait(p, 20, ignored_exceptions=STALE).until(
        lambda drv: [a for a in drv.find_elements(By.CSS_SELECTOR, "#cal-body a") if NAME in a.text])[0]
    assert p.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(p, "41-phone-calendar-found")
    link.click()
    wait_for(p, "#signup [data-login]").click()
    # signing in brings the visitor back to the event
    WebDriverWait(p, 20).until(lambda drv: drv.find_elements(By.ID, "f-email"))
    p.find_element(By.ID, "f-email").send_keys("learner@copp.demo")
    p.find_element(By.ID, "f-password").send_keys("Demo2026pass")
    p.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    WebDriverWait(p, 20).until(lambda drv: f"/calendar/{event}" in drv.current_url)
    wait_for(p, "#signup [data-start]").click()
    wait_text(p, "отправлена организатору")
    assert wait_for(p, "#signup .badge.good").text.startswith("Вы записаны")
    screenshot(p, "42-phone-signed-up")

    # the organizer confirms it from the desk
    logout(d)
    login(d, server, "contractor@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url(f"/#/event-signups?eventId={event}&status=new"))
    wait_for(d, "#desk-list a[href^='#/event-signups/']").click()
    wait_for(d, "#act button[value=confirm]").click()
    wait_text(d, "Подтверждена")

    # the visitor downloads the certificate from their sign-up: a PDF with their name and a code to verify
    downloads = str(tmp_path / "downloads")
    os.makedirs(downloads)
    p.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    p.get(server.url("/#/my/event-signups"))
    # the event page's «Вы записаны» links there too: wait for the list itself before following its link
    wait_text(p, "Мои мероприятия")
    wait_for(p, "li.card a[href^='#/my/event-signups/']").click()
    wait_for(p, ".doc-buttons [data-format=pdf]").click()
    deadline = time.time() + 60
    while time.time() < deadline and not [f for f in os.listdir(downloads) if f.endswith(".pdf")]:
        time.sleep(0.3)
    pdfs = [f for f in os.listdir(downloads) if f.endswith(".pdf")]
    assert pdfs, os.listdir(downloads)
    text = subprocess.run(["pdftotext", os.path.join(downloads, pdfs[0]), "-"], capture_output=True, text=True).stdout
    assert "Иванова Анна Сергеевна" in text and "Сварщик на один день" in text, text
    screenshot(p, "43-phone-certificate")
    code = text.split("код ")[-1][:10]
    assert call(server, "GET", f"/api/v1/documents/verify/{code}")["valid"] is True
