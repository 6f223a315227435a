#!/usr/bin/env python3
"""Lines are at most 120 characters (issue 11): every Swift file of Sources/ and Tests/, every script of web/js.
Counted in characters, not bytes (Cyrillic text is two bytes a letter)."""
import pathlib
import sys

LIMIT = 120
ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    files = sorted(p for d in ("Sources", "Tests") for p in (ROOT / d).rglob("*.swift"))
    files += sorted((ROOT / "web" / "js").rglob("*.js"))
    long = 0
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if len(line) > LIMIT:
                print(f"{path.relative_to(ROOT)}:{number}: {len(line)} characters (limit {LIMIT})")
                long += 1
    print(f"width: {len(files)} files, {long} lines over {LIMIT} characters")
    return 1 if long else 0


if __name__ == "__main__":
    sys.exit(main())
