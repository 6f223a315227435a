"""Learning materials (issue 16): a teacher writes a material with a link, attaches it to a topic of the program's
module from the plan's list, sends it to expertise; a moderator approves it on a phone; the learner of the program
finds it in «Мои материалы»; an anonymous visitor finds it in the library by another word form."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import screenshot
from test_journeys import fill, login, wait_text
from test_organizations import token
from test_tests import group_with_learner
from test_training import call, wait_for


def test_teacher_writes_a_material_expert_approves_it_learner_and_library_find_it(server, desktop, phone):
    group = group_with_learner(server)
    teacher = token(server, "teacher@copp.demo")
    # the module of the program the learner's group studies
    program_id = call(server, "GET", f"/api/v1/groups/{group}", who=teacher)["program"]["id"]
    first = call(server, "GET", f"/api/v1/programs/{program_id}", who=teacher)["modules"][0]
    module = first.get("id") or first.get("moduleId")

    # the teacher writes the material and adds a link
    d = desktop
    login(d, server, "teacher@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/materials/new"))
    wait_for(d, "#material-form #f-name")
    fill(d, "f-name", "Режимы ручной дуговой сварки")
    fill(d, "f-summary", "Таблица режимов для электродов 2–5 мм.")
    Select(d.find_element(By.ID, "f-visibility")).select_by_visible_text("Публичный")
    d.find_element(By.CSS_SELECTOR, "#material-form button[type=submit]").click()
    wait_for(d, "#link-form")
    fill(d, "f-link-title", "Видеоурок")
    fill(d, "f-link-url", "https://video.example.ru/rezhimy")
    d.find_element(By.CSS_SELECTOR, "#link-form button[type=submit]").click()
    wait_text(d, "Ссылка добавлена")
    d.find_element(By.ID, "to-expertise").click()
    wait_text(d, "Материал направлен на экспертизу")
    screenshot(d, "49-material-card")

    # attaches it to the first topic of the module from the plan's list
    d.get(server.url(f"/#/modules/{module}/plan"))
    select = Select(wait_for(d, ".attach-form select"))
    select.select_by_visible_text("Режимы ручной дуговой сварки")
    d.find_element(By.CSS_SELECTOR, ".attach-form button[type=submit]").click()
    WebDriverWait(d, 20).until(lambda drv: "Режимы ручной дуговой сварки" in drv.find_element(
        By.CSS_SELECTOR, ".topic-materials ul").text)

    # a moderator approves it on a phone
    p = phone
    login(p, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(p, "Личный кабинет")
    p.get(server.url("/#/materials/expertise"))
    wait_for(p, "#main table a").click()
    wait_for(p, "#expertise-form")
    p.find_element(By.XPATH, "//label[contains(@class, 'grade-choice')][input[@value='true']]").click()
    p.find_element(By.CSS_SELECTOR, "#expertise-form button[type=submit]").click()
    wait_text(p, "Решение сохранено")
    screenshot(p, "50-material-approved-phone")

    # the learner of the program finds it among their materials
    p.delete_all_cookies()
    login(p, server, "learner@copp.demo", "Demo2026pass")
    wait_text(p, "Личный кабинет")
    p.get(server.url("/#/my/materials"))
    wait_text(p, "Режимы ручной дуговой сварки")

    # an anonymous visitor finds it in the library by another word form
    d.delete_all_cookies()
    d.get(server.url("/#/library?q=режим сварке"))
    d.refresh()
    wait_text(d, "Режимы ручной дуговой сварки")
    screenshot(d, "51-library")
