#!/usr/bin/env python3
"""Adds up the swift test and pytest results into one closing line `N passed, N failed`."""
import re, sys

passed = failed = 0
swift = open(sys.argv[1], encoding="utf-8", errors="replace").read()
# XCTest: "Executed 42 tests, with 1 failure" (the last such line is the overall total)
m = re.findall(r"Executed (\d+) tests?, with (\d+) failures?", swift)
if m:
    total, fails = map(int, m[-1])
    passed += total - fails
    failed += fails
else:
    failed += 1  # the suite did not report: count it as failed
py = open(sys.argv[2], encoding="utf-8", errors="replace").read()
pm = re.search(r"(\d+) passed", py)
fm = re.search(r"(\d+) failed", py)
em = re.search(r"(\d+) errors?", py)
passed += int(pm.group(1)) if pm else 0
failed += (int(fm.group(1)) if fm else 0) + (int(em.group(1)) if em else 0)
if not pm and not fm:
    failed += 1
print(f"{passed} passed, {failed} failed")
