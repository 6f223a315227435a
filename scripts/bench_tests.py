#!/usr/bin/env python3
"""Tests benchmark (issue 16: 500 learners submitting a 30-question test at the same minute — p99 of an answer save
≤ 50 ms), beside pgbench running the same UPDATE.

Builds its own small region in a database of its own (one college, one group of 500 learners, a bank of 60 questions,
a 30-question test given to the group), starts the release server, and then:
  1. starts the 500 attempts over the API (50 at a time) and times them;
  2. the minute itself: every learner answers the 30 questions of their attempt, in the attempt's order, paced so that
     the 15,000 saves arrive within 60 s (about 250 a second, each learner on a connection of their own among 100 open
     ones), some answers changed later as people do — latency of each save measured by the client: p50/p99/max;
  3. the same saves as fast as they go, wrk -c64 -> p50/p99/req/s, and pgbench -c64 running the same UPDATE;
  4. every attempt finished (scored by the database) and timed.
Results in .data/bench-tests.json.
Usage: scripts/bench_tests.py --database-url postgres://postgres@127.0.0.1:54329/copp_bench_tests
"""
import argparse, base64, concurrent.futures, hashlib, hmac, http.client, json, os, random, re, subprocess, sys
import tempfile, threading, time, uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from bench_catalog import start_server, wait_ready  # noqa: E402
from catalog_sql import machine_ms, psql  # noqa: E402

SECRET = "bench-secret-" + "x" * 40   # start_server's
LEARNERS, QUESTIONS, BANK = 500, 30, 60


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(user_id):
    """An access token as the server issues it (HS256, kid k1): a bench learner needs no password round trip."""
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "k1"}).encode())
    claims = b64(json.dumps({"sub": user_id, "roles": ["learner"], "orgs": [], "exp": now + 3000, "iat": now,
                             "jti": str(uuid.uuid4()), "sep": 0}).encode())
    signature = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{b64(signature)}"


SETUP = f"""
WITH o AS (SELECT id FROM organizations WHERE status = 'approved' ORDER BY inn LIMIT 1),
p AS (SELECT pr.id, pr.org_id FROM programs pr JOIN o ON o.id = pr.org_id WHERE pr.status = 'published' LIMIT 1)
INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on, status)
SELECT p.id, p.org_id, 'Тест-500', 1, 1000, current_date - 10, current_date + 20, 'enrollment_confirmed' FROM p;
WITH u AS (
  INSERT INTO users (email, password_hash, last_name, first_name, email_confirmed_at, personal_data_consent_at)
  SELECT 'tests-' || n || '@bench.example', 'x', 'Обучающийся' || n, 'Тест', now(), now()
  FROM generate_series(1, {LEARNERS}) n RETURNING id, email, last_name, first_name),
r AS (INSERT INTO user_roles (user_id, role) SELECT id, 'learner' FROM u)
INSERT INTO applications (program_id, org_id, learner_id, last_name, first_name, email, status, group_id)
SELECT g.program_id, g.org_id, u.id, u.last_name, u.first_name, u.email, 'studying', g.id
FROM u, study_groups g WHERE g.name = 'Тест-500';
WITH g AS (SELECT org_id FROM study_groups WHERE name = 'Тест-500'),
q AS (INSERT INTO test_questions (org_id, kind, text, points)
      SELECT g.org_id, CASE WHEN n % 5 = 0 THEN 'multiple' ELSE 'single' END,
             'Вопрос ' || n || ' о технике безопасности при выполнении сварочных работ', 1 + n % 3
      FROM g, generate_series(1, {BANK}) n RETURNING id, kind)
INSERT INTO test_question_options (question_id, text, correct, position)
SELECT q.id, 'Вариант ' || k, k = 1 OR (q.kind = 'multiple' AND k = 2), k FROM q, generate_series(1, 4) k;
WITH g AS (SELECT id, org_id FROM study_groups WHERE name = 'Тест-500'),
t AS (INSERT INTO tests (org_id, name, time_limit_minutes, max_attempts, question_count, pass_percent)
      SELECT org_id, 'Охрана труда: итоговый тест', 600, 1, {QUESTIONS}, 60 FROM g RETURNING id),
i AS (INSERT INTO test_items (test_id, question_id, position)
      SELECT t.id, q.id, row_number() OVER (ORDER BY q.created_at, q.id)
      FROM t, test_questions q JOIN g ON g.org_id = q.org_id)
INSERT INTO test_assignments (test_id, group_id) SELECT t.id, g.id FROM t, g;
"""


def start_attempts(port, test, learners, tokens):
    """POST /tests/{id}/attempts for every learner, 50 at a time; the attempts' ids and the time each start took."""
    def one(learner):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        began = time.perf_counter()
        conn.request("POST", f"/api/v1/tests/{test}/attempts", body="{}",
                     headers={"Authorization": f"Bearer {tokens[learner]}", "Content-Type": "application/json"})
        r = conn.getresponse()
        body = json.loads(r.read())
        took = (time.perf_counter() - began) * 1000
        conn.close()
        if r.status != 201:
            raise RuntimeError(f"start: {r.status} {body}")
        return body["id"], took
    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        return list(pool.map(one, learners))


def server_buckets(port):
    """The server's own histogram of answer saves (Hummingbird's request duration, seconds): {le: count}."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/metrics", headers={"Authorization": "Bearer bench-metrics-token-0123"})
    text = conn.getresponse().read().decode()
    conn.close()
    found = {}
    for line in text.splitlines():
        if "_bucket" in line and "answers/{questionId}" in line and 'PUT' in line:
            le = re.search(r'le="([^"]+)"', line).group(1)
            found[le] = found.get(le, 0) + float(line.rsplit(" ", 1)[1])
    return found


def server_share(before, after):
    """Of the saves between two scrapes, the share the server answered within 25, 50 and 100 ms."""
    diff = {le: after.get(le, 0) - before.get(le, 0) for le in after}
    total = diff.get("+Inf", 0) or 1
    return {f"within_{int(float(le) * 1000)}ms": round(diff[le] / total, 4) for le in ("0.025", "0.05", "0.1")
            if le in diff}


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p / 100))]


def the_minute(port, plan, connections=100, processes=4):
    """Every save of `plan` [(learner, attempt, question, options, second)] at its second of the minute, on
    `connections` keep-alive connections shared out among `processes` (one Python process would measure its own
    interpreter lock: 100 threads waiting for it added tens of milliseconds to the tail); answers (latencies ms,
    failures)."""
    schedule = sorted(plan, key=lambda x: x[4])
    lanes = [schedule[i::connections] for i in range(connections)]
    start = time.time() + 2
    with concurrent.futures.ProcessPoolExecutor(processes) as pool:
        parts = list(pool.map(lanes_of_a_process, [(port, lanes[i::processes], start) for i in range(processes)]))
    timed = [x for p in parts for x in p[0]]
    slow = [int(at // 2) * 2 for ms, at in timed if ms > 50]
    print("saves over 50 ms by second of the minute:", {k: slow.count(k) for k in sorted(set(slow))}, flush=True)
    return [ms for ms, _ in timed], [s for p in parts for s in p[1]]


def lanes_of_a_process(job):
    port, lanes, start = job
    latencies, failures = [], []
    lock = threading.Lock()
    def lane(items):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], []
        for learner, attempt, question, options, at in items:
            wait = start + at - time.time()
            if wait > 0:
                time.sleep(wait)
            body = json.dumps({"optionIds": options})
            began = time.perf_counter()
            conn.request("PUT", f"/api/v1/test-attempts/{attempt}/answers/{question}", body=body,
                         headers={"Authorization": f"Bearer {learner}", "Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            mine.append(((time.perf_counter() - began) * 1000, at))
            if r.status != 204:
                bad.append(r.status)
        conn.close()
        with lock:
            latencies.extend(mine)
            failures.extend(bad)
    threads = [threading.Thread(target=lane, args=(items,)) for items in lanes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures


WRK_SCRIPT = """
local lines = {}
for line in io.lines(os.getenv("BENCH_SAVES")) do lines[#lines + 1] = line end
local n = 0
local id = 0
setup = function(thread) id = id + 1; thread:set("offset", id * 7919) end
request = function()
  n = n + 1
  local i = (offset + n) % #lines + 1
  local attempt, question, option, token = lines[i]:match("(%S+) (%S+) (%S+) (%S+)")
  return wrk.format("PUT", "/api/v1/test-attempts/" .. attempt .. "/answers/" .. question,
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"},
    '{"optionIds":["' .. option .. '"]}')
end
"""


def wrk_saves(port, saves, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(saves) + "\n")
        lines = f.name
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT)
        script = f.name
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", script,
                          f"http://127.0.0.1:{port}"], check=True, capture_output=True, text=True,
                         env=dict(os.environ, BENCH_SAVES=lines)).stdout
    os.unlink(lines); os.unlink(script)
    def ms(label):
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"p50_ms": ms("50"), "p99_ms": ms("99"), "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "non2xx": int(errors.group(1)) if errors else 0}


# AttemptsRepository.SaveAnswer with the attempt, learner, question and option looked up by a random key
PGBENCH_SCRIPT = """\\set n random(1, {count})
WITH b AS (SELECT * FROM bench_saves WHERE n = :n),
a AS (SELECT t.id FROM test_attempts t, b WHERE t.id = b.attempt AND t.learner_id = b.learner AND t.status = 'active'
        AND t.deadline > now() FOR SHARE OF t)
UPDATE test_attempt_answers aa SET chosen = ARRAY[b.option], typed = NULL, answered_at = now()
FROM a, b, test_questions q
WHERE aa.attempt_id = a.id AND aa.question_id = b.question AND q.id = aa.question_id
  AND CASE q.kind WHEN 'text' THEN false ELSE ARRAY[b.option] <@ aa.option_order
    AND (q.kind = 'multiple' OR cardinality(ARRAY[b.option]) <= 1) END
RETURNING 1;
"""


def pgbench_saves(url, count, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(PGBENCH_SCRIPT.format(count=count))
        script = f.name
    out = subprocess.run(["pgbench", "-n", "-c64", "-j2", f"-T{seconds}", "-M", "prepared", "-f", script, url],
                         check=True, capture_output=True, text=True).stdout
    os.unlink(script)
    return {"tps": float(re.search(r"tps = ([\d.]+)", out).group(1)),
            "latency_avg_ms": float(re.search(r"latency average = ([\d.]+) ms", out).group(1))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--port", type=int, default=8096)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "platform-server"))
    args = ap.parse_args()
    url = args.database_url
    if psql(url, "SELECT count(*) FROM study_groups WHERE name = 'Тест-500'").strip() != "0":
        psql(url, "DELETE FROM tests WHERE name = 'Охрана труда: итоговый тест'; "
                  "DELETE FROM test_questions WHERE text LIKE 'Вопрос % о технике безопасности%'; "
                  "DELETE FROM applications WHERE email LIKE 'tests-%@bench.example'; "
                  "DELETE FROM study_groups WHERE name = 'Тест-500'; "
                  "DELETE FROM users WHERE email LIKE 'tests-%@bench.example'")
    psql(url, SETUP)
    server = start_server(args.binary, url, args.port, METRICS_TOKEN="bench-metrics-token-0123")
    results = {"learners": LEARNERS, "questions": QUESTIONS, "machine_ms": machine_ms(url)}
    try:
        wait_ready(f"http://127.0.0.1:{args.port}")
        test = psql(url, "SELECT id FROM tests WHERE name = 'Охрана труда: итоговый тест'").strip()
        learners = psql(url, "SELECT id FROM users WHERE email LIKE 'tests-%@bench.example' ORDER BY email").split()
        began = time.perf_counter()
        # one session per learner: the token that starts the attempt answers it and finishes it
        tokens = {learner: token(learner) for learner in learners}
        started = start_attempts(args.port, test, learners, tokens)
        starts = [ms for _, ms in started]
        results["start"] = {"total_s": round(time.perf_counter() - began, 2),
                            "p50_ms": round(percentile(starts, 50), 1),
                            "p99_ms": round(percentile(starts, 99), 1)}
        print("500 attempts started:", results["start"], flush=True)
        rows = psql(url, """SELECT a.learner_id, a.id, aa.question_id,
                              aa.option_order[1 + abs(hashtext(aa.question_id::text
                               || a.id::text)) % 4], aa.position FROM test_attempts a
                            JOIN test_attempt_answers aa ON aa.attempt_id = a.id WHERE a.test_id = '""" + test + "'")
        plan, saves = [], []
        rng = random.Random(16)
        for line in rows.strip().split("\n"):
            learner, attempt, question, option, position = line.split("|")
            # the learner's n-th answer at about n/30 of the minute, give or take; one in ten changed a bit later
            at = (int(position) - 1) * 60 / QUESTIONS + rng.uniform(0, 60 / QUESTIONS)
            plan.append((tokens[learner], attempt, question, [option], at))
            if rng.random() < 0.1:
                plan.append((tokens[learner], attempt, question, [option], min(59.9, at + rng.uniform(1, 5))))
            saves.append(f"{attempt} {question} {option} {tokens[learner]}")
        before = server_buckets(args.port)
        latencies, failures = the_minute(args.port, plan)
        server_side = server_share(before, server_buckets(args.port))
        results["minute"] = {"saves": len(latencies), "failed": len(failures),
                             "p50_ms": round(percentile(latencies, 50), 1),
                             "p99_ms": round(percentile(latencies, 99), 1),
                             "max_ms": round(max(latencies), 1), "server": server_side}
        print("the minute:", results["minute"], flush=True)
        results["saturation"] = wrk_saves(args.port, saves, args.seconds)
        print("saves as fast as they go (wrk -c64):", results["saturation"], flush=True)
        psql(url, "DROP TABLE IF EXISTS bench_saves; CREATE TABLE bench_saves AS SELECT row_number() OVER () AS n, "
                  "a.id AS attempt, a.learner_id AS learner, aa.question_id AS question, aa.option_order[1] AS option "
                  "FROM test_attempts a JOIN test_attempt_answers aa ON aa.attempt_id = a.id "
                  f"WHERE a.test_id = '{test}'; "
                  "ALTER TABLE bench_saves ADD PRIMARY KEY (n); ANALYZE bench_saves")
        results["pgbench"] = pgbench_saves(url, len(saves), args.seconds)
        results["ratio"] = round(results["saturation"]["rps"] / results["pgbench"]["tps"], 2)
        print("pgbench, the same UPDATE:", results["pgbench"], "ratio", results["ratio"], flush=True)
        psql(url, "DROP TABLE bench_saves")
        ids = [a for a, _ in started]
        def finish(attempt_learner):
            attempt, learner = attempt_learner
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            t0 = time.perf_counter()
            conn.request("POST", f"/api/v1/test-attempts/{attempt}/finish",
                         headers={"Authorization": f"Bearer {learner}"})
            r = conn.getresponse(); r.read(); conn.close()
            return (time.perf_counter() - t0) * 1000, r.status
        owners = dict(line.split("|") for line in psql(
            url, f"SELECT id, learner_id FROM test_attempts WHERE test_id = '{test}'").strip().split("\n"))
        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(50) as pool:
            done = list(pool.map(finish, [(a, tokens[owners[a]]) for a in ids]))
        results["finish"] = {"total_s": round(time.perf_counter() - began, 2),
                             "p99_ms": round(percentile([ms for ms, _ in done], 99), 1),
                             "failed": sum(1 for _, s in done if s != 200)}
        print("500 attempts finished and scored:", results["finish"], flush=True)
    finally:
        server.terminate()
        server.wait()
    os.makedirs(os.path.join(ROOT, ".data"), exist_ok=True)
    with open(os.path.join(ROOT, ".data", "bench-tests.json"), "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
