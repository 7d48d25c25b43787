using System.Globalization;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;

/// <summary>`triangles REPLAY.tsv TRUTH KINDS [--held A] [--quota 5,10,20] [--unconfirmed-only MODEL] [--thresholds-from T.tsv]`:
/// measures series-level evidence on a dumped replay (round 48, ADR 3193; measured, not adopted). A death's triangle is
/// two of its five best candidates of its own kind, the earlier of which is among the later one's ten best: the score is
/// the sum of the three pairs' log-odds. Each kind's (model table's) Q best triangles over the history alert besides the
/// pair threshold, naming both earlier deaths, and the pair threshold rises so that all alerts stay at 1 per 100 deaths.
/// The per-kind thresholds are read by rank alone (no labels), from this replay or from <c>--thresholds-from</c> (the
/// training force's replay, as an engine would ship them).</summary>
internal static class Triangles
{
    private const int Top = 5, EarlierTop = 10, Tables = Vigil.Linkage.Features.DeathKinds.Count + 1;
    private static readonly string[] KindNames = Enum.GetNames<Vigil.Linkage.Features.DeathKind>();

    private sealed record Death(string Ref, List<(int Earlier, string EarlierRef, double Final, int Table, int Rank)> Candidates);

    private sealed record Triangle(double Score, int Table, int A, int B);

    public static void Run(string[] args, Func<string, string, string> arg)
    {
        var inv = CultureInfo.InvariantCulture;
        var deaths = Read(args[1]);
        var truth = ReplayFiles.ReadTruth(args[2]);
        var kinds = ReplayFiles.ReadKinds(args[3]);
        var held = arg("--held", "");
        var tables = args.Contains("--unconfirmed-only") ? Unconfirmed(LinkageModel.Load(arg("--unconfirmed-only", ""))) : null;
        var triangles = Best(deaths, tables);
        var fromDeaths = args.Contains("--thresholds-from") ? Read(arg("--thresholds-from", "")) : deaths;
        var from = ReferenceEquals(fromDeaths, deaths) ? triangles : Best(fromDeaths, tables);
        // Either each kind's Q best triangles, or (--outlier-share) one route over every kind on how far a triangle stands
        // out from its own kind's: (score − q90) / (q99 − q90) of the kind's triangles, its top share of the budget alerting.
        var outlier = args.Contains("--outlier-share");
        var settings = arg(outlier ? "--outlier-share" : "--quota", "0,5,10,20").Split(',');
        var quantiles = Quantiles(from);
        foreach (var setting in settings)
        {
            var routed = outlier
                ? Outliers(triangles, quantiles, Tau(Outlier(from, quantiles), double.Parse(setting, inv), fromDeaths.Count))
                : PerKind(triangles, Thresholds(from, int.Parse(setting, inv)));
            var (lines, count, added) = Alerts(deaths, triangles, routed);
            var result = LinkageEvaluation.Evaluate(lines, truth, held.Length == 0 ? null : s => kinds.GetValueOrDefault(s) == held, kinds);
            var perArchetype = string.Join(" ", (result.ByArchetype ?? new Dictionary<string, EvaluationResult>())
                .Select(kv => FormattableString.Invariant($"{kv.Key} {kv.Value.SeriesFirstLink:0.00}/{kv.Value.VictimRecall:0.00}")));
            var trained = held.Length == 0 ? null : LinkageEvaluation.Evaluate(lines, truth, s => kinds.TryGetValue(s, out var a) && a != held);
            Console.WriteLine(string.Create(inv, $"{(outlier ? "share" : "Q")}={setting}: route {count} deaths ({added} not alerting by pairs), alerts {result.AlertRate:0.00}/100 | overall {result.SeriesFirstLink:0.00}/{result.VictimRecall:0.00} | {perArchetype}")
                + (trained is null ? "" : string.Create(inv, $" | trained kinds {trained.SeriesFirstLink:0.00}/{trained.VictimRecall:0.00}")));
        }
    }

    private static List<Death> Read(string path)
    {
        var rows = Dumps.ReadReplay(path);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var deaths = new List<Death>();
        foreach (var group in rows.GroupBy(r => r.Death).OrderBy(g => g.Key))
        {
            var first = group.First();
            position[first.Ref] = deaths.Count;
            var ranked = group.Where(r => r.Earlier != "-").OrderByDescending(r => r.Final)
                .Select((r, i) => (position[r.Earlier], r.Earlier, r.Final, Array.IndexOf(r.Features, 1.0, 0, Tables), i + 1)).ToList();
            deaths.Add(new Death(first.Ref, ranked));
        }
        return deaths;
    }

    /// <summary>Each death's best triangle of its own kind, or null.</summary>
    private static Triangle?[] Best(List<Death> deaths, HashSet<int>? tables)
    {
        var best = new Triangle?[deaths.Count];
        for (var d = 0; d < deaths.Count; d++)
        {
            var top = deaths[d].Candidates.Where(c => c.Rank <= Top && c.Table < Tables - 1 && (tables is null || tables.Contains(c.Table))).ToList();
            foreach (var a in top)
                foreach (var b in top)
                {
                    if (a.Earlier >= b.Earlier || a.Table != b.Table) continue;
                    var ba = deaths[b.Earlier].Candidates.FindIndex(c => c.Earlier == a.Earlier && c.Rank <= EarlierTop && c.Table == a.Table);
                    if (ba < 0) continue;
                    var score = Logit(a.Final) + Logit(b.Final) + Logit(deaths[b.Earlier].Candidates[ba].Final);
                    if (best[d] is null || score > best[d]!.Score) best[d] = new Triangle(score, a.Table, a.Earlier, b.Earlier);
                }
        }
        return best;
    }

    /// <summary>Per table, the score of its Q-th best triangle (no route when Q is 0).</summary>
    private static Dictionary<int, double> Thresholds(Triangle?[] triangles, int q) =>
        q <= 0 ? [] : triangles.OfType<Triangle>().GroupBy(t => t.Table)
            .ToDictionary(g => g.Key, g => g.Select(t => t.Score).OrderDescending().ElementAt(Math.Min(q, g.Count()) - 1));

    private static bool[] PerKind(Triangle?[] triangles, Dictionary<int, double> tau) =>
        [.. triangles.Select(t => t is not null && tau.TryGetValue(t.Table, out var x) && t.Score >= x)];

    /// <summary>Per table, its triangles' 90th percentile and the distance from it to the 99th.</summary>
    private static Dictionary<int, (double Q90, double Scale)> Quantiles(Triangle?[] triangles) =>
        triangles.OfType<Triangle>().GroupBy(t => t.Table).ToDictionary(g => g.Key, g =>
        {
            var sorted = g.Select(t => t.Score).Order().ToArray();
            double At(double f) => sorted[Math.Min(sorted.Length - 1, (int)(f * sorted.Length))];
            return (At(0.9), Math.Max(1e-6, At(0.99) - At(0.9)));
        });

    private static double[] Outlier(Triangle?[] triangles, Dictionary<int, (double Q90, double Scale)> quantiles) =>
        [.. triangles.Select(t => t is not null && quantiles.TryGetValue(t.Table, out var q) ? (t.Score - q.Q90) / q.Scale : double.NegativeInfinity)];

    /// <summary>The outlier score of the death at rank share·(deaths/100) of <paramref name="from"/>.</summary>
    private static double Tau(double[] from, double share, int deaths)
    {
        var n = (int)Math.Round(share * Math.Round(deaths / 100.0));
        return n <= 0 ? double.PositiveInfinity : from.OrderDescending().ElementAt(n - 1);
    }

    private static bool[] Outliers(Triangle?[] triangles, Dictionary<int, (double Q90, double Scale)> quantiles, double tau) =>
        [.. Outlier(triangles, quantiles).Select(z => z >= tau)];

    /// <summary>Replay lines with the alert flags of both routes at 1 alert per 100 deaths.</summary>
    private static (List<ReplayLine> Lines, int Routed, int Added) Alerts(List<Death> deaths, Triangle?[] triangles, bool[] routed)
    {
        var target = (int)Math.Round(deaths.Count / 100.0);
        var count = routed.Count(r => r);
        var threshold = double.PositiveInfinity;
        foreach (var (best, d) in deaths.Select((x, d) => (x.Candidates.Count == 0 ? 0 : x.Candidates[0].Final, d)).OrderByDescending(x => x.Item1))
        {
            if (routed[d]) { threshold = best; continue; }
            if (count + 1 > target) break;
            count++;
            threshold = best;
        }
        var added = 0;
        var lines = deaths.Select((x, d) =>
        {
            var byPair = x.Candidates.Count > 0 && x.Candidates[0].Final >= threshold;
            if (routed[d] && !byPair) added++;
            return new ReplayLine(x.Ref, [.. x.Candidates.Select(c => (c.EarlierRef, c.Final,
                c.Final >= threshold || (routed[d] && (c.Earlier == triangles[d]!.A || c.Earlier == triangles[d]!.B))))]);
        }).ToList();
        return (lines, routed.Count(r => r), added);
    }

    /// <summary>The tables a model calibrated from the pooled kinds (fewer than 5 confirmed pairs): kinds the force has not
    /// confirmed a series of.</summary>
    private static HashSet<int> Unconfirmed(LinkageModel model) =>
        [.. model.Calibration?.FittedOn.Split(':').Last().Split(',').Select(s => Array.IndexOf(KindNames, s.Trim())).Where(i => i >= 0) ?? []];

    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-300, 1 - 1e-16);
        return Math.Log(p / (1 - p));
    }
}
