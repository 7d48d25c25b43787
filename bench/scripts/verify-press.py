#!/usr/bin/env python3
"""Two reviewers press "Verify the audit trail now" on /audit/verification within a second (ADR 3221, round 53), each
on a node of their own (or both on one), while an analyst's token reads cases through the API (each read an audited
view, so each takes the chain's lock). Measures the time from the press to the result on the page, what each reviewer
then reads, p95 of the reads alone and beside the run, and samples every second the CPU and RSS of the nodes and the CPU
of the store's PostgreSQL backends.

Usage: verify-press.py --nodes URL[,URL] --reviewers USER[,USER] --password P --token vgl_… --cases FILE
                       [--db NAME (PostgreSQL: sample its backends; needs VIGIL_TEST_PG)] [--pids PID[,PID]]
                       [--baseline 60] [--readers 4] [--think 0.25] --out DIR
"""
import argparse, http.cookiejar, json, os, random, re, statistics, subprocess, threading, time, urllib.parse, urllib.request

TICK = os.sysconf("SC_CLK_TCK")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A reviewer's browser: cookies, the antiforgery token from the page's form, redirects not followed."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def send(self, path, form=None):
        data = None if form is None else urllib.parse.urlencode(form).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=600) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def token(self, path):
        status, page = self.send(path)
        m = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page) or \
            re.search(r'value="([^"]+)"[^>]*name="__RequestVerificationToken"', page) or \
            re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', page)
        if not m:
            raise SystemExit(f"no form on {path} ({status})")
        return m.group(1)

    def login(self, user, password):
        status, _ = self.send("/login", {"Input.UserName": user, "Input.Password": password, "__RequestVerificationToken": self.token("/login")})
        if status != 302:
            raise SystemExit(f"{user}: sign-in answered {status}")


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def verdict(page):
    m = re.search(r'id="verdict">(.*?)</p>', page, re.S)
    run = re.search(r'id="verification-run">(.*?)</p>', page, re.S)
    head = re.search(r"<dt>Chain head</dt><dd><code>([^<]*)</code>", page)
    return {"verdict": text(m.group(1)) if m else None, "run": text(run.group(1)) if run else None, "head": head.group(1) if head else None}


def cpu_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except OSError:
        return None


def rss_of(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None


def backends(db):
    port = re.search(r"Port=(\d+)", os.environ["VIGIL_TEST_PG"]).group(1)
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-qAtX", "-c",
                          f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}'"], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


class Sampler(threading.Thread):
    """Every second: each node's CPU seconds and RSS; the CPU seconds of every backend of the store seen so far."""

    def __init__(self, pids, db):
        super().__init__(daemon=True)
        self.pids, self.db, self.rows, self.stop = pids, db, [], threading.Event()
        self.seen = {}  # backend pid -> (first cpu, last cpu)

    def run(self):
        while not self.stop.is_set():
            if self.db:
                for pid in backends(self.db):
                    c = cpu_of(pid)
                    if c is not None:
                        # a backend already there at the first sample counts from then; a later one, from its start
                        self.seen[pid] = (self.seen[pid][0] if pid in self.seen else (0.0 if self.rows else c), c)
            pg = sum(last - first for first, last in self.seen.values())
            self.rows.append({"t": time.time(), "cpu": [cpu_of(p) for p in self.pids], "rss": [rss_of(p) for p in self.pids], "pg_cpu": pg})
            self.stop.wait(1)


class Readers:
    """Analysts reading cases through the API, alternating the nodes: each read is an audited view (the chain's lock)."""

    def __init__(self, nodes, token, cases, count, think):
        self.nodes, self.token, self.cases, self.think = nodes, token, cases, think
        self.samples, self.errors, self.stop = [], 0, threading.Event()
        self.threads = [threading.Thread(target=self.loop, args=(i,), daemon=True) for i in range(count)]

    def loop(self, i):
        n = i
        while not self.stop.is_set():
            node = self.nodes[n % len(self.nodes)]
            n += 1
            req = urllib.request.Request(f"{node}/api/v1/cases/{random.choice(self.cases)}", headers={"Authorization": f"Bearer {self.token}"})
            start = time.time()
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    r.read()
                    ok = r.status == 200
            except Exception:
                ok = False
            self.samples.append((start, time.time() - start, ok))
            if not ok:
                self.errors += 1
            self.stop.wait(self.think)

    def window(self, t0, t1):
        ms = sorted(d * 1000 for s, d, ok in self.samples if t0 <= s < t1 and ok)
        if not ms:
            return None
        return {"n": len(ms), "median": round(statistics.median(ms), 1), "p95": round(ms[int(0.95 * (len(ms) - 1))], 1), "max": round(ms[-1], 1)}


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--nodes", required=True)
    a.add_argument("--reviewers", required=True)
    a.add_argument("--password", required=True)
    a.add_argument("--token", required=True)
    a.add_argument("--cases", required=True)
    a.add_argument("--db")
    a.add_argument("--pids", default="")
    a.add_argument("--baseline", type=float, default=60)
    a.add_argument("--readers", type=int, default=4)
    a.add_argument("--think", type=float, default=0.25)
    a.add_argument("--out", required=True)
    o = a.parse_args()
    nodes, reviewers = o.nodes.split(","), o.reviewers.split(",")
    pids = [int(p) for p in o.pids.split(",") if p]
    cases = [c.strip() for c in open(o.cases) if c.strip()]
    os.makedirs(o.out, exist_ok=True)

    browsers = [Browser(nodes[i % len(nodes)]) for i in range(len(reviewers))]
    for b, user in zip(browsers, reviewers):
        b.login(user, o.password)
    tokens = [b.token("/audit/verification") for b in browsers]

    sampler = Sampler(pids, o.db)
    sampler.start()
    readers = Readers(nodes, o.token, cases, o.readers, o.think)
    for t in readers.threads:
        t.start()
    load = lambda: open("/proc/loadavg").read().split()[:3]
    time.sleep(o.baseline)
    print(f"baseline {o.baseline:.0f} s done; load {load()}", flush=True)

    # The presses, within a second of each other: released together by a barrier.
    barrier, pressed = threading.Barrier(len(browsers)), [None] * len(browsers)

    def press(i):
        barrier.wait()
        t = time.time()
        status, _ = browsers[i].send("/audit/verification", {"__RequestVerificationToken": tokens[i]})
        pressed[i] = {"at": t, "answered_s": round(time.time() - t, 3), "status": status}

    threads = [threading.Thread(target=press, args=(i,)) for i in range(len(browsers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t_press = min(p["at"] for p in pressed)
    print(f"pressed: {pressed}; load {load()}", flush=True)

    # Each reviewer's page follows the run as the page's script does: the progress handler every second, then a reload.
    def follow(i):
        status, page = browsers[i].send("/audit/verification")
        m = re.search(r'data-progress="\?handler=Progress&amp;run=([0-9a-f-]+)"', page)
        run = m.group(1) if m else None
        while run:
            _, js = browsers[i].send(f"/audit/verification?handler=Progress&run={run}")
            if not json.loads(js)["running"]:
                break
            time.sleep(1)
        _, page = browsers[i].send("/audit/verification")
        pressed[i].update(verdict(page), followed_run=run, result_after_s=round(time.time() - pressed[i]["at"], 1))

    threads = [threading.Thread(target=follow, args=(i,)) for i in range(len(browsers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t_done = time.time()
    print(f"results: {json.dumps(pressed, indent=1)}; load {load()}", flush=True)
    time.sleep(min(o.baseline, 30))
    readers.stop.set()
    sampler.stop.set()
    sampler.join()
    for t in readers.threads:
        t.join()

    rows = sampler.rows
    before = [r for r in rows if r["t"] < t_press]
    during = [r for r in rows if t_press <= r["t"] <= t_done]
    summary = {
        "presses": pressed,
        "reads_alone": readers.window(t_press - o.baseline, t_press),
        "reads_beside": readers.window(t_press, t_done),
        "reads_after": readers.window(t_done, t_done + 30),
        "read_errors": readers.errors,
        "node_cpu_s_during": [round(during[-1]["cpu"][k] - before[-1]["cpu"][k], 1) for k in range(len(pids))] if during and before else None,
        "node_cpu_s_baseline": [round(before[-1]["cpu"][k] - before[0]["cpu"][k], 1) for k in range(len(pids))] if before else None,
        "baseline_s": round(before[-1]["t"] - before[0]["t"], 1) if before else None,
        "pg_cpu_s_during": round(during[-1]["pg_cpu"] - before[-1]["pg_cpu"], 1) if during and before else None,
        "pg_cpu_s_baseline": round(before[-1]["pg_cpu"] - before[0]["pg_cpu"], 1) if before else None,
        "rss_mb_before": [max(r["rss"][k] or 0 for r in before) for k in range(len(pids))] if before else None,
        "rss_mb_peak_during": [max(r["rss"][k] or 0 for r in during) for k in range(len(pids))] if during else None,
        "run_s": round(t_done - t_press, 1),
        "load": load(),
    }
    json.dump({"summary": summary, "samples": rows, "reads": readers.samples}, open(os.path.join(o.out, "press.json"), "w"))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
