#!/usr/bin/env python3
"""Where the app's CPU went during each wrk run, from thread_ticks snapshots taken between the runs:
the request threads' CPU per request (Tomcat's, and the carriers of its virtual threads) apart from the
rest (the JIT, GC, submitter, poller, output copier...), which a run pays for without serving a request.
Usage: thread-cpu.py TICKS-PER-SECOND snap0 snap1 [snap2 ...] -- name=wrk-output ... (one name per interval)."""
import collections
import re
import sys

REQUEST_THREADS = ("ForkJoinPool-1-", "http-nio-")


def load(path):
    ticks = collections.Counter()
    for line in open(path):
        name, value = line.rsplit(" ", 1)
        ticks[re.sub(r"[#-]?\d+$", "", name) if not name.startswith(REQUEST_THREADS) else name] += float(value)
    return ticks


def requests(path):
    m = re.search(r"(\d+) requests in ", open(path).read())
    return int(m.group(1)) if m else 0


hz = float(sys.argv[1])
split = sys.argv.index("--")
snaps = [load(p) for p in sys.argv[2:split]]
runs = [arg.split("=", 1) for arg in sys.argv[split + 1:]]
for (name, output), before, after in zip(runs, snaps, snaps[1:]):
    spent = {k: (after[k] - before.get(k, 0)) / hz for k in after}
    served = sum(v for k, v in spent.items() if k.startswith(REQUEST_THREADS))
    others = sorted(((v, k) for k, v in spent.items() if not k.startswith(REQUEST_THREADS) and v > 0), reverse=True)
    n = requests(output)
    per = f"{1e6 * served / n:5.0f} us/req" if n else "    - us/req"
    top = ", ".join(f"{k} {v:.2f}" for v, k in others[:4])
    print(f"  {name:<44} request threads {per}; other threads {sum(v for v, _ in others):5.2f} s ({top})")
