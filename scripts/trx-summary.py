#!/usr/bin/env python3
"""Reads every TRX file under a folder and prints 'N passed, N failed' (exit 1 when any failed or none ran).
A run the test host ended early (the session timeout, a crashed host) counts as one failure: its tests that never ran
leave no result, and 'N passed, 0 failed' must not be printed over them."""
import glob, sys, xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
failures = []
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    root = ET.parse(path).getroot()
    for r in root.iterfind(".//t:UnitTestResult", ns):
        outcome = r.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive"):
            skipped += 1
        else:
            failed += 1
            failures.append(r.get("testName"))
    for info in root.iterfind(".//t:RunInfo", ns):
        text = (info.findtext("t:Text", namespaces=ns) or "").lower()
        if info.get("outcome") == "Error" and ("abort" in text or "crash" in text):
            failed += 1
            failures.append("(the run itself) " + (info.findtext("t:Text", namespaces=ns) or "").strip().splitlines()[0][:200])
for name in failures[:50]:
    print(f"FAILED: {name}")
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed or passed == 0 else 0)
