#!/usr/bin/env python3
"""The catalog's question mix (issue 13): thousands of distinct questions with a popularity skew, as a region asks them.

Questions are drawn from the benchmark catalog's own words (the search lexicon): one word, two words, a word with a
filter, filters alone, typos and the wrong keyboard layout; their popularity follows Zipf's law (s = 1.1), so popular
questions repeat as people's do. wrk (64 connections, a Lua script picking a question per request by popularity) runs
the mix: the cache on from empty (a server just started: about one request in eleven is a question not asked before),
the cache on once every question was asked (a server that has been running), the same while the catalog changes every
2 s, the cache off — and pgbench runs the SQL the server ran for the 120 most asked questions, weighted by how often
each is asked.

Changes every 2 s, in turn: a college edits its description (nothing to drop), a group's size changes (free places:
nothing to drop), a group's start moves and a program's price changes (a program's terms: drops the answers showing its
card, and those filtering or sorting by terms that counted the program or would hold it now). A second run makes every
change a change of a program's description (how it is found: drops the answers that counted or showed it, or would hold
it now) — the worst case.
"""
import argparse, concurrent.futures, json, os, random, subprocess, sys, tempfile, threading, time, urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalog_sql import capture, machine_ms, psql  # noqa: E402
from bench_catalog import start_server, wait_ready  # noqa: E402

LAYOUT = dict(zip("йцукенгшщзхъфывапролджэячсмитьбю", "qwertyuiop[]asdfghjkl;'zxcvbnm,."))


def typo(word, rnd):
    i = rnd.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:] if rnd.random() < 0.5 else word[:i] + word[i] + word[i:]


def questions(url, count, rnd):
    words = [w for w in psql(url, "SELECT word FROM search_words WHERE scope = 'catalog' AND documents >= 3 "
                                  "AND word ~ '^[а-я]{4,}$' ORDER BY documents DESC").split() if w]
    filters = {
        "municipalityId": psql(url, "SELECT id FROM directory_items WHERE kind = 'municipalities'").split(),
        "studyFormId": psql(url, "SELECT id FROM directory_items WHERE kind = 'study_forms'").split(),
        "kindId": psql(url, "SELECT id FROM directory_items WHERE kind = 'program_kinds' AND parent_id IS NULL")
        .split(),
        "competencyId": psql(url, "SELECT DISTINCT unnest(competency_ids) FROM catalog_entries").split(),
    }

    def word():  # common words are typed more often than rare ones
        return words[min(int(rnd.paretovariate(0.8)) - 1, len(words) - 1)]

    def a_filter():
        name = rnd.choice(list(filters) + ["free", "priceMax", "sort"])
        if name == "free":
            return {"free": "true"}
        if name == "priceMax":
            return {"priceMax": str(rnd.choice([5000, 10000, 20000, 40000]))}
        if name == "sort":
            return {"sort": rnd.choice(["newest", "price", "start", "name"])}
        return {name: rnd.choice(filters[name])}

    found, seen = [], set()
    while len(found) < count:
        kind = rnd.random()
        if kind < 0.35:
            params = {"q": word()}
        elif kind < 0.55:
            params = {"q": word() + " " + word()}
        elif kind < 0.75:
            params = {"q": word(), **a_filter()}
        elif kind < 0.90:
            params = {**a_filter(), **a_filter()}
        elif kind < 0.96:
            params = {"q": typo(word(), rnd)}
        else:
            params = {"q": "".join(LAYOUT.get(c, c) for c in word())}
        params["limit"] = "20"
        path = "/api/v1/catalog/programs?" + urllib.parse.urlencode(params)
        if path not in seen:
            seen.add(path)
            found.append(path)
    rnd.shuffle(found)
    return found


def zipf_weights(n, s=1.1):
    return [1 / (k ** s) for k in range(1, n + 1)]


def lua_script(paths, weights):
    total = sum(weights)
    cumulative, acc = [], 0.0
    for w in weights:
        acc += w / total
        cumulative.append(acc)
    lines = ["paths = {" + ",".join(json.dumps(p) for p in paths) + "}",
             "cum = {" + ",".join(f"{c:.9f}" for c in cumulative) + "}",
             """
request = function()
  local r = math.random()
  local lo, hi = 1, #cum
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cum[mid] < r then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", paths[lo])
end
"""]
    f = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8")
    f.write("\n".join(lines))
    f.close()
    return f.name


def wrk_mix(base, script, seconds):
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", script, base],
                         check=True, capture_output=True, text=True).stdout
    import re
    def ms(label):
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"p50_ms": ms("50"), "p99_ms": ms("99"), "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "non2xx": int(errors.group(1)) if errors else 0}


def changes(url, stop, every, only_entries):
    ids = {
        "org": psql(url, "SELECT id FROM organizations WHERE email LIKE 'bench%' ORDER BY id LIMIT 50").split(),
        "group": psql(url, "SELECT id FROM study_groups ORDER BY id LIMIT 50").split(),
        "program": psql(url, "SELECT program_id FROM catalog_entries ORDER BY program_id LIMIT 50").split(),
    }
    statements = [
        "UPDATE organizations SET description = 'Колледж готовит кадры региона. Правка ' || now() WHERE id = '{org}'",
        "UPDATE study_groups SET max_size = 5 + (max_size + 1) % 20 WHERE id = '{group}'",
        "UPDATE study_groups SET starts_on = starts_on + 1, ends_on = ends_on + 1 WHERE id = '{group}'",
        "UPDATE programs SET price = coalesce(price, 0) + 100 WHERE id = '{program}'",
        "UPDATE programs SET description = left(description, 400) || ' Правка ' || now() WHERE id = '{program}'",
    ]
    n, done = 0, 0
    while not stop.wait(every):
        sql = statements[4] if only_entries else statements[n % 4]
        psql(url, sql.format(org=ids["org"][n % 50], group=ids["group"][n % 50], program=ids["program"][n % 50]))
        n += 1
        done += 1
    return done


def pgbench_mix(url, statements_by_path, weights_by_path, seconds):
    files = []
    for path, statements in statements_by_path.items():
        if not statements:
            continue
        f = tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8")
        f.write("\n".join(s + ";" for s in statements) + "\n")
        f.close()
        files.append((f.name, max(1, round(weights_by_path[path] * 1000))))
    args = ["pgbench", "-n", "-c64", "-j2", f"-T{seconds}", "-M", "simple"]
    for name, weight in files:
        args += ["-f", f"{name}@{weight}"]
    import re
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    for name, _ in files:
        os.unlink(name)
    return {"tps": float(re.search(r"tps = ([\d.]+)", out).group(1)),
            "latency_ms": float(re.search(r"latency average = ([\d.]+) ms", out).group(1))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--pg-dir", default=".data/pg")
    ap.add_argument("--port", type=int, default=8097)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--questions", type=int, default=5000)
    ap.add_argument("--binary",
                    default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "platform-server"))
    args = ap.parse_args()
    rnd = random.Random(13)
    paths = questions(args.database_url, args.questions, rnd)
    weights = zipf_weights(len(paths))
    script = lua_script(paths, weights)
    cached_base, uncached_base = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}"
    servers = [start_server(args.binary, args.database_url, args.port, CATALOG_CACHE_ENTRIES=20000)]
    results = {"questions": len(paths), "zipf_s": 1.1, "machine_ms_before": machine_ms(args.database_url)}
    try:
        wait_ready(cached_base)
        servers.append(start_server(args.binary, args.database_url, args.port + 1, CATALOG_CACHE_ENTRIES=0))
        wait_ready(uncached_base)
        # warm both servers' connections and PostgreSQL's pages with a short run
        wrk_mix(uncached_base, script, 5)
        results["cache on, from empty"] = wrk_mix(cached_base, script, args.seconds)
        print("cache on, from empty", results["cache on, from empty"], flush=True)
        # every question asked once (8 at a time): the steady state of a server that has been running
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda path: urllib.request.urlopen(cached_base + path).read(), paths))
        results["cache on"] = wrk_mix(cached_base, script, args.seconds)
        print("cache on", results["cache on"], flush=True)
        modes = (("cache on, a change every 2 s", False), ("cache on, a description change every 2 s", True))
        for label, only_entries in modes:
            stop = threading.Event()
            count = []
            t = threading.Thread(target=lambda: count.append(changes(args.database_url, stop, 2.0, only_entries)))
            t.start()
            results[label] = wrk_mix(cached_base, script, args.seconds)
            stop.set()
            t.join()
            results[label]["changes"] = count[0] if count else 0
            print(label, results[label], flush=True)
        results["cache off"] = wrk_mix(uncached_base, script, args.seconds)
        print("cache off", results["cache off"], flush=True)
        # pgbench: the SQL of the 120 most asked questions (pgbench takes at most 128 scripts), each weighted by its
        # popularity
        top = paths[:120]
        captured = capture(args.database_url, os.path.join(args.pg_dir, "server.log"), uncached_base, top)
        results["pgbench"] = pgbench_mix(args.database_url, captured, dict(zip(paths, weights)), args.seconds)
        results["ratio cache off / pgbench"] = round(results["cache off"]["rps"] / results["pgbench"]["tps"], 3)
        results["machine_ms_after"] = machine_ms(args.database_url)
    finally:
        for s in servers:
            s.terminate()
            s.wait(20)
        os.unlink(script)
    for label, r in results.items():
        print(f"{label:38s} {json.dumps(r, ensure_ascii=False)}", flush=True)
    with open(os.path.join(os.path.dirname(__file__), "..", ".data", "bench-catalog-mix.json"), "w") as f:
        json.dump(results, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
