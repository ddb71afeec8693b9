#!/usr/bin/env python3
"""One-way latency of the first and the second packet of new UDP flows.

  latency.py recv PORT SECONDS OUT.json    (in the receiving namespace)
  latency.py send HOST PORT N OUT.json     (in the sending namespace)
  latency.py report SEND.json RECV.json    prints JSON percentiles (us)

Each of the N flows is a new socket (a new source port): its packet 1 is
the flow's first (in xsw with rules: an upcall), packet 2 follows 2 ms
later (a cache hit).  Both namespaces read the same CLOCK_MONOTONIC, so
receive time - send time is the one-way latency, stack included on both
ends; the difference between first and second is what the upcall adds.
"""
import json
import socket
import sys
import time


def recv(port, seconds, out):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind(("0.0.0.0", port))
    s.settimeout(0.2)
    end = time.monotonic() + seconds
    got = {}
    while time.monotonic() < end:
        try:
            data = s.recv(64)
        except socket.timeout:
            continue
        got[data.decode()] = time.monotonic_ns()
    json.dump(got, open(out, "w"))


def send(host, port, n, out):
    sent = {}
    for i in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for k in (1, 2):
            tag = "%d.%d" % (i, k)
            sent[tag] = time.monotonic_ns()
            s.sendto(tag.encode(), (host, port))
            time.sleep(0.002)
        s.close()
    json.dump(sent, open(out, "w"))


def pct(v, p):
    return v[min(len(v) - 1, int(len(v) * p))] if v else None


def report(sent_file, recv_file):
    sent, got = json.load(open(sent_file)), json.load(open(recv_file))
    res = {}
    for k, name in ((1, "first"), (2, "second")):
        lat = sorted((got[t] - sent[t]) / 1000.0 for t in sent
                     if t.endswith(".%d" % k) and t in got)
        n_sent = sum(1 for t in sent if t.endswith(".%d" % k))
        res[name] = {"sent": n_sent, "received": len(lat),
                     "p50_us": pct(lat, 0.5), "p90_us": pct(lat, 0.9),
                     "p99_us": pct(lat, 0.99)}
    print(json.dumps(res))


if __name__ == "__main__":
    c, a = sys.argv[1], sys.argv[2:]
    if c == "recv":
        recv(int(a[0]), float(a[1]), a[2])
    elif c == "send":
        send(a[0], int(a[1]), int(a[2]), a[3])
    else:
        report(a[0], a[1])
