#!/usr/bin/env python3
"""Statements live in repositories (issue 11): fails, naming file and line, when SQL text appears in a Swift file
that is not a `*Repository*.swift`.

Two folders are SQL by nature and are allowed: `Database/` (the machinery every repository stands on: the pool and
transactions, the migrator, the job queue, LISTEN/NOTIFY, the shared page and WHERE builders) and `SampleData/`
(generators of demo and benchmark data, which are bulk SQL scripts run by `gen-data`).

Lists are built one way: `ListQuery` (Database/ListQuery.swift) adds only the filters a request uses and pages by
keyset. A repository line with an optional filter written as `(… IS NULL OR …)` or a page limit spliced into SQL
(`LIMIT \\(…)`) is an offender too, unless the line says why ListQuery cannot build it: `/* hand-built: … */` in
the SQL (the catalog's relevance page appends rank classes, one keyset each)."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "Sources"
ALLOWED_FOLDERS = {"Database", "SampleData"}
STATEMENT = re.compile(r"\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|WITH [a-z_]+ AS \(|LISTEN|NOTIFY)\b")
HAND_BUILT_LIST = re.compile(r"IS NULL OR|LIMIT \\\((page|limit)")


def offenders():
    for path in sorted(ROOT.rglob("*.swift")):
        if ALLOWED_FOLDERS & set(path.parts):
            continue
        repository = "Repository" in path.name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//", 1)[0]
            if repository and HAND_BUILT_LIST.search(code) and "/* hand-built: " not in code:
                yield path.relative_to(ROOT.parent), number, "list built by hand (use ListQuery): " + line.strip()
            elif not repository and STATEMENT.search(code):
                yield path.relative_to(ROOT.parent), number, "SQL outside a repository: " + line.strip()


def main():
    found = list(offenders())
    for path, number, line in found:
        print(f"{path}:{number}: {line[:130]}")
    print(f"sql placement: {len(found)} statement line(s) outside repositories or lists built by hand")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
