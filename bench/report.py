#!/usr/bin/python3
"""Writes docs/benchmarks.md and docs/benchmarks.png from build/bench/results.

    report.py --results DIR --md FILE --png FILE
    report.py --order        the case order (bench/run.sh runs them so)

Reads every CASE.json (format: bench/results.py) and machine.json that
bench/run.sh wrote.  Nothing here holds a figure: a case that has no result
file does not appear, a case that could not run appears with its reason.
The plot is drawn by gnuplot; without gnuplot the report says so.
"""
import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

# The one case order: tables, notes, and the order bench/run.sh runs them
# in (it asks `report.py --order`): generator ceiling, the limit, xsw, then
# peers.  Cases not listed follow in name order.
ORDER = ["xdp-drop", "xdp-redirect", "xsw", "bridge", "tc-bpf", "tc-u32",
         "ovs-afxdp", "ovs-afpacket", "testpmd-afxdp", "testpmd-afpacket",
         "xdp-redirect-paced", "xsw-paced", "containers-bridge",
         "containers-xsw"]
LIMIT = "xdp-redirect"
# A run that delivered this share of its offered load was limited by the
# generator (or by the core it shares), not by the switch.
GEN_BOUND = 0.9
XSW = "xsw"


def load(results_dir):
    cases = {}
    for path in sorted(glob.glob(os.path.join(results_dir, "*.json"))):
        name = os.path.basename(path)[:-5]
        if name == "machine" or "." in name:
            continue
        try:
            with open(path) as f:
                cases[name] = json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            print(f"report.py: skipping {path}: {e}", file=sys.stderr)
    machine = {}
    try:
        with open(os.path.join(results_dir, "machine.json")) as f:
            machine = json.load(f)
    except (OSError, json.JSONDecodeError):
        pass
    return cases, machine


def ordered(cases, group):
    names = [n for n in cases if cases[n].get("group") == group]
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER
                                        else len(ORDER), n))


def mpps(x):
    return "—" if x is None else f"{x / 1e6:.2f}"


def runs_note(r):
    """"n of N runs" when some of a series' runs failed, else ""."""
    total = len(r.get("values", []))
    n = r.get("n", 0)
    return f"{n} of {total} runs" if total and n != total else ""


def with_range(r, f, dash):
    """median (min–max; n of N runs) of series r, values formatted by f."""
    note = runs_note(r)
    if r.get("median") is None:
        return f"— ({note})" if note else "—"
    parts = []
    if r.get("n", 0) > 1:
        parts.append(f"{f(r['min'])}{dash}{f(r['max'])}")
    if note:
        parts.append(note)
    s = f"**{f(r['median'])}**"
    return s + (f" ({'; '.join(parts)})" if parts else "")


def cell(r):
    return "—" if r is None else with_range(r, mpps, "–")


def find(case, metric, **params):
    for r in case.get("results", []):
        if r["metric"] == metric and all(r["params"].get(k) == v
                                         for k, v in params.items()):
            return r
    return None


def columns(cases, names):
    cols = []
    for n in names:
        for r in cases[n].get("results", []):
            if r["metric"] != "rx_pps":
                continue
            key = (r["params"].get("size"), r["params"].get("flows"))
            if key not in cols:
                cols.append(key)
    return sorted(cols, key=lambda k: (k[0] or 0, k[1] or 0))


def offered(r):
    vals = [e.get("offered_pps") for e in r.get("extra", [])
            if isinstance(e, dict) and isinstance(e.get("offered_pps"),
                                                   (int, float))]
    return statistics.median(vals) if vals else None


def status_text(c, limit=240):
    st = c.get("status")
    reason = c.get("reason", "")
    if len(reason) > limit:
        reason = reason[:limit] + "… (see the case's notes below)"
    if st == "unavailable":
        return f"not run here: {reason}"
    if st == "failed":
        return f"failed: {reason}"
    return ""


def flows_label(f):
    return f"{f:,}" if isinstance(f, int) else str(f)


def md_escape(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def forwarding_section(out, cases, names):
    cols = columns(cases, names)
    runs = {cases[n].get("runs") for n in names if cases[n].get("runs")}
    secs = {cases[n].get("seconds") for n in names if cases[n].get("seconds")}
    out.append("## Forwarding rate, veth → switch → veth\n")
    out.append(
        "Million packets per second received by the sink: **median** "
        f"(min–max) of {', '.join(str(r) for r in sorted(runs)) or '?'} runs "
        f"of {', '.join(str(s) for s in sorted(secs)) or '?'} s each. "
        "Frame sizes count the 4-byte FCS (a 64-byte frame is 60 bytes in "
        "the veth); flows differ in source IPv4 address and UDP port.\n")
    bound = [False]
    head = "| switch | " + " | ".join(
        f"{s} B, {flows_label(f)} flow{'s' if f != 1 else ''}"
        for s, f in cols) + " |"
    out.append(head)
    out.append("|" + "---|" * (len(cols) + 1))
    for n in names:
        c = cases[n]
        title = md_escape(c.get("title", n))
        st = status_text(c)
        if st:
            out.append(f"| {title} | {md_escape(st)} |" + " |" *
                       (len(cols) - 1))
            continue
        cells = []
        for s, f in cols:
            r = find(c, "rx_pps", size=s, flows=f)
            text = cell(r)
            off = offered(r) if r else None
            if (n != "xdp-drop" and off and r.get("median") is not None
                    and r["median"] >= GEN_BOUND * off):
                text += " ‡"
                bound[0] = True
            cells.append(text)
        out.append(f"| {title} | " + " | ".join(cells) + " |")
    out.append("")
    if bound[0]:
        out.append(f"‡ delivered ≥ {GEN_BOUND:.0%} of what the generator "
                   "offered: the generator's core, not the switch, set this "
                   "figure (for switches whose receive work runs in softirq "
                   "on the generator's core it is shared with it).\n")
    # Offered load, so overload runs can be read correctly.
    out.append("<details><summary>Offered load (what the generator "
               "redirected into the first veth, median Mpps)</summary>\n")
    out.append(head)
    out.append("|" + "---|" * (len(cols) + 1))
    for n in names:
        c = cases[n]
        if c.get("status") != "ok":
            continue
        cells = []
        for s, f in cols:
            r = find(c, "rx_pps", size=s, flows=f)
            cells.append(mpps(offered(r)) if r else "—")
        out.append(f"| {md_escape(c.get('title', n))} | " +
                   " | ".join(cells) + " |")
    out.append("\n</details>\n")

    # Ratios.
    lim = cases.get(LIMIT)
    if lim and lim.get("status") == "ok":
        out.append("### Share of the bare-XDP limit\n")
        out.append("Each switch's median divided by the bare XDP devmap "
                   "redirect's median in the same column.\n")
        out.append(head)
        out.append("|" + "---|" * (len(cols) + 1))
        for n in names:
            c = cases[n]
            if c.get("status") != "ok" or n == LIMIT:
                continue
            cells = []
            for s, f in cols:
                a = find(c, "rx_pps", size=s, flows=f)
                b = find(lim, "rx_pps", size=s, flows=f)
                if a and b and a.get("median") and b.get("median"):
                    cells.append(f"{100 * a['median'] / b['median']:.0f}%")
                else:
                    cells.append("—")
            out.append(f"| {md_escape(c.get('title', n))} | " +
                       " | ".join(cells) + " |")
        out.append("")
    x = cases.get(XSW)
    out.append("### xsw against each peer\n")
    if not x or x.get("status") != "ok":
        why = status_text(x) if x else "no xsw result yet"
        out.append(f"No ratios: xsw was not measured ({md_escape(why)}).\n")
    else:
        out.append("xsw's median divided by the peer's median in the same "
                   "column (above 1: xsw forwards more).\n")
        out.append(head)
        out.append("|" + "---|" * (len(cols) + 1))
        for n in names:
            c = cases[n]
            if n == XSW or c.get("status") != "ok":
                continue
            cells = []
            for s, f in cols:
                a = find(x, "rx_pps", size=s, flows=f)
                b = find(c, "rx_pps", size=s, flows=f)
                if a and b and a.get("median") and b.get("median"):
                    cells.append(f"{a['median'] / b['median']:.2f}×")
                else:
                    cells.append("—")
            out.append(f"| xsw ÷ {md_escape(c.get('title', n))} | " +
                       " | ".join(cells) + " |")
        out.append("")
    return cols


def paced_section(out, cases, names):
    out.append("## Paced runs: delivered against offered\n")
    out.append("The generator's token bucket caps the offered rate (excess "
               "frames are dropped inside the generator program, so the "
               "generator itself is never overloaded); the sink reports "
               "what arrives.\n")
    for n in names:
        c = cases[n]
        out.append(f"### {md_escape(c.get('title', n))}\n")
        st = status_text(c)
        if st:
            out.append(md_escape(st) + "\n")
            continue
        out.append("| offered cap (Mpps) | offered, measured | delivered "
                   "(median, min–max) | delivered / offered |")
        out.append("|---|---|---|---|")
        for r in sorted(c.get("results", []),
                        key=lambda r: r["params"].get("rate", 0)):
            if r["metric"] != "rx_pps":
                continue
            off = offered(r)
            ratio = (f"{100 * r['median'] / off:.0f}%"
                     if off and r.get("median") is not None else "—")
            out.append(f"| {r['params'].get('rate', 0) / 1e6:.2f} | "
                       f"{mpps(off)} | {cell(r)} | {ratio} |")
        out.append("")


def fmt_value(r):
    u = r.get("unit", "")
    def f(v):
        if v is None:
            return "—"
        if u == "pps":
            return f"{v / 1e6:.3f} Mpps"
        if u == "bps":
            return f"{v / 1e9:.2f} Gbit/s"
        if abs(v) >= 100:
            return f"{v:,.0f} {u}".strip()
        return f"{v:.3g} {u}".strip()
    s = with_range(r, f, " – ")
    # Latency percentiles are over the packets that arrived: say how many.
    ex = [e for e in r.get("extra", []) if isinstance(e, dict)
          and isinstance(e.get("sent"), int)
          and isinstance(e.get("received"), int)]
    if ex:
        s += (f", {sum(e['received'] for e in ex):,} of "
              f"{sum(e['sent'] for e in ex):,} packets received")
    return s


def params_text(p):
    return ", ".join(f"{k} {v}" for k, v in p.items()) or "—"


def generic_section(out, cases, group, names):
    titles = {"containers": "Container-realistic traffic (iperf3, ping)"}
    out.append(f"## {titles.get(group, group.capitalize())}\n")
    # One table: rows = case, columns = (metric, params).
    cols = []
    for n in names:
        for r in cases[n].get("results", []):
            key = (r["metric"], json.dumps(r["params"], sort_keys=True))
            if key not in cols:
                cols.append(key)
    if not cols:
        for n in names:
            out.append(f"- {md_escape(cases[n].get('title', n))}: "
                       f"{md_escape(status_text(cases[n]))}")
        out.append("")
        return
    def col_name(k):
        p = json.loads(k[1])
        return k[0] + (f" ({params_text(p)})" if p else "")
    if len(cols) <= 6:
        out.append("| case | " + " | ".join(md_escape(col_name(k))
                                            for k in cols) + " |")
        out.append("|" + "---|" * (len(cols) + 1))
        for n in names:
            c = cases[n]
            st = status_text(c)
            if st:
                out.append(f"| {md_escape(c.get('title', n))} | "
                           f"{md_escape(st)} |" + " |" * (len(cols) - 1))
                continue
            cells = []
            for k in cols:
                r = next((r for r in c.get("results", [])
                          if (r["metric"], json.dumps(r["params"],
                                                      sort_keys=True)) == k),
                         None)
                cells.append(fmt_value(r) if r else "—")
            out.append(f"| {md_escape(c.get('title', n))} | " +
                       " | ".join(cells) + " |")
    else:
        out.append("| case | metric | parameters | median (min – max) |")
        out.append("|---|---|---|---|")
        for n in names:
            c = cases[n]
            st = status_text(c)
            if st:
                out.append(f"| {md_escape(c.get('title', n))} | "
                           f"{md_escape(st)} | | |")
                continue
            for r in c.get("results", []):
                out.append(f"| {md_escape(c.get('title', n))} | "
                           f"{r['metric']} | {md_escape(params_text(r['params']))}"
                           f" | {fmt_value(r)} |")
    out.append("")


def machine_section(out, m):
    out.append("## The machine\n")
    rows = [
        ("CPU", f"{m.get('cpu', '?')}, {m.get('cpus', '?')} CPUs"
                f"{', ' + m['virtualization'] if m.get('virtualization') else ''}"),
        ("memory", m.get("memory")),
        ("OS / kernel", f"{m.get('os', '?')}, Linux {m.get('kernel', '?')}"),
        ("toolchain", f"{m.get('clang', '?')}; libbpf {m.get('libbpf', '?')}; "
                      f"libxdp {m.get('libxdp', '?')}; {m.get('iproute2', '?')}"),
        ("peers", f"{m.get('openvswitch', '?')}; DPDK {m.get('dpdk', '?')}; "
                  f"{m.get('iperf3', '?')}"),
        ("xsw tree", f"{m.get('commit', '?')}"
                     f"{' (with uncommitted changes)' if m.get('tree_dirty') else ''}"),
        ("last run", f"{m.get('started', '?')}: {', '.join(m.get('cases', []))}"
                     f" in {m.get('wall_seconds', '?')} s; load average "
                     f"{' '.join(m.get('loadavg_before', []))} before, "
                     f"{' '.join(m.get('loadavg_after', []))} after"),
    ]
    env = m.get("env") or {}
    if env:
        rows.append(("settings", ", ".join(f"{k}={v}" for k, v in
                                            sorted(env.items()))))
    out.append("| | |\n|---|---|")
    for k, v in rows:
        out.append(f"| {k} | {md_escape(v)} |")
    out.append("")


METHOD = """## How it is measured

```
 [ns gen] g0 ══veth══ s0 [ns sw: switch under test] s1 ══veth══ k0 [ns sink]
 xsw-pktgen, CPU {gen}       s0's NAPI: threaded, CPU {sw}, SCHED_FIFO        xsw-sink (XDP count+drop)
```

- **Generator**: `build/xsw-pktgen` runs an XDP program with `BPF_PROG_RUN`
  and `BPF_F_TEST_XDP_LIVE_FRAMES`: the kernel makes every frame from one
  UDP/IPv4 template in a page pool, the program writes the flow's source
  address, port and IPv4 checksum and redirects the frame out of `g0`. One
  worker thread on CPU {gen}, one long run per measurement (each `BPF_PROG_RUN`
  call re-patches the kernel's XDP dispatcher, so short calls would idle).
- **Sink**: `build/xsw-sink` attaches an XDP program to `k0` that counts
  and drops. It waits for the traffic, skips a warm-up, then counts for the
  measuring window. k0's NAPI runs on the CPU that sent into it, so the
  sink's cost is billed to the switch's core; it is the same for every
  switch.
- **CPU placement**: s0's NAPI is threaded, its kthread pinned to CPU {sw} at
  {prio} (real-time: it stands in for softirq priority; without it the
  woken thread waits behind the generator and the veth ring overflows).
  Userspace datapaths (OVS PMD, testpmd's forwarding lcore) get CPU {sw} to
  themselves instead, and s0's NAPI stays in softirq on CPU {gen}: a busy-polling
  datapath sharing a core with the veth's receive collapses.
- **Known unicast**: before each run the sink sends {announce} gratuitous ARPs from
  k0, so every learning switch (xsw, Linux bridge, OVS `NORMAL`) knows k0's
  MAC and forwards the generator's frames (addressed to k0) as unicast.
- A veth only accepts redirected frames if its peer has NAPI: switches
  without XDP on s0 get GRO turned on there (each case's notes say so).
- **Overload and pacing**: the unpaced runs offer more than most switches
  take, the veth ring overflows, and the generator's CPU returns the
  dropped frames' pages to the generator's page pool while the switch's
  CPU returns the forwarded ones: the two contend on the pool's lock, which
  `perf` shows on the switch core of every XDP switch. The paced runs
  (token bucket in the generator, excess dropped before it is sent) avoid
  that and show what a switch delivers when it is not overrun. If other
  processes share CPU {gen} the generator cannot reach its cap; the "offered,
  measured" column says what it reached.
- Addresses: 198.18.0.0/15 (RFC 2544's benchmarking range), only inside
  namespaces the bench creates and removes.
"""


def setting(cases, key):
    """KEY as the forwarding and paced cases ran with it (their settings)."""
    vals = sorted({str(c["settings"][key]) for c in cases.values()
                   if c.get("group") in ("forwarding", "paced")
                   and key in (c.get("settings") or {})})
    if not vals:
        return f"${key}"  # not recorded (results from before settings were)
    if len(vals) > 1:
        return f"{' or '.join(vals)} ({key} differs between cases; see each case)"
    return vals[0]


def method(cases):
    return METHOD.format(gen=setting(cases, "GEN_CPU"),
                         sw=setting(cases, "SW_CPU"),
                         announce=setting(cases, "SINK_ANNOUNCE"),
                         prio=f"SCHED_FIFO {setting(cases, 'NAPI_RT_PRIO')}")


def notes_section(out, cases):
    out.append("## Each case: notes and the exact commands\n")
    out.append("Names carry the case's pid (`xbPID…`); temporary "
               "directories are removed on exit.\n")
    for n in sorted(cases, key=lambda n: (ORDER.index(n) if n in ORDER
                                          else len(ORDER), n)):
        c = cases[n]
        out.append(f"<details><summary><b>{md_escape(c.get('title', n))}</b>"
                   f" (<code>make bench BENCH={n}</code>, {c.get('status')}"
                   f"{', ' + str(c['wall_seconds']) + ' s' if 'wall_seconds' in c else ''}"
                   f", finished {c.get('finished', '?')}, CPUs "
                   f"{c.get('cpu_busy_before') or '?'}% busy before it, load average "
                   f"{c.get('loadavg_before', '?')} before, "
                   f"{c.get('loadavg_after', '?')} after)</summary>\n")
        if c.get("reason"):
            out.append(f"Reason: {md_escape(c['reason'])}\n")
        for note in c.get("notes", []):
            out.append(f"- {note}")
        if c.get("settings"):
            out.append("- Settings: " + ", ".join(
                f"{k}={v}" for k, v in c["settings"].items()))
        if c.get("commands"):
            out.append("\n```sh")
            out.extend(c["commands"])
            out.append("```")
        out.append("\n</details>\n")


def plot(cases, fwd_names, cols, paced_names, png):
    gp = shutil.which("gnuplot")
    if not gp:
        return "gnuplot is not installed: no plot."
    ok = [n for n in fwd_names if cases[n].get("status") == "ok"]
    sizes = sorted({s for s, _ in cols})
    if not ok or not sizes:
        return "no forwarding results to plot."
    tmp = tempfile.mkdtemp()
    try:
        script = ["set terminal pngcairo size 1500,%d font 'DejaVu Sans,10'"
                  % (560 if not paced_names else 1000),
                  f"set output '{png}'",
                  "set style data histograms",
                  "set style histogram errorbars gap 1 lw 1",
                  "set style fill solid 0.85 border -1",
                  "set key top right",
                  "set grid ytics",
                  "set ylabel 'Mpps received (median, bars: min-max)'",
                  "set xtics rotate by -30 left",
                  "set bmargin 7",
                  "set yrange [0:*]"]
        n_panels = len(sizes) + (1 if paced_names else 0)
        if paced_names:
            script.append("set multiplot layout 2,%d title 'xsw bench: "
                          "generator -> veth -> switch -> veth -> XDP sink'"
                          % max(len(sizes), 1))
        else:
            script.append("set multiplot layout 1,%d title 'xsw bench: "
                          "generator -> veth -> switch -> veth -> XDP sink'"
                          % n_panels)
        for s in sizes:
            flows = [f for sz, f in cols if sz == s]
            dat = os.path.join(tmp, f"fwd{s}.dat")
            with open(dat, "w") as f:
                for n in ok:
                    row = [f'"{n}"']
                    for fl in flows:
                        r = find(cases[n], "rx_pps", size=s, flows=fl)
                        if r and r.get("median") is not None:
                            row += [f"{r['median'] / 1e6:.4f}",
                                    f"{r['min'] / 1e6:.4f}",
                                    f"{r['max'] / 1e6:.4f}"]
                        else:
                            row += ["NaN", "NaN", "NaN"]
                    f.write(" ".join(row) + "\n")
            plots = []
            for i, fl in enumerate(flows):
                c = 2 + 3 * i
                plots.append(f"'{dat}' using {c}:{c + 1}:{c + 2}:xtic(1) "
                             f"title '{fl:,} flow{'s' if fl != 1 else ''}'")
            script.append(f"set title '{s}-byte frames'")
            script.append("plot " + ", ".join(plots))
        if paced_names:
            script += ["set style data linespoints", "unset xtics",
                       "set xtics norotate", "set bmargin",
                       "set xlabel 'rate cap set in the generator (Mpps)'",
                       "set ylabel 'Mpps'",
                       "set title 'Paced runs: delivered (solid, min-max bars)"
                       " and offered (dashed) against the cap'",
                       "set key top left", "set xrange [0:*]"]
            plots = ["x title 'cap' dt 3 lc rgb 'gray'"]
            for i, n in enumerate(paced_names):
                c = cases[n]
                if c.get("status") != "ok":
                    continue
                dat = os.path.join(tmp, f"paced-{n}.dat")
                with open(dat, "w") as f:
                    for r in sorted(c.get("results", []),
                                    key=lambda r: r["params"].get("rate", 0)):
                        off = offered(r)
                        if r.get("median") is None:
                            continue
                        f.write(f"{r['params'].get('rate', 0) / 1e6:.4f} "
                                f"{r['median'] / 1e6:.4f} {r['min'] / 1e6:.4f} "
                                f"{r['max'] / 1e6:.4f} "
                                f"{(off or 0) / 1e6:.4f}\n")
                plots.append(f"'{dat}' using 1:2:3:4 with yerrorlines "
                             f"lc {i + 1} title '{n} delivered'")
                plots.append(f"'{dat}' using 1:5 with linespoints dt 2 "
                             f"lc {i + 1} title '{n} offered'")
            script.append("plot " + ", ".join(plots))
        script.append("unset multiplot")
        gpf = os.path.join(tmp, "plot.gp")
        with open(gpf, "w") as f:
            f.write("\n".join(script) + "\n")
        r = subprocess.run([gp, gpf], capture_output=True, text=True)
        if r.returncode != 0:
            return "gnuplot failed: " + r.stderr.strip()[-300:]
        return ""
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--order", action="store_true",
                    help="print the case order, one a line, and exit")
    ap.add_argument("--results")
    ap.add_argument("--md")
    ap.add_argument("--png")
    args = ap.parse_args()
    if args.order:
        print("\n".join(ORDER))
        return
    if not (args.results and args.md and args.png):
        ap.error("--results, --md and --png are required")
    cases, machine = load(args.results)
    out = ["# Benchmarks", "",
           "<!-- Generated by bench/report.py from build/bench/results; "
           "do not edit: rerun `make bench`. -->", "",
           "Every figure below was produced on the machine described here by "
           "`make bench` (`bench/run.sh`: one script per case in "
           "`bench/cases/`, results in `build/bench/results/*.json`, this "
           "page by `bench/report.py`). Rerun all of it with `make bench`, "
           "one case with `make bench BENCH=<case>`; the page is rebuilt "
           "from whatever results exist (each case says when it ran).", ""]
    if not cases:
        out.append("No results yet: run `make bench`.\n")
    out.append(f"![forwarding rates]({os.path.basename(args.png)})\n")
    fwd = ordered(cases, "forwarding")
    cols = []
    if fwd:
        cols = forwarding_section(out, cases, fwd)
    paced = ordered(cases, "paced")
    if paced:
        paced_section(out, cases, paced)
    groups = sorted({c.get("group", "other") for c in cases.values()}
                    - {"forwarding", "paced"})
    for g in groups:
        generic_section(out, cases, g, ordered(cases, g))
    machine_section(out, machine)
    out.append(method(cases))
    notes_section(out, cases)
    err = plot(cases, fwd, cols, paced, os.path.abspath(args.png))
    if err:
        out.insert(out.index(f"![forwarding rates]"
                             f"({os.path.basename(args.png)})\n") + 1,
                   f"_Plot not updated: {err}_\n")
    with open(args.md + ".tmp", "w") as f:
        f.write("\n".join(out).rstrip() + "\n")
    os.replace(args.md + ".tmp", args.md)
    print(f"report: {args.md}, {args.png}", file=sys.stderr)


if __name__ == "__main__":
    main()
