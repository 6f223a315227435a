#!/usr/bin/env python3
"""Every script of the web front parses as an ES module: `node --check` on a copy named .mjs (on a plain .js with
`import` lines Node 20 answers 0 without checking anything — a broken page once passed that way)."""
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent / "web" / "js"
node = shutil.which("node")
if not node:
    sys.exit("check_js: node is missing (make lint installs Debian's nodejs)")
bad = 0
with tempfile.TemporaryDirectory() as tmp:
    for path in sorted(ROOT.rglob("*.js")):
        copy = pathlib.Path(tmp) / "check.mjs"
        copy.write_bytes(path.read_bytes())
        result = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True)
        if result.returncode != 0:
            bad += 1
            print(f"{path.relative_to(ROOT.parent.parent)}: " + result.stderr.replace(str(copy), path.name).strip())
print(f"js: {len(list(ROOT.rglob('*.js')))} scripts, {bad} that do not parse")
sys.exit(1 if bad else 0)
