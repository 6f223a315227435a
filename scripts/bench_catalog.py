#!/usr/bin/env python3
"""Catalog search benchmark: PostgreSQL's time per question, then single questions under load (issue 13).

Runs the release server against a database filled by `platform-server gen-data`, then for each scenario:
  1. captures the exact SQL the server runs for one request (PostgreSQL statement log, parameters inlined);
  2. wrk -c64 against the API -> p50, p99, requests/s — once against the normal server (answers cached in memory until
     the catalog changes) and once against a second server with CATALOG_CACHE_ENTRIES=0 (every request reaches
     PostgreSQL);
  3. pgbench -c64 with that same SQL -> transactions/s (one transaction = the statements of one request).
Usage: scripts/bench_catalog.py --database-url postgres://postgres@127.0.0.1:54329/copp_bench --pg-dir .data/pg \
  --port 8099
"""

import argparse, json, os, re, subprocess, sys, tempfile, time, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalog_sql import capture, explain_ms, machine_ms, psql  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def wait_ready(base):
    for _ in range(120):
        try:
            if urllib.request.urlopen(base + "/readyz", timeout=2).status == 200:
                return
        except Exception:
            time.sleep(0.5)
    sys.exit("server did not become ready")


def start_server(binary, database_url, port, **env):
    """The release server on `port`, with the bench's secret and quiet logs; `env` adds settings (cache sizes)."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        JWT_SECRET="bench-secret-" + "x" * 40,
        PORT=str(port),
        LOG_LEVEL="warning",
        DEMO_DATA="0",
        **{k: str(v) for k, v in env.items()},
    )
    return subprocess.Popen(
        [binary, "serve", "--migrate"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )


def wrk(url, seconds, token=None):
    # a long timeout: wrk leaves requests slower than its timeout out of the latency figures
    auth = ["-H", f"Authorization: Bearer {token}"] if token else []
    out = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", "--timeout", "30s", "--latency", *auth, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def ms(label):
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"p50_ms": ms("50"), "p99_ms": ms("99"), "rps": rps, "non2xx": int(errors.group(1)) if errors else 0}


def pgbench(url, statements, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8") as f:
        f.write("\n".join(s + ";" for s in statements) + "\n")
        script = f.name
    out = subprocess.run(
        ["pgbench", "-n", "-c64", "-j2", f"-T{seconds}", "-M", "simple", "-f", script, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    os.unlink(script)
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--pg-dir", default=os.path.join(ROOT, ".data", "pg"))
    ap.add_argument("--port", type=int, default=8099)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "platform-server"))
    args = ap.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    forms = psql(
        args.database_url, "SELECT id FROM directory_items WHERE kind = 'study_forms' AND code = 'full_time'"
    ).strip()
    welding = psql(
        args.database_url, "SELECT id FROM directory_items WHERE kind = 'competencies' AND code = 'welding'"
    ).strip()

    def ask(**params):
        return "/api/v1/catalog/programs?" + urllib.parse.urlencode({**params, "limit": 20})

    def suggest(typed):
        return "/api/v1/catalog/suggest?" + urllib.parse.urlencode({"q": typed})

    # the broadest word of the catalog: the stem most programs hold
    broadest = psql(
        args.database_url,
        "SELECT word FROM search_words WHERE scope = 'catalog' AND word ~ '^[а-я]+$' "
        "ORDER BY documents DESC LIMIT 1",
    ).strip()
    explained = {
        f"broadest word «{broadest}»": ask(q=broadest),
        "profession «сварщик»": ask(q="сварщик"),
        "typo «сваршик»": ask(q="сваршик"),
        "layout «cdfhobr»": ask(q="cdfhobr"),
        "two words «охрана труда»": ask(q="охрана труда"),
        "abbreviation «пк охрана труда»": ask(q="пк охрана труда"),
        "typo «програмирование»": ask(q="програмирование"),
        "code «19756»": ask(q="19756"),
        "no question (home page)": ask(),
        "filter: free": ask(free="true"),
        "sort: price": ask(sort="price"),
        f"«{broadest}» + free": ask(q=broadest, free="true"),
        f"«{broadest}» sorted by start": ask(q=broadest, sort="start"),
        "«сварщик» + full-time + ≤ 40,000": ask(q="сварщик", studyFormId=forms, priceMax=40000),
        # suggestions while typing (issue 13: ≤ 5 ms): two letters (the most completions; one gives none), a word
        # begun, a second word
        "suggestions «св»": suggest("св"),
        "suggestions «свар»": suggest("свар"),
        "suggestions «охрана тр»": suggest("охрана тр"),
    }
    scenarios = {
        "common word": ask(q=broadest),
        "word + filters": ask(q="сварщик", studyFormId=forms, priceMax=40000),
        "filters only": ask(competencyId=welding, free="true", sort="newest"),
        "suggestions": suggest("свар"),
    }

    def start(port, cache_entries):
        return start_server(args.binary, args.database_url, port, CATALOG_CACHE_ENTRIES=cache_entries)

    # two servers: the normal one (search answers cached in memory, dropped on every catalog change) and one with the
    # cache off, so the figures show both what a repeated question costs and what the database path itself gives
    cached_base, uncached_base = base, f"http://127.0.0.1:{args.port + 1}"
    servers = [start(args.port, 2000)]
    results = {}
    try:
        wait_ready(cached_base)
        servers.append(start(args.port + 1, 0))
        wait_ready(uncached_base)
        log = os.path.join(args.pg_dir, "server.log")
        captured = capture(args.database_url, log, uncached_base, list(scenarios.values()) + list(explained.values()))
        # PostgreSQL's own time per question (planning + execution, median of 7, warm): the database path, with this
        # VM's speed before and after (a million generated rows counted; it drifts by ±50 % within minutes)
        results["machine_ms_before"] = machine_ms(args.database_url)
        print(f"machine speed: a million rows counted in {results['machine_ms_before']:.0f} ms", flush=True)
        results["database time"] = {}
        for name, path in explained.items():
            ms = explain_ms(args.database_url, captured[path])
            results["database time"][name] = {"statements_ms": ms, "total_ms": round(sum(ms), 2)}
            print(f"{name:34s} {' + '.join(f'{m:.2f}' for m in ms):34s} = {sum(ms):6.2f} ms", flush=True)
        results["machine_ms_after"] = machine_ms(args.database_url)
        print(f"machine speed: a million rows counted in {results['machine_ms_after']:.0f} ms", flush=True)
        for name, path in scenarios.items():
            statements = captured[path]
            cached = wrk(cached_base + path, args.seconds)
            uncached = wrk(uncached_base + path, args.seconds)
            db_tps = pgbench(args.database_url, statements, args.seconds)
            results[name] = {
                "cached": cached,
                "uncached": uncached,
                "pgbench_tps": db_tps,
                "statements": len(statements),
                "ratio_cached": round(cached["rps"] / db_tps, 3),
                "ratio_uncached": round(uncached["rps"] / db_tps, 3),
            }
            for label, api in (("cached", cached), ("cache off", uncached)):
                print(
                    f"{name:16s} {label:9s} p50 {api['p50_ms']:7.2f} ms  p99 {api['p99_ms']:7.2f} ms  "
                    f"{api['rps']:8.1f} req/s  "
                    f"pgbench {db_tps:8.1f} tps  ratio {api['rps'] / db_tps:6.2f}  non-2xx {api['non2xx']}",
                    flush=True,
                )
    finally:
        for server in servers:
            server.terminate()
            server.wait(20)
    with open(os.path.join(ROOT, ".data", "bench-catalog.json"), "w") as f:
        json.dump(results, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
