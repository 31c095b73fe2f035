#!/usr/bin/env python3
"""Reads `wrk --latency` outputs and prints one row each: req/s, share of the first (trivial) row, p50, p99,
errors, and, when given as name=file=cpu-seconds, the app's CPU time per request (its own threads, from
/proc: far less disturbed by other load on the machine than req/s). Used by throughput.sh, bare.sh and
large-store.sh. Arguments: name=file[=cpu-seconds] ... ; the rows also go to stderr as TSV."""
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
    row = {"requests": 0, "rps": 0.0, "p50": float("nan"), "p99": float("nan"), "timeouts": 0, "errors": 0, "non2xx": 0}
    for line in out.splitlines():
        parts = line.split()
        if " requests in " in line:
            row["requests"] = int(parts[0])
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


rows = []
for arg in sys.argv[1:]:
    name, path, *cpu = arg.split("=")
    row = parse(path)
    row["cpu_ms"] = 1000 * float(cpu[0]) / row["requests"] if cpu and row["requests"] else float("nan")
    rows.append((name, row))
trivial = rows[0][1]["rps"] or float("nan")
trivial_cpu = rows[0][1]["cpu_ms"]
for name, r in rows:
    share = 100 * r["rps"] / trivial
    if r["cpu_ms"] == r["cpu_ms"]:
        r["extra"] = f"cpu {1000 * r['cpu_ms']:>5.0f} us/req ({r['cpu_ms'] / trivial_cpu:4.1f}x trivial)"
    else:
        r["extra"] = ""
    extra = []
    if r["timeouts"]:
        extra.append(f"timeouts {r['timeouts']}")
    if r["errors"]:
        extra.append(f"socket errors {r['errors']}")
    if r["non2xx"]:
        extra.append(f"non-2xx {r['non2xx']}")
    print(f"{name:<42} {r['rps']:>9.0f} req/s  {share:>5.0f} % of trivial  p50 {r['p50']:>7.1f} ms  "
          f"p99 {r['p99']:>7.1f} ms  {r['extra']}  {' '.join(extra)}")
    print(f"#\t{name}\t{r['rps']:.0f}\t{share:.1f}\t{r['p50']:.1f}\t{r['p99']:.1f}\t{r['timeouts']}\t"
          f"{r['errors']}\t{r['non2xx']}\t{r['cpu_ms']:.3f}", file=sys.stderr)
