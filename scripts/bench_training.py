#!/usr/bin/env python3
"""Training benchmark (issue: 10,000-row mass application ≤ 5 s; with 1,000,000 applications the organization's filtered
application list and a group's gradebook at p99 ≤ 30 ms with 64 connections; CSV of all applications ≥ 200,000 rows/s with
flat memory).

Runs the release server against the database filled by `platform-server gen-data` (programs, then --applications), then:
  1. POSTs a 10,000-row CSV batch three times (new people each time) and times each request;
  2. wrk -c64 with an organization operator's token: filtered desk list, name search, a group's gradebook -> p50/p99/req/s,
     each three ways: answers from memory (TrainingCache), the same while the page's data changes 10 times a second
     (another connection updates a row it shows: every change drops the page), and a second server with
     TRAINING_CACHE_ENTRIES=0 (every request reaches PostgreSQL);
  3. streams the CSV of every application as ЦОПП staff: rows/s, and the server's resident memory sampled while it runs.
Usage: scripts/bench_training.py --database-url postgres://postgres@127.0.0.1:54329/copp_bench --port 8097
"""
import argparse, json, os, random, re, subprocess, sys, threading, time, urllib.parse, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from bench_catalog import psql, start_server, wait_ready, wrk  # noqa: E402


def request(base, method, path, body=None, token=None, content_type="application/json"):
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        headers["Content-Type"] = content_type
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    with urllib.request.urlopen(urllib.request.Request(base + path, data=data, headers=headers, method=method), timeout=120) as r:
        return json.loads(r.read().decode() or "null")


def login(base, email):
    return request(base, "POST", "/api/v1/auth/login", {"email": email, "password": "Demo2026pass"})["accessToken"]


def snils(number):
    digits = f"{number:09d}"
    total = sum(int(c) * w for c, w in zip(digits, range(9, 0, -1)))
    control = total if total < 100 else 0 if total <= 101 else (0 if total % 101 == 100 else total % 101)
    return f"{digits}{control:02d}"


def changes(database_url, statement, per_second, seconds):
    """A psql session running `statement` per_second times a second for `seconds` (killed by the caller when done)."""
    script = "".join(f"{statement}\nSELECT pg_sleep({1 / per_second});\n" for _ in range(int(per_second * seconds)))
    proc = subprocess.Popen(["psql", database_url, "-q", "-o", "/dev/null"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    threading.Thread(target=lambda: (proc.stdin.write(script.encode()), proc.stdin.close()), daemon=True).start()
    return proc


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--port", type=int, default=8097)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "platform-server"))
    args = ap.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    def start(port, cache_entries):
        return start_server(args.binary, args.database_url, port, TRAINING_CACHE_ENTRIES=cache_entries)
    server = start(args.port, 2000)
    servers = [server]
    uncached_base = f"http://127.0.0.1:{args.port + 1}"
    results = {"applications": int(psql(args.database_url, "SELECT count(*) FROM applications").strip())}
    try:
        wait_ready(base)
        servers.append(start(args.port + 1, 0))   # after the first one applied the migrations
        wait_ready(uncached_base)
        operator, copp = login(base, "bench-org1@bench.example"), login(base, "bench-copp@bench.example")

        # 1. mass applications: 10,000 rows as CSV, new people each run
        program = psql(args.database_url, "SELECT p.id FROM programs p JOIN organizations o ON o.id = p.org_id "
                                          "WHERE o.email = 'bench5@bench.example' AND p.status = 'published' LIMIT 1").strip()
        timings = []
        for run in range(3):
            tag = f"{int(time.time())}{run}{random.randint(0, 999)}"
            lines = ["Фамилия;Имя;Отчество;E-mail;СНИЛС;Должность"]
            # distinct numbers: 10,000 random ones would repeat inside the file in about one run of twenty (a 422 for the duplicate)
            for i, number in enumerate(random.sample(range(100_000_000, 1_000_000_000), 10_000)):
                lines.append(f"Педагогов;Иван;Петрович;t{tag}-{i}@school.example;{snils(number)};Преподаватель")
            body = "\n".join(lines) + "\n"
            started = time.perf_counter()
            batch = request(base, "POST", f"/api/v1/application-batches?programId={program}&kind=teachers", body, operator, "text/csv; charset=utf-8")
            timings.append(round(time.perf_counter() - started, 3))
            assert batch["size"] == 10_000
        results["batch_10000_rows_s"] = timings
        print(f"mass application 10,000 rows: {', '.join(f'{t:.2f} s' for t in timings)}", flush=True)

        # 2. the desk and the journal under 64 connections
        group = psql(args.database_url, "SELECT g.id FROM study_groups g JOIN organizations o ON o.id = g.org_id WHERE o.email = 'bench0@bench.example' "
                                        "ORDER BY (SELECT count(*) FROM gradebook_marks m JOIN schedule_lessons l ON l.id = m.schedule_lesson_id "
                                        "WHERE l.group_id = g.id) DESC LIMIT 1").strip()
        org = psql(args.database_url, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id "
                                      "WHERE u.email = 'bench-org1@bench.example' LIMIT 1").strip()
        # changes of what the page shows, as another server or a script would make them (each drops the cached page)
        desk_change = (f"UPDATE applications SET updated_at = now() WHERE id = (SELECT id FROM applications WHERE org_id = '{org}' "
                       "AND status = 'studying' LIMIT 1);")
        mark_change = (f"UPDATE gradebook_marks SET set_at = now() WHERE (application_id, schedule_lesson_id) = (SELECT m.application_id, "
                       f"m.schedule_lesson_id FROM gradebook_marks m JOIN schedule_lessons l ON l.id = m.schedule_lesson_id WHERE l.group_id = '{group}' LIMIT 1);")
        scenarios = {
            "desk: status filter": ("/api/v1/applications?status=studying&limit=20", desk_change),
            "desk: name search": ("/api/v1/applications?" + urllib.parse.urlencode({"q": "иванов", "limit": 20}), desk_change),
            "desk: period + status": ("/api/v1/applications?status=new&from=2025-03-01&to=2025-09-30&limit=20", desk_change),
            "group gradebook": (f"/api/v1/groups/{group}/gradebook", mark_change),
        }
        for name, (path, change) in scenarios.items():
            for way, url, writes in (("cached", base, False), ("cached, 10 changes/s", base, True), ("no cache", uncached_base, False)):
                writer = changes(args.database_url, change, 10, args.seconds + 2) if writes else None
                try:
                    r = wrk(url + path, args.seconds, token=operator)
                finally:
                    if writer: writer.kill()
                results[f"{name} ({way})"] = r
                print(f"{name:22s} {way:21s} p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  {r['rps']:8.1f} req/s  non-2xx {r['non2xx']}",
                      flush=True)

        # 3. CSV of every application, memory sampled while it streams
        samples, done = [], threading.Event()
        def sample():
            while not done.is_set():
                samples.append(rss_kib(server.pid))
                time.sleep(0.2)
        before = rss_kib(server.pid)
        threading.Thread(target=sample, daemon=True).start()
        # curl writes the body to a file: a Python loop over a million lines would be slower than the server it measures
        out_path = os.path.join(ROOT, ".data", "bench-applications.csv")
        started = time.perf_counter()
        subprocess.run(["curl", "-sf", "-o", out_path, "-H", f"Authorization: Bearer {copp}", base + "/api/v1/applications?format=csv"], check=True)
        elapsed = time.perf_counter() - started
        with open(out_path, "rb") as f:
            rows = sum(1 for _ in f) - 1   # the header line is not a row
        size = os.path.getsize(out_path)
        os.unlink(out_path)
        done.set()
        results["csv"] = {"rows": rows, "seconds": round(elapsed, 2), "rows_per_s": round(rows / elapsed), "mb": round(size / 1e6, 1),
                          "rss_before_mib": round(before / 1024), "rss_peak_mib": round(max(samples) / 1024)}
        print(f"CSV of all applications: {rows} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s; "
              f"server memory {before / 1024:.0f} MiB before, {max(samples) / 1024:.0f} MiB peak", flush=True)
    finally:
        for s in servers:
            s.terminate()
            s.wait(20)
    with open(os.path.join(ROOT, ".data", "bench-training.json"), "w") as f:
        json.dump(results, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
