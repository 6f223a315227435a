"""Every integer (and number) field of every operation in openapi.yaml gets Int.max, Int.min, 2^31, 2^40 and -1 inside
an otherwise valid request, from a caller allowed to make it: the answer must be 422 naming the field, and the server
must live on (an overflow trap in Swift stops the whole process). Operations are found in the contract, so a new
operation with an integer field fails here until it has a base request below."""

import json, os, urllib.error, urllib.request, uuid

import yaml

from conftest import ROOT
from test_organizations import token
from test_training import call, published_program

BAD_INTEGERS = [2**63 - 1, -(2**63), 2**31, 2**40, -1]
BAD_NUMBERS = [-1, 1e15, 1e308]
# a 3×2 PNG (header and IHDR: enough for the server to recognise and measure it; a gallery needs an image)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000003000000020802000000"
    "1216f14d0000000049454e44ae426082"
)


def spec_fields():
    """(method, path) → [(json path, 'integer' | 'number')] for every JSON request body of the contract."""
    spec = yaml.safe_load(open(os.path.join(ROOT, "openapi.yaml")))
    comps = spec["components"]

    def resolve(s):
        while isinstance(s, dict) and "$ref" in s:
            _, _, kind, name = s["$ref"].split("/")
            s = comps[kind][name]
        return s

    def walk(s, path):
        s = resolve(s)
        out = []
        for key in ("allOf", "oneOf", "anyOf"):
            for sub in s.get(key, []):
                out += walk(sub, path)
        t = s.get("type")
        types = t if isinstance(t, list) else [t]
        for kind in ("integer", "number"):
            if kind in types:
                out.append((path, kind, s.get("minimum"), s.get("maximum")))
        for k, v in (s.get("properties") or {}).items():
            out += walk(v, f"{path}.{k}" if path else k)
        if s.get("items"):
            out += walk(s["items"], path + "[0]")
        return out

    found = {}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if not isinstance(op, dict) or method == "parameters":
                continue
            content = resolve(op.get("requestBody", {})).get("content", {})
            fields = walk(content.get("application/json", {}).get("schema", {}), "")
            if fields:
                found[(method.upper(), path)] = fields
    return found


def send(server, method, path, body, who):
    req = urllib.request.Request(
        server.url(path),
        data=json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json", "Authorization": f"Bearer {who}"},
    )
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def upload_png(server, who, org):
    boundary = "----bounds" + uuid.uuid4().hex[:8]
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"organizationId\"\r\n\r\n{org}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.png\"\r\n"
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    body += PNG + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(
        server.url("/api/v1/files"),
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Authorization": f"Bearer {who}"},
    )
    with urllib.request.urlopen(req) as r:
        return json.load(r)["id"]


QUESTION = {
    "kind": "single",
    "text": "Какой газ защищает сварочную ванну?",
    "points": 1,
    "options": [{"text": "Аргон", "correct": True}, {"text": "Кислород"}],
}
TEST = {"name": "Тест", "timeLimitMinutes": 10, "maxAttempts": 2, "questionCount": 1, "passPercent": 60}
CAREER_TEST = {
    "title": "Проверка границ",
    "scales": [{"name": "Техника"}, {"name": "Люди"}],
    "questions": [
        {
            "text": "Что ближе?",
            "options": [{"text": "Станок", "weights": [2, 0]}, {"text": "Человек", "weights": [0, 2]}],
        }
    ],
}
QUESTIONNAIRE = {
    "title": "Проверка границ",
    "purpose": "survey",
    "sections": [{"questions": [{"kind": "scale", "text": "Оценка", "min": 1, "max": 5}]}],
}


def setting(server):
    """Objects every operation needs, made through the API by the people who may make them."""
    admin, dev, college = (
        token(server, "admin@copp.demo"),
        token(server, "developer@copp.demo"),
        token(server, "contractor@copp.demo"),
    )
    employer = token(server, "employer@copp.demo")
    org = call(server, "GET", "/api/v1/me", who=college)["organizations"][0]["id"]
    program = published_program(server)
    industry = call(
        server, "POST", "/api/v1/directories/industries", {"code": "bounds-1", "name": "Проверка границ"}, admin
    )["id"]
    building = call(
        server,
        "POST",
        f"/api/v1/organizations/{org}/object-groups",
        {"name": "Корпус Б", "address": "ул. Ленина, 5"},
        college,
    )["id"]
    room = call(
        server,
        "POST",
        f"/api/v1/organizations/{org}/rooms",
        {"name": "Аудитория 101", "objectGroupId": building},
        college,
    )["id"]
    machine = call(server, "POST", f"/api/v1/organizations/{org}/equipment", {"name": "Токарный станок"}, college)["id"]
    module = call(server, "POST", "/api/v1/modules", {"name": "Модуль проверки границ"}, dev)["id"]
    topic = call(server, "POST", f"/api/v1/modules/{module}/topics", {"name": "Тема"}, dev)["topics"][0]["id"]
    lessons = call(
        server,
        "POST",
        f"/api/v1/modules/{module}/topics/{topic}/lessons",
        {"name": "Урок", "kind": "lecture", "hours": 2},
        dev,
    )
    lesson = lessons["topics"][0]["lessons"][0]["id"]
    draft = call(server, "POST", "/api/v1/programs", {"fullName": "Черновик проверки границ"}, dev)["id"]
    group = call(
        server,
        "POST",
        "/api/v1/groups",
        {"programId": program, "name": "ГР-1", "maxSize": 10, "startsOn": "2027-02-01", "endsOn": "2027-02-28"},
        college,
    )["id"]
    scheduled = call(
        server,
        "POST",
        f"/api/v1/groups/{group}/schedule",
        {"date": "2027-02-02", "startTime": "10:00", "academicHours": 2},
        college,
    )
    slot = scheduled["lessons"][0]["id"] if isinstance(scheduled, dict) else scheduled[0]["id"]
    image = upload_png(server, college, org)
    event = call(server, "POST", "/api/v1/events", {"name": "Мероприятие проверки границ"}, college)["id"]
    question = call(server, "POST", "/api/v1/test-questions", QUESTION, college)["id"]
    test = call(server, "POST", "/api/v1/tests", TEST, college)["id"]
    # an answer to a check task, to be graded: the demo learner confirmed into the group hands it in
    learner = token(server, "learner@copp.demo")
    application = call(server, "POST", f"/api/v1/programs/{program}/applications", {}, learner)
    call(server, "POST", f"/api/v1/applications/{application['id']}/confirm", {"groupId": group}, college)
    task = call(server, "POST", "/api/v1/check-tasks", {"name": "Задание", "grading": "score_1_5"}, college)["id"]
    call(server, "PUT", f"/api/v1/check-tasks/{task}/groups", {"groupId": group}, college)
    answer = call(server, "PUT", f"/api/v1/check-tasks/{task}/submission", {"text": "Ответ"}, learner)["id"]
    moderator = token(server, "moderator@copp.demo")
    career = call(server, "POST", "/api/v1/career-tests", CAREER_TEST, moderator)["id"]
    questionnaire = call(server, "POST", "/api/v1/questionnaires", QUESTIONNAIRE, moderator)["id"]
    contest = call(server, "POST", "/api/v1/contests", {"name": "Конкурс проверки границ"}, moderator)["id"]
    return {
        "event": event,
        "contest": contest,
        "learner": learner,
        "question": question,
        "test": test,
        "answer": answer,
        "moderator": moderator,
        "career": career,
        "questionnaire": questionnaire,
        "admin": admin,
        "dev": dev,
        "college": college,
        "employer": employer,
        "org": org,
        "program": program,
        "building": building,
        "industry": industry,
        "room": room,
        "machine": machine,
        "module": module,
        "topic": topic,
        "lesson": lesson,
        "draft": draft,
        "group": group,
        "slot": slot,
        "image": image,
    }


def base_requests(s):
    """A valid request for every operation with integer fields: (path with ids, body, caller)."""
    # an event's rule with every numeric field given (each is checked whatever the repetition)
    rule = {
        "startsOn": "2027-02-01",
        "startTime": "10:00",
        "durationMinutes": 120,
        "repeat": "days_of_week",
        "weekdays": [1],
        "everyDays": 2,
        "monthDays": [1],
        "endsAfter": 3,
        "sessionMinutes": 30,
    }
    week = {
        "from": "2027-02-08",
        "to": "2027-02-14",
        "weekdays": [3],
        "startTime": "14:00",
        "academicHours": 2,
        "breakMinutes": 10,
    }
    return {
        ("POST", "/api/v1/directories/{kind}"): (
            "/api/v1/directories/industries",
            {"code": "bounds-2", "name": "Новая отрасль"},
            s["admin"],
        ),
        ("PATCH", "/api/v1/directories/{kind}/{id}"): (
            f"/api/v1/directories/industries/{s['industry']}",
            {"name": "Отрасль"},
            s["admin"],
        ),
        ("POST", "/api/v1/organizations/{orgId}/gallery"): (
            f"/api/v1/organizations/{s['org']}/gallery",
            {"fileId": s["image"]},
            s["college"],
        ),
        ("POST", "/api/v1/organizations/{orgId}/rooms"): (
            f"/api/v1/organizations/{s['org']}/rooms",
            {"name": "Аудитория 102", "objectGroupId": s["building"]},
            s["college"],
        ),
        ("PATCH", "/api/v1/organizations/{orgId}/rooms/{itemId}"): (
            f"/api/v1/organizations/{s['org']}/rooms/{s['room']}",
            {"name": "Ауд. 101"},
            s["college"],
        ),
        ("POST", "/api/v1/organizations/{orgId}/equipment"): (
            f"/api/v1/organizations/{s['org']}/equipment",
            {"name": "Фрезер"},
            s["college"],
        ),
        ("PATCH", "/api/v1/organizations/{orgId}/equipment/{itemId}"): (
            f"/api/v1/organizations/{s['org']}/equipment/{s['machine']}",
            {"name": "Станок"},
            s["college"],
        ),
        ("POST", "/api/v1/modules/{moduleId}/topics"): (
            f"/api/v1/modules/{s['module']}/topics",
            {"name": "Ещё тема"},
            s["dev"],
        ),
        ("PATCH", "/api/v1/modules/{moduleId}/topics/{topicId}"): (
            f"/api/v1/modules/{s['module']}/topics/{s['topic']}",
            {"name": "Тема 1"},
            s["dev"],
        ),
        ("POST", "/api/v1/modules/{moduleId}/topics/{topicId}/lessons"): (
            f"/api/v1/modules/{s['module']}/topics/{s['topic']}/lessons",
            {"name": "Урок 2", "kind": "practice", "hours": 2},
            s["dev"],
        ),
        ("PATCH", "/api/v1/modules/{moduleId}/topics/{topicId}/lessons/{lessonId}"): (
            f"/api/v1/modules/{s['module']}/topics/{s['topic']}/lessons/{s['lesson']}",
            {"name": "Урок 1"},
            s["dev"],
        ),
        ("POST", "/api/v1/programs"): ("/api/v1/programs", {"fullName": "Программа проверки границ"}, s["dev"]),
        ("PATCH", "/api/v1/programs/{programId}"): (
            f"/api/v1/programs/{s['draft']}",
            {"fullName": "Черновик"},
            s["dev"],
        ),
        ("POST", "/api/v1/program-requests"): (
            "/api/v1/program-requests",
            {"kind": "employer_development", "title": "Нужна программа по охране труда"},
            s["employer"],
        ),
        ("POST", "/api/v1/groups"): (
            "/api/v1/groups",
            {
                "programId": s["program"],
                "name": "ГР-2",
                "maxSize": 10,
                "startsOn": "2027-03-01",
                "endsOn": "2027-03-31",
            },
            s["college"],
        ),
        ("PATCH", "/api/v1/groups/{groupId}"): (f"/api/v1/groups/{s['group']}", {"name": "ГР-1А"}, s["college"]),
        ("POST", "/api/v1/groups/{groupId}/schedule"): (f"/api/v1/groups/{s['group']}/schedule", week, s["college"]),
        ("POST", "/api/v1/events"): ("/api/v1/events", {"name": "Проверка границ", "schedule": rule}, s["college"]),
        ("PATCH", "/api/v1/events/{eventId}"): (f"/api/v1/events/{s['event']}", {"schedule": rule}, s["college"]),
        ("PATCH", "/api/v1/groups/{groupId}/schedule/{lessonId}"): (
            f"/api/v1/groups/{s['group']}/schedule/{s['slot']}",
            {"startTime": "11:00", "academicHours": 2},
            s["college"],
        ),
        ("POST", "/api/v1/test-questions"): ("/api/v1/test-questions", QUESTION, s["college"]),
        ("PUT", "/api/v1/test-questions/{questionId}"): (
            f"/api/v1/test-questions/{s['question']}",
            QUESTION,
            s["college"],
        ),
        ("POST", "/api/v1/tests"): ("/api/v1/tests", TEST, s["college"]),
        ("PUT", "/api/v1/tests/{testId}"): (f"/api/v1/tests/{s['test']}", TEST, s["college"]),
        ("POST", "/api/v1/tests/{testId}/questions/random"): (
            f"/api/v1/tests/{s['test']}/questions/random",
            {"count": 1},
            s["college"],
        ),
        ("POST", "/api/v1/career-tests"): ("/api/v1/career-tests", CAREER_TEST, s["moderator"]),
        ("PUT", "/api/v1/career-tests/{testId}"): (f"/api/v1/career-tests/{s['career']}", CAREER_TEST, s["moderator"]),
        ("PUT", "/api/v1/groups/{groupId}/moodle"): (
            f"/api/v1/groups/{s['group']}/moodle",
            {"courseId": 7},
            s["college"],
        ),
        ("POST", "/api/v1/questionnaires"): ("/api/v1/questionnaires", QUESTIONNAIRE, s["moderator"]),
        ("POST", "/api/v1/me/achievements"): (
            "/api/v1/me/achievements",
            {"contestId": s["contest"], "result": "participant", "place": 10, "achievedOn": "2026-10-01"},
            s["learner"],
        ),
        ("PUT", "/api/v1/questionnaires/{questionnaireId}"): (
            f"/api/v1/questionnaires/{s['questionnaire']}",
            QUESTIONNAIRE,
            s["moderator"],
        ),
        ("PUT", "/api/v1/check-task-submissions/{submissionId}/grade"): (
            f"/api/v1/check-task-submissions/{s['answer']}/grade",
            {"grade": 4},
            s["college"],
        ),
    }


def with_value(body, path, value):
    """A copy of `body` with `value` at the JSON path (`weekdays[0]`, `sortOrder`, `details.minHours`,
    `questions[0].options[0].weights[0]`)."""
    body = json.loads(json.dumps(body))
    # a nested field (`details.minHours`) goes inside its object; `name[0]` inside the first element of a list
    *outer, last = path.split(".")
    target = body
    for name in outer:
        if name.endswith("[0]"):
            target = target.setdefault(name[:-3], [{}])[0]
        else:
            target = target.setdefault(name, {})
    key, index = (last[:-3], 0) if last.endswith("[0]") else (last, None)
    if index is None:
        target[key] = value
    else:
        target[key] = [value] + list(target.get(key, []))[1:]
    return body


def test_out_of_range_numbers_are_422_naming_the_field_and_the_server_lives(server):
    fields = spec_fields()
    s = setting(server)
    bases = base_requests(s)
    missing = sorted(f"{m} {p}" for (m, p) in fields if (m, p) not in bases)
    assert not missing, f"operations with numeric fields and no base request in this test: {missing}"
    tried, failures = 0, []
    for (method, template), numeric in fields.items():
        path, body, who = bases[(method, template)]
        for field, kind, low, high in numeric:
            for value in BAD_INTEGERS if kind == "integer" else BAD_NUMBERS:
                # a value the contract allows (a career test's points go down to -10) is not a bad one
                if low is not None and high is not None and low <= value <= high:
                    continue
                status, answer = send(server, method, path, with_value(body, field, value), who)
                tried += 1
                named = (
                    [e.get("field", "") for e in (answer or {}).get("errors", [])] if isinstance(answer, dict) else []
                )
                top = field.split("[")[0].split(".")[0]
                if status != 422 or not any(n.split("[")[0].split(".")[0] == top for n in named):
                    failures.append(f"{method} {template} {field}={value}: {status} {named or answer}")
                with urllib.request.urlopen(server.url("/healthz")) as r:
                    assert r.status == 200, f"server died after {method} {template} {field}={value}"
    assert tried > 100
    assert not failures, "\n".join(failures)
