"""Main journeys in the Russian UI, driven in headless Chromium against the real server, database and SMTP sink."""
import re, time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STALE, MailSink, Server, screenshot


def wait_text(driver, text, timeout=20):
    WebDriverWait(driver, timeout).until(EC.text_to_be_present_in_element((By.ID, "main"), text))


def fill(driver, field_id, value):
    el = driver.find_element(By.ID, field_id)
    el.clear()
    el.send_keys(value)


def login(driver, server, email, password):
    driver.get(server.url("/#/login"))
    WebDriverWait(driver, 20, ignored_exceptions=STALE).until(EC.presence_of_element_located((By.ID, "f-email")))
    fill(driver, "f-email", email)
    fill(driver, "f-password", password)
    driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()


def test_learner_registers_confirms_by_email_and_sees_cabinet(server, mail, phone):
    d = phone
    d.get(server.url("/#/register"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(EC.presence_of_element_located((By.ID, "f-lastName")))
    # first an invalid SNILS and no consent: errors appear next to the fields, nothing is lost
    fill(d, "f-lastName", "Петрова")
    fill(d, "f-firstName", "Мария")
    fill(d, "f-email", "maria.petrova@example.ru")
    fill(d, "f-password", "Maria2026pass")
    fill(d, "f-snils", "112-233-445 96")
    d.find_element(By.CSS_SELECTOR, "#register-form button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_element(By.ID, "f-snils-err").text != "")
    assert "СНИЛС" in d.find_element(By.ID, "f-snils-err").text
    assert d.find_element(By.ID, "f-personalDataConsent-err").text != ""
    assert d.find_element(By.ID, "f-lastName").get_attribute("value") == "Петрова"
    screenshot(d, "01-register-errors-phone")

    fill(d, "f-snils", "112-233-445 95")
    d.find_element(By.ID, "f-personalDataConsent").click()
    d.find_element(By.CSS_SELECTOR, "#register-form button[type=submit]").click()
    wait_text(d, "Проверьте почту")

    message = mail.wait_for("maria.petrova@example.ru")
    assert message["subject"] == "Подтвердите адрес электронной почты"
    link = re.search(r"(http\S+token=[\w-]+)", message["body"]).group(1)
    d.get(link)
    wait_text(d, "Адрес подтверждён")

    login(d, server, "maria.petrova@example.ru", "Maria2026pass")
    wait_text(d, "Личный кабинет")
    wait_text(d, "Обучающийся")
    screenshot(d, "02-learner-cabinet-phone")
    # the cabinet menu follows the roles (folded on a phone: its entries are there, under «Меню кабинета»)
    side = d.find_element(By.CSS_SELECTOR, ".side-menu").get_attribute("textContent")
    assert "Мои сообщения" in side and "Пользователи" not in side
    # the page fits a phone: nothing scrolls sideways
    assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_organization_registers_and_moderator_approves_it(server, mail, desktop):
    d = desktop
    d.get(server.url("/#/register/organization"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(EC.presence_of_element_located((By.ID, "f-organization-inn")))
    Select(d.find_element(By.ID, "f-organization-kind")).select_by_value("employer")
    fill(d, "f-organization-fullName", "Общество с ограниченной ответственностью «Байкальские верфи»")
    fill(d, "f-organization-shortName", "ООО «Байкальские верфи»")
    fill(d, "f-organization-inn", "3808000111")  # wrong check digit first
    fill(d, "f-organization-kpp", "381101001")
    fill(d, "f-organization-ogrn", "1023808000116")
    fill(d, "f-organization-address", "г. Иркутск, ул. Байкальская, 100")
    fill(d, "f-organization-phone", "+7 (3952) 12-34-56")
    fill(d, "f-organization-email", "info@verfi.example")
    fill(d, "f-account-lastName", "Громов")
    fill(d, "f-account-firstName", "Олег")
    fill(d, "f-account-email", "gromov@verfi.example")
    fill(d, "f-account-password", "Verfi2026pass")
    d.find_element(By.ID, "f-personalDataConsent").click()
    d.find_element(By.CSS_SELECTOR, "#org-form button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_element(By.ID, "f-organization-inn-err").text != "")
    assert "ИНН" in d.find_element(By.ID, "f-organization-inn-err").text
    screenshot(d, "03-organization-inn-error")
    fill(d, "f-organization-inn", "3808000110")
    d.find_element(By.CSS_SELECTOR, "#org-form button[type=submit]").click()
    wait_text(d, "Заявка отправлена")

    login(d, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/admin/organizations"))
    wait_text(d, "ООО «Байкальские верфи»")
    screenshot(d, "04-moderation-queue")
    card = [c for c in d.find_elements(By.CSS_SELECTOR, "#org-list article") if "Байкальские верфи" in c.text][0]
    card.find_element(By.CSS_SELECTOR, "[data-approve]").click()
    wait_text(d, "Организация одобрена")
    assert mail.wait_for("gromov@verfi.example", timeout=30)  # confirmation e-mail at least
    deadline = time.time() + 30
    while time.time() < deadline and not any(m["subject"] == "Организация одобрена" for m in mail.messages()):
        time.sleep(0.3)
    assert any(m["subject"] == "Организация одобрена" and "gromov@verfi.example" in m["to"] for m in mail.messages())


def test_admin_finds_and_blocks_a_user(server, mail, desktop):
    d = desktop
    login(d, server, "admin@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    side = d.find_element(By.CSS_SELECTOR, ".side-menu").text
    assert "Пользователи" in side and "Журнал изменений" in side and "Организации на проверке" in side
    d.get(server.url("/#/admin/users"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(EC.presence_of_element_located((By.ID, "f-q")))
    fill(d, "f-q", "иванова")
    Select(d.find_element(By.ID, "f-role")).select_by_value("learner")
    d.find_element(By.CSS_SELECTOR, "#user-filters button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "#user-rows tr[data-id]")) == 1)
    row = d.find_element(By.CSS_SELECTOR, "#user-rows tr[data-id]")
    assert "learner@copp.demo" in row.text
    row.find_element(By.CSS_SELECTOR, "[data-act=block]").click()
    # the reason is asked in a dialog of the page, and required
    dialog = WebDriverWait(d, 10, ignored_exceptions=STALE).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog.ask")))
    assert "Заблокировать" in dialog.text
    dialog.find_element(By.CSS_SELECTOR, "button[value=ok]").click()
    assert "Заполните это поле" in dialog.text
    dialog.find_element(By.TAG_NAME, "textarea").send_keys("Проверка блокировки")
    dialog.find_element(By.CSS_SELECTOR, "button[value=ok]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: "заблокирован" in drv.find_element(By.ID, "user-rows").text)
    screenshot(d, "05-admin-users")
    # the change is in the audit log, with the reason
    d.get(server.url("/#/admin/audit"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: "Блокировка" in drv.find_element(By.ID, "main").text)
    assert "Проверка блокировки" in d.find_element(By.ID, "audit-rows").text
    screenshot(d, "06-audit-log")


def test_mail_queued_while_smtp_is_down_is_delivered_later(phone):
    """The SMTP server is down when the e-mail is queued; it arrives once the server is up (retry with backoff)."""
    sink = MailSink()
    server = Server(sink.smtp_port, demo=True)
    try:
        import urllib.request, json
        req = urllib.request.Request(server.url("/api/v1/auth/password-reset/request"), data=json.dumps({"email": "learner@copp.demo"}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        assert urllib.request.urlopen(req).status == 202
        time.sleep(1.5)  # the first delivery attempt fails: nothing listens yet
        sink.start()
        message = sink.wait_for("learner@copp.demo", timeout=45)
        assert message["subject"] == "Восстановление пароля"
    finally:
        server.stop()
        sink.stop()
