"""Accessibility and the contract's page (issue 14): axe-core (WCAG 2.1 A/AA rules, from PyPI's axe-core-python) over
every page each role reaches — the public pages, then every entry of each role's cabinet menu and the cards behind
them — with no serious or critical violation; openapi.yaml loads in a YAML parser that refuses duplicate keys; /docs
renders the contract without a console error."""
import importlib.util
import os

import yaml
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, STALE
from test_journeys import login

AXE_JS = os.path.join(os.path.dirname(importlib.util.find_spec("axe_core_python").origin), "axe.min.js")
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PUBLIC = ["/#/", "/#/catalog", "/#/organizations", "/#/priority-competencies", "/#/directories", "/#/about",
          "/#/login", "/#/register", "/#/register/organization", "/#/forgot", "/#/no-such-page", "/#/calendar",
          "/#/calendar?view=list", "/#/verify", "/#/career"]
ROLES = ["learner", "contractor", "employer", "moderator", "admin"]


def visit(driver, url):
    """Opens a page and waits until it is drawn: a route change keeps the previous page until the new one replaces
    it, so a mark left in the old page must be gone (and the first page's «Загрузка…» too)."""
    if driver.current_url != url:
        driver.execute_script("document.getElementById('main')?.insertAdjacentHTML('afterbegin', "
                              "'<i id=\"stale-page\"></i>')")
        driver.get(url)
    WebDriverWait(driver, 20, ignored_exceptions=STALE).until(
        lambda d: d.execute_script("const m = document.getElementById('main'); return !!m && "
                                   "!document.getElementById('stale-page') && !m.textContent.includes('Загрузка…')"))


def violations(driver):
    """Serious and critical axe findings on the page as «rule: target — help»."""
    driver.execute_script(open(AXE_JS, encoding="utf-8").read())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then((r) => done(r.violations)).catch((e) => done([{id: 'axe-error', "
        "impact: 'critical', help: String(e), nodes: []}]));", RULES)
    return [f"{v['id']}: {', '.join(str(n['target']) for n in v['nodes'][:3])} — {v['help']}"
            for v in result if v.get("impact") in ("serious", "critical")]


VISITED = []


def walk(driver, site, paths, found):
    for path in paths:
        VISITED.append(path)
        visit(driver, site.url(path))
        for v in violations(driver):
            found.append(f"{path}: {v}")


def cabinet_paths(driver, site):
    """Every entry of the cabinet's menu, and the first card of each list behind it (a group, an application…)."""
    visit(driver, site.url("/#/cabinet"))
    base = site.url()
    menu = [a.get_attribute("href").split(base, 1)[1]
            for a in driver.find_elements(By.CSS_SELECTOR, ".side-menu nav a")]
    cards = []
    for path in menu:
        visit(driver, site.url(path))
        link = driver.find_elements(By.CSS_SELECTOR, "#main table.list tbody a[href^='#/']")
        if link:
            card = link[0].get_attribute("href").split(base, 1)[1]
            # a card's tabs are pages of their own: the journal and schedule of a group, the steps of a program
            tabs = {"groups": ["schedule", "gradebook"], "programs": ["preview", "step1", "step2", "step3", "step4"],
                    "events": ["preview", "step1", "step2", "step4", "step5", "step6", "step7", "moderation"]}
            kind, _, rest = card[3:].partition("/")
            cards += [f"/#/{kind}/{rest.split('/')[0]}/{t}" for t in tabs[kind]] if kind in tabs else [card]
    return menu + cards


def public_paths(driver, site):
    """The public pages, a program of the catalog and an organization's page among them."""
    paths = list(PUBLIC)
    for listing, prefix in (("/#/catalog", "#/catalog/"), ("/#/organizations", "#/organizations/"),
                            ("/#/calendar?view=list", "#/calendar/"), ("/#/career", "#/career/")):
        visit(driver, site.url(listing))
        try:  # the demo region may have no published program yet
            link = WebDriverWait(driver, 5).until(
                lambda d: d.find_element(By.CSS_SELECTOR, f"#main a[href^='{prefix}']"))
        except TimeoutException:
            continue
        paths.append("/#" + link.get_attribute("href").split("/#", 1)[1])
    return paths


def audit_site(driver, site, password="Demo2026pass"):
    found = []
    walk(driver, site, public_paths(driver, site), found)
    for role in ROLES:
        driver.delete_all_cookies()
        driver.execute_script("localStorage.clear(); sessionStorage.clear();")
        login(driver, site, f"{role}@copp.demo", password)
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".side-menu")))
        walk(driver, site, cabinet_paths(driver, site), found)
    return found


def test_every_page_has_no_serious_accessibility_violation(server, desktop):
    found = audit_site(desktop, server)
    assert not found, "\n".join(found)


def test_cabinet_on_a_phone_has_no_serious_accessibility_violation(server, phone):
    login(phone, server, "contractor@copp.demo", "Demo2026pass")
    WebDriverWait(phone, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".side-menu summary")))
    phone.find_element(By.CSS_SELECTOR, ".side-menu summary").click()
    found = violations(phone)
    visit(phone, server.url("/#/applications"))
    found += violations(phone)
    assert not found, "\n".join(found)


class StrictLoader(yaml.SafeLoader):
    """Refuses a mapping that repeats a key, as Swagger UI's parser does (PyYAML keeps the last one silently)."""


def _no_duplicates(loader, node, deep=False):
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        keys.add(key)
    return loader.construct_mapping(node, deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def test_openapi_loads_in_a_strict_yaml_parser():
    with open(os.path.join(ROOT, "openapi.yaml"), encoding="utf-8") as f:
        spec = yaml.load(f, Loader=StrictLoader)
    assert spec["openapi"].startswith("3.")
    assert len(spec["paths"]) > 100


def test_docs_render_the_contract_without_console_errors(server, desktop):
    desktop.get(server.url("/docs"))
    WebDriverWait(desktop, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".opblock")) > 100)
    severe = [entry["message"] for entry in desktop.get_log("browser") if entry["level"] == "SEVERE"]
    assert not severe, severe
