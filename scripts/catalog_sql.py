#!/usr/bin/env python3
"""Captures the SQL the server runs for catalog questions (PostgreSQL's statement log, parameters inlined), so that
benchmarks can replay exactly those statements in pgbench and EXPLAIN ANALYZE them."""
import os, re, subprocess, time, urllib.request


def psql(url, sql):
    return subprocess.run(["psql", url, "-qAtc", sql], check=True, capture_output=True, text=True).stdout


def statements_in(log_path, offset):
    """Statements logged after `offset`, with their parameters inlined as literals, per backend pid in order."""
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        text = f.read()
    entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
    statements = []
    for i, entry in enumerate(entries):
        m = re.search(r"execute <unnamed>: (.*)", entry, re.S)
        if not m:
            continue
        sql = m.group(1)
        params = entries[i + 1] if i + 1 < len(entries) and "DETAIL:  parameters:" in entries[i + 1] else ""
        values = dict(re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", params))
        sql = re.sub(r"\$(\d+)", lambda x: values.get(x.group(1), "NULL"), sql)
        statements.append(re.sub(r"\s+", " ", sql).strip())
    return [s for s in statements if "catalog_entries" in s or "search_query" in s or "search_words" in s]


def capture(database_url, log_path, base, paths):
    """{path: [statements]} for each path asked once of the server at `base` (a server with its cache off)."""
    psql(database_url, "ALTER SYSTEM SET log_min_duration_statement = 0")
    psql(database_url, "SELECT pg_reload_conf()")
    time.sleep(0.5)
    found = {}
    try:
        for path in paths:
            offset = os.path.getsize(log_path)
            urllib.request.urlopen(base + path).read()
            # a suggestion is one statement; a search two (page, facets) and a third with text (its meaning)
            expected = 1 if "/suggest" in path else 3 if "q=" in path else 2
            for _ in range(40):
                time.sleep(0.05)
                statements = statements_in(log_path, offset)
                if len(statements) >= expected:
                    break
            found[path] = statements
    finally:
        psql(database_url, "ALTER SYSTEM RESET log_min_duration_statement")
        psql(database_url, "SELECT pg_reload_conf()")
    return found


def explain_ms(database_url, statements, runs=7):
    """Median PostgreSQL time (planning + execution) of each statement over `runs`, in one session (warm caches)."""
    script = []
    for s in statements:
        for _ in range(runs):
            script.append("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) " + s + ";")
    out = subprocess.run(["psql", database_url, "-qAt"], input="\n".join(script), check=True, capture_output=True,
                         text=True).stdout
    planning = [float(x) for x in re.findall(r"Planning Time: ([\d.]+) ms", out)]
    execution = [float(x) for x in re.findall(r"Execution Time: ([\d.]+) ms", out)]
    result = []
    for i in range(len(statements)):
        totals = sorted(planning[i * runs + k] + execution[i * runs + k] for k in range(runs))
        result.append(totals[runs // 2])
    return result


def machine_ms(database_url, runs=7):
    """How fast this machine is at the moment: PostgreSQL's median time to count a million generated rows. This VM's
    speed drifts by ±50 % within minutes; figures taken at different speeds are compared through it."""
    statement = "EXPLAIN (ANALYZE, TIMING OFF) SELECT count(*) FROM generate_series(1, 1000000);\n"
    out = subprocess.run(["psql", database_url, "-qAt"], check=True, capture_output=True, text=True,
                         input=statement * runs)
    times = sorted(float(x) for x in re.findall(r"Execution Time: ([\d.]+) ms", out.stdout))
    return times[len(times) // 2]
