"""The job legs of bench/scale.sh: a cold JVM and a warm slot (the job in standby), each asked the same 10^7-path
question; prints each leg's `simulating` phase in ns per asset-day per core beside the kernel's JMH figure, and the
job process's CPU in that phase by thread kind (read from /proc when the phase's first and last progress events
arrive on the job's stdout)."""
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")
KINDS = (("tasks", r"^Executor task"), ("gc", r"^(GC Thread|G1 )"), ("jit", r"^C[12] Compiler"))


def cpu_by_kind(pid):
    """Seconds of CPU of each live thread of pid, summed by kind, and the process total (dead threads too)."""
    out = {"tasks": 0.0, "gc": 0.0, "jit": 0.0, "other": 0.0}
    names = {}  # by thread name (digits folded), kept in <leg>.marks for diagnosis
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:  # the thread ended meanwhile
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        secs = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
        kind = next((k for k, rx in KINDS if re.match(rx, name)), "other")
        out[kind] += secs
        folded = re.sub(r"\d+", "N", name)
        names[folded] = names.get(folded, 0.0) + secs
    with open("/proc/%d/stat" % pid) as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()
    out["process"] = (int(fields[11]) + int(fields[12])) / TICK
    out["threads"] = names
    return out


def leg(cmd, work, name, parameters=None):
    """Runs the job; returns (result document, CPU by kind in the simulating phase, warm-up seconds or None)."""
    log = open("%s/%s.log" % (work, name), "w")
    started = time.monotonic()
    job = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
    lines = queue.Queue()
    marks = {}

    def read():
        for line in job.stdout:
            if line.startswith("{"):
                event = json.loads(line)
                phase = event.get("phase")
                if event.get("event") == "progress" and phase in ("simulating", "aggregating") and phase not in marks:
                    marks[phase] = cpu_by_kind(job.pid)  # at once, before the line is queued
                    marks[phase]["since start"] = time.monotonic() - started  # ~ the JVM's uptime, for its logs
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()

    def until(event, timeout):
        deadline = time.monotonic() + timeout
        while True:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))  # queue.Empty past the deadline
            if line is None:
                sys.exit("%s: the job ended before '%s' (exit %s); see its log" % (name, event, job.wait(30)))
            log.write(line)
            if line.startswith("{"):
                e = json.loads(line)
                if e.get("event") == event:
                    return e
                if e.get("event") == "error":
                    sys.exit("%s: %s" % (name, line))

    try:
        warm_up = None
        if parameters is not None:
            warm_up = until("ready", 300)["warmUpSeconds"]
            marks.clear()  # the warm-up's own phases are not the run's
            time.sleep(2)  # a slot waits idle before its run: the warm-up's last compilations and GC settle
            job.stdin.write(json.dumps(parameters) + "\n")
        job.stdin.close()
        until("result", 600)
        code = job.wait(60)
        if code != 0:
            sys.exit("%s: exit %d" % (name, code))
    finally:
        if job.poll() is None:
            job.kill()  # our own child, by its handle
            job.wait(30)
    phase = {k: marks["aggregating"][k] - marks["simulating"][k] for k in marks["simulating"] if k != "threads"}
    with open("%s/%s.marks" % (work, name), "w") as f:
        json.dump(marks, f)
    return json.load(open("%s/%s.json" % (work, name))), phase, warm_up


def kernel_figure(cp, work, name):
    """The kernel's JMH figure now, one thread, 30 assets: ns per asset-day of the best iteration (a short run)."""
    out = "%s/%s.json" % (work, name)
    subprocess.run(["java", "-cp", cp, "org.openjdk.jmh.Main", "-t", "1", "-f", "1", "-wi", os.environ.get("WARMUPS", "3"),
                    "-i", os.environ.get("ITERATIONS", "3"), "-w", "1s", "-r", "1s", "dev.sparkvar.job.KernelBenchmark.kernel$",
                    "-p", "assets=30", "-rf", "json", "-rff", out], check=True, stdout=subprocess.DEVNULL)
    r = json.load(open(out))[0]
    return min(x for fork in r["primaryMetric"]["rawData"] for x in fork) / int(r["params"]["assets"])


def report(what, d, cpu, sims, cores, kernel):
    """Prints one leg's figures; returns its ratio to the kernel."""
    t = d["timings"]
    asset_days = int(sims) * len(d["portfolio"]) * d["horizonDays"]
    ns = t["simulating"] * cores * 1e9 / asset_days
    print("  %s: %d assets x %d days; timings: %s" % (what, len(d["portfolio"]), d["horizonDays"],
          ", ".join("%s %.2f" % kv for kv in t.items())))
    print("    simulating: %5.2f ns per asset-day per core (%.2f s x %d cores / %.2e asset-days): %.2f x the kernel"
          " (aim <= 1.5)" % (ns, t["simulating"], cores, asset_days, ns / kernel))
    print("    its CPU: %.2f core-s of %.2f available (tasks %.2f, GC %.2f, JIT %.2f, other threads %.2f); the tasks'"
          " own: %.2f ns per asset-day, %.2f x the kernel"
          % (cpu["process"], t["simulating"] * cores, cpu["tasks"], cpu["gc"], cpu["jit"],
             cpu["process"] - cpu["tasks"] - cpu["gc"] - cpu["jit"], cpu["tasks"] * 1e9 / asset_days,
             cpu["tasks"] * 1e9 / asset_days / kernel))
    return ns / kernel


def main():
    jar, cores, sims, work, cp, holdings, rounds = (sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5],
                                                 sys.argv[6], int(sys.argv[7]))
    # the driver's heap as the service gives it (sparkvar.runs.driver-memory, default 1g), then any extra options
    opts = ["-Xmx1g"] + os.environ.get("JOB_OPTS", "").split()
    question = ["--simulations", sims, "--horizon-days", "5", "--holdings", holdings, "--seed", "42"] + \
        os.environ.get("JOB_ARGS", "").split()  # diagnosis: e.g. --partitions 16
    session = os.environ.get("SESSION_ARGS", "").split()  # diagnosis, both legs' Spark session: --conf k=v ...
    question += session
    master = ["--master", "local[%d]" % cores]
    ratios = {"cold": [], "warm": []}
    digits = set()
    before = kernel_figure(cp, work, "kernel0")
    for n in range(1, rounds + 1):
        start = time.monotonic()
        cold = leg(["java"] + opts + ["-jar", jar] + master + question + ["--output", work + "/cold.json"], work, "cold")
        cold_wall = time.monotonic() - start
        warm = leg(["java"] + opts + ["-jar", jar, "--standby", "stdin"] + master + session, work, "warm",
                   {"token": "bench", "args": question + ["--output", work + "/warm.json"]})
        after = kernel_figure(cp, work, "kernel%d" % n)
        kernel = (before + after) / 2
        print("round %d of %d: %s paths on local[%d], the job alone; kernel (JMH, 1 thread, best iteration) %.2f ns per "
              "asset-day before the legs, %.2f after: %.2f" % (n, rounds, sims, cores, before, after, kernel))
        ratios["cold"].append(report("cold JVM (wall %.1f s, process start to exit)" % cold_wall, cold[0], cold[1],
                                     sims, cores, kernel))
        ratios["warm"].append(report("warm slot (standby; its warm-up took %.1f s before)" % (warm[2] or 0), warm[0],
                                     warm[1], sims, cores, kernel))
        digits.update((json.dumps(cold[0]["var"]), json.dumps(warm[0]["var"])))
        before = after
        sys.stdout.flush()
    print("scale, %d rounds: simulating / kernel, cold JVM: median %.2f (%s); warm slot: median %.2f (%s); aim <= 1.5"
          % (rounds, statistics.median(ratios["cold"]), " ".join("%.2f" % r for r in ratios["cold"]),
             statistics.median(ratios["warm"]), " ".join("%.2f" % r for r in ratios["warm"])))
    print("  VaR: %s%s" % (" ".join(digits), " (every leg)" if len(digits) == 1 else "   DIFFERS between legs"))
    if len(digits) != 1:
        sys.exit(1)


main()
