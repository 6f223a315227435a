"""Organization profile, inventory and directories in the browser; CSV exports read back with Python's csv module."""
import csv, io, json, urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STALE, screenshot
from test_journeys import fill, login, wait_text


def api(server, method, path, body=None, token=None, accept="application/json"):
    headers = {"Accept": accept}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(server.url(path), data=json.dumps(body).encode() if body is not None else None, headers=headers, method=method)
    with urllib.request.urlopen(req) as r:
        return r.read().decode("utf-8")


def token(server, email):
    return json.loads(api(server, "POST", "/api/v1/auth/login", {"email": email, "password": "Demo2026pass"}))["accessToken"]


def test_college_edits_requisites_and_inventory_and_the_public_sees_its_page(server, desktop):
    d = desktop
    login(d, server, "contractor@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.find_element(By.LINK_TEXT, "Профиль организации").click()
    wait_text(d, "Профиль: ГАПОУ ИО «ИТМ»")
    # the menu already says «Профиль: …»: wait for the page's tabs
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_elements(By.LINK_TEXT, "Реквизиты"))
    d.find_element(By.LINK_TEXT, "Реквизиты").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(EC.presence_of_element_located((By.ID, "f-settlementAccount")))
    fill(d, "f-settlementAccount", "40702810938000000002")  # wrong control key for this BIK
    d.find_element(By.CSS_SELECTOR, "#tab-form button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_element(By.ID, "f-settlementAccount-err").text != "")
    assert "БИК" in d.find_element(By.ID, "f-settlementAccount-err").text
    screenshot(d, "07-requisites-error")
    fill(d, "f-settlementAccount", "40702810938000000001")
    d.find_element(By.CSS_SELECTOR, "#tab-form button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: "сохранены" in drv.find_element(By.ID, "profile-status").text)

    d.get(d.current_url.replace("/profile/requisites", "/inventory/rooms"))
    wait_text(d, "Инвентаризация")
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: "Токарная мастерская с ЧПУ" in drv.find_element(By.ID, "inv-rows").text)
    row = [r for r in d.find_elements(By.CSS_SELECTOR, "#inv-rows tr") if "Токарная мастерская" in r.text][0]
    row.find_element(By.CSS_SELECTOR, "[data-copy]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: drv.find_element(By.ID, "f-name").get_attribute("value").endswith("(копия)"))
    fill(d, "f-number", "102")
    d.find_element(By.CSS_SELECTOR, "#inv-form button[type=submit]").click()
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: "(копия)" in drv.find_element(By.ID, "inv-rows").text)
    screenshot(d, "08-inventory-rooms")

    # anyone: the organizations list and the public page with contacts, no bank accounts
    d.get(server.url("/#/organizations"))
    WebDriverWait(d, 20, ignored_exceptions=STALE).until(lambda drv: "Иркутский техникум машиностроения" in drv.find_element(By.ID, "org-cards").text)
    d.find_element(By.PARTIAL_LINK_TEXT, "Иркутский техникум машиностроения").click()
    wait_text(d, "Контакты")
    assert "info@itm.example" in d.find_element(By.ID, "main").text
    screenshot(d, "09-organization-page")


def test_csv_exports_open_with_python_csv_and_have_every_row(server):
    staff = token(server, "staff@copp.demo")
    me = json.loads(api(server, "GET", "/api/v1/me", token=token(server, "contractor@copp.demo")))
    org = me["organizations"][0]["id"]
    for path, count_path in [
        ("/api/v1/directories/competencies", "/api/v1/directories/competencies?limit=200"),
        ("/api/v1/directories/professions", "/api/v1/directories/professions?limit=200"),
        (f"/api/v1/organizations/{org}/rooms", f"/api/v1/organizations/{org}/rooms?limit=200"),
        (f"/api/v1/organizations/{org}/equipment", f"/api/v1/organizations/{org}/equipment?limit=200"),
        (f"/api/v1/organizations/{org}/staff-resources", f"/api/v1/organizations/{org}/staff-resources?limit=200"),
        ("/api/v1/organizations", "/api/v1/organizations?limit=200"),
    ]:
        text = api(server, "GET", path, token=staff, accept="text/csv")
        assert text.startswith("\ufeff"), path
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        expected = len(json.loads(api(server, "GET", count_path, token=staff))["items"])
        assert len(rows) - 1 == expected > 0, (path, len(rows), expected)
        assert all(len(r) == len(rows[0]) for r in rows), path
