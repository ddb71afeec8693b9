#!/usr/bin/python3
"""Turns one bench case's raw records into build/bench/results/CASE.json.

Called by bench/lib.sh (bench_finish, bench_unavailable, bench_fail):

    results.py assemble --case NAME --dir CASE_DIR --status ok|unavailable|failed
                        --reason TEXT --runs N --seconds S --out FILE

CASE_DIR holds title, group, notes (one per line), commands (one per line),
settings (a JSON object: the knobs the case ran with) and values (JSON
lines: metric, unit, params, value, extra - one per run).

The result file (the format every case writes and bench/report.py reads):

    {"case": "bridge", "title": "Linux bridge", "group": "forwarding",
     "status": "ok" | "unavailable" | "failed", "reason": "...",
     "notes": [...], "commands": [...], "runs": 3, "seconds": 2,
     "settings": {"GEN_CPU": "0", "SW_CPU": "1", "SINK_ANNOUNCE": "3", ...},
     "finished": "2024-...Z", "loadavg_before": "0.1 0.2 0.3",
     "loadavg_after": "...", "cpu_busy_before": "3",
     "results": [{"metric": "rx_pps", "unit": "pps",
                  "params": {"size": 64, "flows": 1},
                  "values": [..one per run, null for a failed run..],
                  "median": x, "min": x, "max": x,
                  "n": 3 (runs with a figure; fewer than values when some failed),
                  "extra": [..one per run..]}]}

Groups the report knows: "forwarding" (rx_pps by size and flows: the main
table and plot), "paced" (rx_pps by offered rate), anything else is listed
metric by metric.  Only /usr/bin/python3's standard library is used.
"""
import argparse
import datetime
import json
import os
import statistics
import sys


def read_lines(path):
    try:
        with open(path) as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except FileNotFoundError:
        return []


def read_text(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return default


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def assemble(args):
    d = args.dir
    series = {}
    order = []
    for line in read_lines(os.path.join(d, "values")):
        try:
            v = json.loads(line)
        except json.JSONDecodeError:
            print(f"results.py: skipping bad record: {line}", file=sys.stderr)
            continue
        key = (v["metric"], json.dumps(v.get("params", {}), sort_keys=True))
        if key not in series:
            series[key] = {"metric": v["metric"], "unit": v.get("unit", ""),
                           "params": v.get("params", {}), "values": [],
                           "extra": []}
            order.append(key)
        series[key]["values"].append(v.get("value"))
        series[key]["extra"].append(v.get("extra", {}))
    results = []
    for key in order:
        s = series[key]
        good = [x for x in s["values"] if isinstance(x, (int, float))]
        s["n"] = len(good)
        s["median"] = statistics.median(good) if good else None
        s["min"] = min(good) if good else None
        s["max"] = max(good) if good else None
        results.append(s)
    status = args.status
    reason = args.reason
    if status == "ok" and not any(r["n"] for r in results):
        status, reason = "failed", "no run produced a figure (see the case log)"
    out = {
        "case": args.case,
        "title": read_text(os.path.join(d, "title"), args.case),
        "group": read_text(os.path.join(d, "group"), "other"),
        "status": status,
        "reason": reason,
        "notes": read_lines(os.path.join(d, "notes")),
        "commands": read_lines(os.path.join(d, "commands")),
        "runs": args.runs,
        "seconds": args.seconds,
        "settings": read_json(os.path.join(d, "settings")),
        "finished": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        # Other work on the machine skews the figures: keep the evidence.
        "loadavg_before": read_text(os.path.join(d, "loadavg_before")),
        # Percent of all CPUs busy in the 0.5 s before the case started.
        "cpu_busy_before": read_text(os.path.join(d, "busy_before")),
        "loadavg_after": " ".join(read_text("/proc/loadavg").split()[:3]),
        "results": results,
    }
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("assemble")
    a.add_argument("--case", required=True)
    a.add_argument("--dir", required=True)
    a.add_argument("--status", required=True,
                   choices=["ok", "unavailable", "failed"])
    a.add_argument("--reason", default="")
    a.add_argument("--runs", type=int, default=0)
    a.add_argument("--seconds", type=float, default=0)
    a.add_argument("--out", required=True)
    args = p.parse_args()
    if args.cmd == "assemble":
        assemble(args)


if __name__ == "__main__":
    main()
