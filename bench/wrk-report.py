#!/usr/bin/env python3
"""Reads `wrk --latency` outputs and prints one row each: req/s, share of the first (trivial) row, p50, p99,
errors. Used by throughput.sh and large-store.sh. Arguments: name=file ... ; prints TSV to stdout too."""
import re
import sys


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse(path):
    out = open(path).read()
    row = {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "timeouts": 0, "errors": 0, "non2xx": 0}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            row["rps"] = float(parts[1])
        elif len(parts) == 2 and parts[0] == "50%":
            row["p50"] = ms(parts[1])
        elif len(parts) == 2 and parts[0] == "99%":
            row["p99"] = ms(parts[1])
        elif "Socket errors" in line:
            nums = [int(n) for n in re.findall(r"(\d+)", line)]
            row["errors"] = sum(nums[:3])
            row["timeouts"] = nums[3] if len(nums) > 3 else 0
        elif "Non-2xx" in line:
            row["non2xx"] = int(parts[-1])
    return row


rows = [(arg.split("=", 1)[0], parse(arg.split("=", 1)[1])) for arg in sys.argv[1:]]
trivial = rows[0][1]["rps"] or float("nan")
for name, r in rows:
    share = 100 * r["rps"] / trivial
    extra = []
    if r["timeouts"]:
        extra.append(f"timeouts {r['timeouts']}")
    if r["errors"]:
        extra.append(f"socket errors {r['errors']}")
    if r["non2xx"]:
        extra.append(f"non-2xx {r['non2xx']}")
    print(f"{name:<42} {r['rps']:>9.0f} req/s  {share:>5.0f} % of trivial  p50 {r['p50']:>7.1f} ms  "
          f"p99 {r['p99']:>7.1f} ms  {' '.join(extra)}")
    print(f"#\t{name}\t{r['rps']:.0f}\t{share:.1f}\t{r['p50']:.1f}\t{r['p99']:.1f}\t{r['timeouts']}\t"
          f"{r['errors']}\t{r['non2xx']}", file=sys.stderr)
