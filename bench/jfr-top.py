#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample` output: the share of samples per self frame, and
per inclusive frame for frames of interest (this app, Spring, Tomcat, H2, Hikari, Jackson, logging,
Micrometer, crypto). Usage: jfr-top.py samples.txt [top-n]"""
import collections
import re
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = open(path).read()
events = text.split("jdk.ExecutionSample {")[1:]
selfc = collections.Counter()
incl = collections.Counter()
threads = collections.Counter()
frame_re = re.compile(r"^\s+([\w$.<>/]+)\(.*line:", re.M)
INTEREST = ("dev.replicategateway", "org.h2", "com.zaxxer", "org.springframework.jdbc",
            "org.springframework.transaction", "com.fasterxml", "ch.qos", "org.slf4j", "io.micrometer",
            "javax.crypto", "sun.security", "java.security", "org.springframework.web.servlet",
            "org.springframework.web.filter", "org.apache.catalina", "org.apache.coyote", "jakarta.validation",
            "org.hibernate.validator", "io.github.bucket4j", "com.networknt", "org.springframework.boot.actuate",
            "org.springframework.validation", "java.util.regex", "java.io.FileDescriptor", "sun.nio.ch",
            "org.springframework.aop", "org.springframework.core")
for ev in events:
    frames = frame_re.findall(ev)
    m = re.search(r'sampledThread = "([^"]*)"', ev)
    threads[re.sub(r"\d+", "N", m.group(1)) if m else "?"] += 1
    if not frames:
        continue
    selfc[frames[0]] += 1
    seen = set()
    for f in frames:
        # group to class.method; count each once per sample
        if f.startswith(INTEREST) and f not in seen:
            seen.add(f)
            incl[f] += 1
n = len(events) or 1
print(f"{len(events)} samples")
print("threads:", ", ".join(f"{t} {100*c/n:.0f}%" for t, c in threads.most_common(6)))
print("-- self (top of stack)")
for f, c in selfc.most_common(top):
    print(f"{100*c/n:5.1f}%  {f}")
print("-- inclusive (frames of interest)")
for f, c in incl.most_common(top * 2):
    print(f"{100*c/n:5.1f}%  {f}")
