#!/usr/bin/env python3
"""readme_table.py - the README's benchmark table from prodbench JSON lines.

Usage: python3 bench/readme_table.py FIRST.jsonl [MORE.jsonl ...]

"value" is the median of the files' figures for the same workload and
metric (of an even count, the lower middle one), so that one slow moment
of the machine in one run does not stand for the figure; "range" spans
them all (empty when they agree). A row's verdict is its value's: a
missed target says by how much. Prints Markdown rows on stdout, in
FIRST's order.
"""
import json
import sys


def fmt(x):
    """Three significant figures below 100 (trailing zeros kept), one
    decimal below 10,000, whole numbers above; thousands separated by
    commas."""
    a = abs(x)
    if a >= 10000:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:,.1f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    if a == 0:
        return "0"
    digits = 3
    while a < 0.1 and digits < 8:
        a *= 10
        digits += 1
    return f"{x:.{digits}f}"


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def median(vals):
    """The middle figure; of an even count, the lower of the two."""
    return sorted(vals)[(len(vals) - 1) // 2]


def verdict(r, v):
    """'yes', or by how much value v misses r's target ('' without one)."""
    if "target" not in r:
        return ""
    op, t = r["target"].split()
    t = float(t)
    if (op == ">=" and v >= t) or (op == "<=" and v <= t):
        return "yes"
    if op == ">=":
        return f"**no**: {100 * v / t:.0f}% of the target"
    return f"**no**: {100 * (v / t - 1):.0f}% over"


def main(paths):
    runs = [read(p) for p in paths]
    seen = {}
    for rows in runs:
        for r in rows:
            seen.setdefault((r["workload"], r["metric"]), []).append(r["value"])
    print("| workload | figure | value | range (%d runs) | unit | target | met |" % len(runs))
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in runs[0]:
        if r["metric"] == "unavailable":
            continue
        vals = seen[(r["workload"], r["metric"])]
        value = median(vals)
        lo, hi = fmt(min(vals)), fmt(max(vals))
        span = "" if lo == hi else f"{lo} – {hi}"
        target = ""
        if "target" in r:
            op, t = r["target"].split()
            target = ("≤ " if op == "<=" else "≥ ") + fmt(float(t))
        print(f"| {r['workload']} | {r['metric']} | {fmt(value)} | {span} | "
              f"{r['unit']} | {target} | {verdict(r, value)} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
