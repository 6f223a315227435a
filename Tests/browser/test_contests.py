"""Contests and achievements (issue 17, part 4): a learner on a phone proposes a contest that is not listed and records
a win in it with a diploma; the moderator finds the proposal among the inactive contests, approves it in its card, and
the achievement then counts for the quality index in the achievements list."""

import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import psql, screenshot
from test_events import logout
from test_journeys import fill, login, wait_text
from test_training import published_program, wait_for

CONTEST = "Чемпионат «Профессионалы»: токарные работы"


def click(driver, el):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def test_learner_proposes_a_contest_records_a_win_and_it_counts_once_approved(server, desktop, phone, tmp_path):
    # the demo learner completed a program of the college (set up in SQL: the training flow has its own journey); an
    # achievement counts for the program it names
    program = published_program(server)
    psql(
        "WITH g AS (INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on, "
        "status) "
        f"SELECT id, org_id, 'ИТМ-26-78', 1, 10, date '2026-09-01', date '2026-10-30', 'finished' FROM programs "
        f"WHERE id = '{program}' RETURNING id, program_id, org_id) "
        "INSERT INTO applications (program_id, org_id, learner_id, last_name, first_name, email, status, group_id) "
        "SELECT g.program_id, g.org_id, u.id, u.last_name, u.first_name, u.email, 'completed', g.id FROM g, users u "
        "WHERE u.email = 'learner@copp.demo'",
        server.db,
    )
    p = phone
    login(p, server, "learner@copp.demo", "Demo2026pass")
    wait_text(p, "Личный кабинет")
    p.get(server.url("/#/my/achievements"))
    wait_text(p, "Добавить достижение")
    # saving without a contest names the field
    click(p, p.find_element(By.CSS_SELECTOR, "#achievement-form button[type=submit]"))
    wait_text(p, "Выберите конкурс")
    click(p, p.find_element(By.CSS_SELECTOR, "#propose summary"))
    fill(p, "f-new-name", CONTEST)
    fill(p, "f-new-organizer", "Региональный координационный центр")
    click(p, p.find_element(By.ID, "propose-send"))
    wait_for(p, "#achievement-form select[name=contestId] option:checked[value]:not([value=''])")
    Select(p.find_element(By.ID, "f-result")).select_by_value("winner")
    Select(p.find_element(By.ID, "f-programId")).select_by_value(program)
    fill(p, "f-place", "1")
    p.execute_script("document.getElementById('f-achievedOn').value = '2026-10-15'")
    diploma = tmp_path / "diploma.pdf"
    diploma.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    p.find_element(By.ID, "f-document").send_keys(str(diploma))
    click(p, p.find_element(By.CSS_SELECTOR, "#achievement-form button[type=submit]"))
    wait_text(p, "Достижение сохранено")
    wait_text(p, "конкурс не утверждён")
    assert p.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scroll"
    screenshot(p, "64-my-achievements-phone")
    logout(p)

    d = desktop
    login(d, server, "moderator@copp.demo", "Demo2026pass")
    wait_text(d, "Личный кабинет")
    d.find_element(By.LINK_TEXT, "Конкурсы и достижения").click()
    Select(wait_for(d, "#f-status")).select_by_value("inactive")
    click(d, d.find_element(By.CSS_SELECTOR, "#list-form button[type=submit]"))
    wait_text(d, "предложил(а)")
    click(d, d.find_element(By.LINK_TEXT, CONTEST))
    wait_text(d, "Неактивный конкурс не учитывается")
    Select(wait_for(d, "#f-status")).select_by_value("approved")
    click(d, d.find_element(By.CSS_SELECTOR, "#contest-form button[type=submit]"))
    wait_text(d, "Сохранено")
    click(d, d.find_element(By.PARTIAL_LINK_TEXT, "достижений: 1"))
    wait_text(d, "Победитель, 1 место")
    row = d.find_element(By.CSS_SELECTOR, "#list tbody tr")
    assert "да" in row.find_element(By.CSS_SELECTOR, "[data-label='Учитывается']").text, row.text
    assert row.find_elements(By.CSS_SELECTOR, "[data-document]"), "the diploma can be opened"
    screenshot(d, "65-achievements")
