#!/usr/bin/env python3
"""Statements live in repositories (issue 11): fails, naming file and line, when SQL text appears in a Swift file
that is not a `*Repository*.swift`.

Two folders are SQL by nature and are allowed: `Database/` (the machinery every repository stands on: the pool and
transactions, the migrator, the job queue, LISTEN/NOTIFY, the shared page and WHERE builders) and `SampleData/`
(generators of demo and benchmark data, which are bulk SQL scripts run by `gen-data`)."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "Sources"
ALLOWED_FOLDERS = {"Database", "SampleData"}
STATEMENT = re.compile(r"\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|WITH [a-z_]+ AS \(|LISTEN|NOTIFY)\b")


def offenders():
    for path in sorted(ROOT.rglob("*.swift")):
        if "Repository" in path.name or ALLOWED_FOLDERS & set(path.parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//", 1)[0]
            if STATEMENT.search(code):
                yield path.relative_to(ROOT.parent), number, line.strip()


def main():
    found = list(offenders())
    for path, number, line in found:
        print(f"{path}:{number}: SQL outside a repository: {line[:100]}")
    print(f"sql placement: {len(found)} statement line(s) outside repositories")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
