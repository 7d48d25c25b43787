#!/usr/bin/env python3
"""Writes tests/Vigil.Web.Tests/class-seconds.txt from a whole run's TRX files (test.sh's TestResults folder): the seconds
each web test class's tests took, summed, for classes of 5 s or more, longest first. The web tests start their longest
collections first from it (LongestCollectionsFirst, ADR 3287); run it again when classes are added or become slow.
Usage: scripts/class-seconds.py TestResults > tests/Vigil.Web.Tests/class-seconds.txt"""
import collections, glob, sys, xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
seconds = collections.Counter()
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    root = ET.parse(path).getroot()
    classes = {d.get("id"): d.find("t:TestMethod", ns).get("className") for d in root.iterfind(".//t:UnitTest", ns)}
    for r in root.iterfind(".//t:UnitTestResult", ns):
        name = classes[r.get("testId")]
        if not name.startswith("Vigil.Web.Tests."):
            continue
        h, m, s = (r.get("duration") or "0:0:0").split(":")
        seconds[name] += int(h) * 3600 + int(m) * 60 + float(s)
print("# seconds class: the web test classes' summed test durations in a whole run (scripts/class-seconds.py, ADR 3287)")
for name, total in seconds.most_common():
    if total >= 5:
        print(f"{total:.0f} {name}")
