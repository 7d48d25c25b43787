#!/usr/bin/env python3
"""Measures sign-in response times for existing accounts (wrong password), unknown accounts and locked accounts,
staff (/login) and family (/family/login), against a running Vigil (e.g. `vigil demo` with
Vigil__LoginAttemptsPerMinute raised). Prints median and spread in ms. Usage: login-timing.py BASE_URL [ROUNDS]"""
import re, statistics, sys, time, uuid
import requests

BASE = sys.argv[1].rstrip("/")
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
STAFF = ["investigator", "supervisor", "analyst", "flo", "reviewer", "admin"]


def attempt(path, fields):
    s = requests.Session()
    page = s.get(BASE + path).text
    token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="__RequestVerificationToken" value="([^"]+)"', page)
    fields["__RequestVerificationToken"] = token.group(1)
    start = time.perf_counter()
    r = s.post(BASE + path, data=fields, allow_redirects=False)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, r.status_code, re.sub(r"\s+", " ", " ".join(re.findall(r'role="alert"[^>]*>(.*?)</', r.text, re.S)))[:120]


def staff(user, password):
    return attempt("/login", {"Input.UserName": user, "Input.Password": password})


def report(name, samples):
    times = [t for t, _, _ in samples]
    messages = sorted({m for _, _, m in samples})
    print(f"{name:36s} n={len(times):3d} median {statistics.median(times):6.1f} ms  min {min(times):6.1f}  max {max(times):6.1f}  messages: {messages}")


known, unknown, locked = [], [], []
for user in STAFF:
    for i in range(ROUNDS):
        known.append(staff(user, f"wrong password {i}!"))
        unknown.append(staff("nobody-" + uuid.uuid4().hex[:8], f"wrong password {i}!"))
for user in STAFF:
    for i in range(6 - ROUNDS):
        staff(user, "wrong password again")  # reach the lockout (5 failures)
    for i in range(3):
        locked.append(staff(user, "wrong password locked"))
report("staff: existing user, wrong password", known)
report("staff: unknown user", unknown)
report("staff: locked user", locked)
