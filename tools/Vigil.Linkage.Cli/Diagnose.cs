using Vigil.Linkage;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;
using Vigil.Linkage.Surveillance;

/// <summary>Where the misses and false alarms are, by kind of death, with the evidence each miss had (training data only).</summary>
internal static class Diagnose
{
    public static void Run(string recordsPath, string truthPath, LinkageModel model, LinkageOptions options, Dictionary<string, string>? kinds)
    {
        var deaths = LinkageReplay.ReadRecords(recordsPath);
        var truth = ReplayFiles.ReadTruth(truthPath);
        var index = new LinkageIndex(model, options);
        var seen = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long candidates = 0;
        var ids = new List<int>();
        var stats = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var signalStats = new Dictionary<string, int[]>(StringComparer.Ordinal);
        using var dump = Environment.GetEnvironmentVariable("PERSON_DUMP") is { } dumpPath ? new StreamWriter(dumpPath) : null;
        foreach (var d in deaths)
        {
            var r = index.Extractor.Extract(d);
            ids.Clear();
            index.CollectCandidates(r, ids);
            candidates += ids.Count;
            var assessment = index.Assess(r);
            var cands = assessment.Candidates;
            var kind = r.Kind.ToString();
            if (!stats.TryGetValue(kind, out var s)) stats[kind] = s = new int[6];
            s[0]++;
            var series = truth.GetValueOrDefault(r.Ref);
            var members = series is null ? null : seen.GetValueOrDefault(series);
            if (dump is not null) PersonDump.Write(dump, index, r, assessment, series, members, kinds);
            foreach (var sig in assessment.Signals.Where(x => x.Surprise >= 6))
            {
                if (Environment.GetEnvironmentVariable("SHOW_SIGNALS") is { } show && show == sig.Kind.ToString() && (index.Count % 37 == 0))
                    Console.WriteLine(FormattableString.Invariant(
                        $"signal {r.Ref} {series ?? "-"} {kind} {sig.Kind}/{sig.Locality}/{sig.WindowDays} O={sig.Observed} E={sig.Expected:0.000} S={sig.Surprise:0.0} {(sig.Person >= 0 ? r.People[sig.Person].Role + " '" + r.People[sig.Person].DisplayName + "'" : FeatureBits.Name(Math.Max(0, sig.Feature)))} area={r.Area}"));
                var key = $"{sig.Kind}/{sig.Locality}";
                if (!signalStats.TryGetValue(key, out var ss)) signalStats[key] = ss = new int[2];
                ss[0]++;
                if (members is not null && sig.Members.Any(m => members.Contains(index.Records[m].Ref))) ss[1]++;
            }
            if (Environment.GetEnvironmentVariable("DEBUG_REFS") is { } debug && debug.Split(',').Contains(r.Ref))
            {
                Console.WriteLine($"debug {r.Ref} people: {string.Join("; ", r.People.Select(p => $"{p.Role} '{p.DisplayName}'"))}");
                foreach (var sig in assessment.Signals)
                    Console.WriteLine(FormattableString.Invariant(
                        $"   {sig.Kind}/{sig.Locality}/{sig.WindowDays} O={sig.Observed} E={sig.Expected:0.000} S={sig.Surprise:0.0} person={sig.Person} feature={sig.Feature} members={string.Join(",", sig.Members.Take(8).Select(m => index.Records[m].Ref))}"));
                var ranked = index.Rank(r, 200).Ranked;
                foreach (var (c, x) in ranked.Where((x, i) => i < 4 || members?.Contains(x.Candidate.Earlier.Ref) == true))
                    Console.WriteLine(FormattableString.Invariant(
                        $"   cand #{ranked.FindIndex(y => y.Candidate == c)} {c.Earlier.Ref} p={c.Score.Probability:0.0000} w={c.Score.Weight:0.0} pw={x.PersonWeight:0.0} ps={x.PersonSurprise:0.0} cs={x.ClusterSurprise:0.0} t={x.Table} n={x.LocalComparable} {(members?.Contains(c.Earlier.Ref) == true ? "TRUE" : "")}"));
            }
            var alerted = cands.Where(c => c.Alert).ToList();
            if (alerted.Count > 0) s[1]++;
            if (Environment.GetEnvironmentVariable("SHOW_FALSE") == kind && alerted.Count > 0 && (members is null || !alerted.Any(c => members.Contains(c.Earlier.Ref))))
                Console.WriteLine($"false {r.Ref} {series ?? "-"} -> {alerted[0].Earlier.Ref} {truth.GetValueOrDefault(alerted[0].Earlier.Ref) ?? "-"}: {index.Explain(r, alerted[0].Earlier).Summary}");
            if (alerted.Any(c => members is null || !members.Contains(c.Earlier.Ref))) s[2]++;
            if (members is { Count: > 0 })
            {
                s[3]++;
                if (alerted.Any(c => members.Contains(c.Earlier.Ref))) s[4]++;
                if (ids.Any(id => members.Contains(index.Records[id].Ref))) s[5]++;
                var best = cands.FirstOrDefault(c => members.Contains(c.Earlier.Ref));
                if (best is null || !best.Alert)
                {
                    var sigs = string.Join(" ", assessment.Signals.Where(x => x.Members.Any(m => members.Contains(index.Records[m].Ref)))
                        .Select(x => FormattableString.Invariant($"{x.Kind}/{x.Locality}/{x.WindowDays}:{x.Observed}v{x.Expected:0.00}={x.Surprise:0.0}")));
                    Console.WriteLine(FormattableString.Invariant(
                        $"miss {kinds?.GetValueOrDefault(series!) ?? ""} {series} {r.Ref} {kind} top={cands.FirstOrDefault()?.Score.Probability:0.0000} true={best?.Score.Probability:0.0000} w={best?.Score.Weight:0.0} | {sigs}"));
                }
            }
            if (series is not null) { if (!seen.TryGetValue(series, out var m)) seen[series] = m = []; m.Add(r.Ref); }
            index.Add(r, assessment);
        }
        Console.WriteLine(FormattableString.Invariant($"elapsed {clock.Elapsed.TotalSeconds:0.0}s, mean candidates {(double)candidates / deaths.Count:0}, threshold {index.Threshold:0.0000}"));
        foreach (var line in index.Surveillance.DescribeRoles()) Console.WriteLine("role " + line);
        foreach (var (k, s) in stats)
            Console.WriteLine($"{k,-15} n={s[0]} alerted={s[1]} false={s[2]} later={s[3]} found={s[4]} blocked={s[5]}");
        foreach (var (k, s) in signalStats.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.WriteLine($"signal>=6 {k,-28} deaths={s[0]} naming-an-earlier-member={s[1]}");
    }
}
