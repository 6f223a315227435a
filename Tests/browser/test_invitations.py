"""An employer sends a list of people; a person named in it opens the e-mailed link on a phone, signs in and accepts the
application into her cabinet (nothing appears there before she does)."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import STALE, screenshot
from test_journeys import fill, login, wait_text
from test_training import call, published_program, snils, wait_for
from test_organizations import token


def test_a_person_accepts_the_employers_application_by_the_emailed_link(server, mail, phone):
    d = phone
    program = published_program(server)
    employer, learner = token(server, "employer@copp.demo"), token(server, "learner@copp.demo")
    call(server, "POST", "/api/v1/application-batches", {"programId": program, "kind": "employees", "rows": [
        {"lastName": "Иванова", "firstName": "Анна", "email": "learner@copp.demo", "snils": snils(500000001), "position": "Сварщик"}]}, employer)
    assert call(server, "GET", "/api/v1/me/applications", who=learner)["items"] == []
    message = mail.wait_for("learner@copp.demo")
    link = re.search(r"http\S+#/invitation\?token=[\w-]+", message["body"]).group(0)

    d.get(link)
    wait_text(d, "подала заявку")
    assert "Сварка в защитных газах" in d.find_element(By.ID, "main").text
    screenshot(d, "30-invitation-signed-out-phone")
    d.find_element(By.LINK_TEXT, "Войти").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.ID, "f-email"))
    fill(d, "f-email", "learner@copp.demo")
    fill(d, "f-password", "Demo2026pass")
    d.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait_for(d, "#accept-form button[type=submit]")
    screenshot(d, "31-invitation-accept-phone")
    d.find_element(By.CSS_SELECTOR, "#accept-form button[type=submit]").click()
    wait_text(d, "Сварка в защитных газах")
    assert "/applications/" in d.current_url
    assert len(call(server, "GET", "/api/v1/me/applications", who=learner)["items"]) == 1
    screenshot(d, "32-invitation-accepted-phone")
