"""Check tasks (issue 16): a teacher writes a task with a link, gives it to a group with a due date; the learner hands
in an answer with a photo on a phone; the teacher returns it with a comment, the learner hands it in again, the
teacher grades it; the learner sees the grade and the teacher sees it in the group's journal."""
import base64
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import screenshot
from test_journeys import fill, login, wait_text
from test_tests import group_with_learner
from test_training import wait_for

# a 1×1 PNG: a photo of the weld as far as the server's content check goes
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                       "AAAABJRU5ErkJggg==")


def test_teacher_gives_a_task_learner_hands_in_on_a_phone_teacher_grades(server, desktop, phone):
    group = group_with_learner(server)

    # the teacher writes the task, adds a link and gives it to the group
    d = desktop
    login(d, server, "teacher@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.get(server.url("/#/check-tasks/new"))
    wait_for(d, "#task-form #f-name")
    fill(d, "f-name", "Сварка таврового соединения")
    fill(d, "f-description", "Сварите тавр и сфотографируйте шов.")
    Select(wait_for(d, "#f-grading")).select_by_visible_text("Баллы от 1 до 5")
    d.find_element(By.CSS_SELECTOR, "#task-form button[type=submit]").click()
    wait_for(d, "#link-form")
    fill(d, "f-link-title", "Методичка по тавровым швам")
    fill(d, "f-link-url", "https://example.ru/tavr.pdf")
    d.find_element(By.CSS_SELECTOR, "#link-form button[type=submit]").click()
    wait_text(d, "Ссылка добавлена")
    Select(wait_for(d, "#f-groupId")).select_by_visible_text("СГ-Т")
    d.find_element(By.CSS_SELECTOR, "#assign-form button[type=submit]").click()
    wait_text(d, "Задание назначено группе")
    screenshot(d, "44-check-task-card")

    # the learner on a phone: the task with its link, an answer with a photo
    p = phone
    login(p, server, "learner@copp.demo", "Demo2026pass")
    wait_text(p, "Личный кабинет")
    p.get(server.url("/#/my/check-tasks"))
    wait_for(p, "#main h2 a").click()
    wait_text(p, "Методичка по тавровым швам")
    fill(p, "f-text", "Катет шва 5 мм, ток 120 А.")
    with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as f:
        f.write(PNG)
    try:
        p.find_element(By.ID, "answer-file").send_keys(f.name)
        WebDriverWait(p, 20).until(lambda drv: os.path.basename(f.name) in drv.find_element(By.ID, "answer-files").text)
    finally:
        os.unlink(f.name)
    p.find_element(By.CSS_SELECTOR, "#answer-form button[type=submit]").click()
    wait_text(p, "Ответ сдан")
    wait_text(p, "на проверке")
    screenshot(p, "45-check-task-handed-in-phone")

    # the teacher returns it with a comment
    d.get(server.url("/#/check-tasks/answers"))
    wait_for(d, "#list a[href^='#/check-tasks/answers/']").click()
    wait_text(d, "Катет шва 5 мм")
    wait_for(d, "img.answer-photo")
    fill(d, "f-comment", "Добавьте фото обратной стороны")
    d.find_element(By.ID, "return").click()
    wait_text(d, "Ответ возвращён на доработку")

    # the learner reads the comment and hands in again
    p.get(server.url("/#/my/check-tasks"))
    wait_text(p, "на доработке")
    wait_for(p, "#main h2 a").click()
    wait_text(p, "Добавьте фото обратной стороны")
    fill(p, "f-text", "Катет шва 5 мм, ток 120 А. Обратная сторона проварена.")
    p.find_element(By.CSS_SELECTOR, "#answer-form button[type=submit]").click()
    wait_text(p, "Ответ сдан")

    # the teacher grades the new version (the page reloads it) with a 5
    d.refresh()
    wait_text(d, "Обратная сторона проварена")
    d.find_element(By.XPATH, "//label[contains(@class, 'grade-choice')][input[@value='5']]").click()
    fill(d, "f-comment", "Отлично")
    d.find_element(By.CSS_SELECTOR, "#grade-form button[type=submit]").click()
    wait_text(d, "Оценка сохранена")
    screenshot(d, "46-check-task-graded")

    # the learner sees the grade; the journal shows it
    p.get(server.url("/#/my/check-tasks"))
    wait_text(p, "5 из 5")
    screenshot(p, "47-my-check-tasks-phone")
    d.get(server.url(f"/#/groups/{group}/gradebook"))
    wait_text(d, "Проверочные задания")
    wait_text(d, "5 из 5")
    screenshot(d, "48-journal-check-tasks")
