"""Shared helpers of the golden-value scripts: read a table of numbers from a TypeScript test and
compare it with the values a second implementation computes here (python3, stdlib only)."""

import math
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
_failures = []


def ts_table(path, name):
    """The rows of `const NAME ... = [ [..], [..] ]` in a test file, as tuples of floats."""
    text = (ROOT / path).read_text(encoding="utf-8")
    m = re.search(r"const " + re.escape(name) + r"\b[^=]*=\s*\[(.*?)\n\]", text, re.S)
    if not m:
        raise SystemExit(f"{path}: no table {name}")
    rows = []
    for row in re.findall(r"^\s*\[([^\]]+)\]", m.group(1), re.M):
        rows.append(tuple(_number(x) for x in row.split(",") if x.strip()))
    return rows


def ts_rows_after(path, marker):
    """The rows of the first `[ [..], [..] ]` list after `marker` (an inline `it.each` table)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    start = text.index(marker)
    m = re.search(r"\[\s*\n(.*?)\n\s*\]", text[start:], re.S)
    if not m:
        raise SystemExit(f"{path}: no table after {marker}")
    return [tuple(_number(x) for x in row.split(",") if x.strip()) for row in re.findall(r"^\s*\[([^\]]+)\]", m.group(1), re.M)]


def _number(text):
    t = text.strip().replace("_", "")
    m = re.fullmatch(r"1 - ([0-9.e-]+)", t)
    if m:
        return 1 - float(m.group(1))
    return float(t)


def close(what, got, want, rel=1e-12, abs_=0.0):
    """Records a mismatch when |got − want| > max(rel·|want|, abs)."""
    if not (abs(got - want) <= max(rel * abs(want), abs_)):
        _failures.append(f"{what}: computed {got!r}, the test has {want!r}")


def done(script):
    if _failures:
        print(f"{script}: {len(_failures)} value(s) differ", file=sys.stderr)
        for f in _failures:
            print("  " + f, file=sys.stderr)
        sys.exit(1)
    print(f"{script}: ok")


__all__ = ["ts_table", "ts_rows_after", "close", "done", "math"]
