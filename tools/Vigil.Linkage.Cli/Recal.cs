using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;

/// <summary>`recal PREFIX REPLAY TRUTH KINDS [--held A] [--route R --share S | --route-even E]`: refits the calibration
/// from PREFIX.rows.tsv with the given training options, re-scores a dumped replay (the identity route kept as
/// replayed), optionally adds an archetype-agnostic route, and evaluates per archetype; with --held only that
/// archetype's series count (leave-one-archetype-out).</summary>
internal static class Recal
{
    private const int Tables = Vigil.Linkage.Features.DeathKinds.Count + 1;

    public static void Run(string[] args, Func<string, string, string> arg, TrainingOptions training)
    {
        var (x, y, w, _) = Dumps.ReadRows(args[1] + ".rows.tsv");
        var calibration = CalibrationTrainer.Fit(x, y, w, training);
        var rows = Dumps.ReadReplay(args[2]);
        var route = arg("--route", "");
        var deaths = rows.GroupBy(r => r.Death).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var p = deaths.Select(g => g.Select(r => Score(calibration, r)).ToArray()).ToList();
        var z = deaths.Select(g => g.Select(r => r.Earlier == "-" ? double.NegativeInfinity : Route(route, r.Features)).ToArray()).ToList();
        double even = double.PositiveInfinity;
        if (args.Contains("--route-even")) even = double.Parse(arg("--route-even", "0"), System.Globalization.CultureInfo.InvariantCulture);
        else if (route.Length > 0)
        {
            var share = double.Parse(arg("--share", "0.3"), System.Globalization.CultureInfo.InvariantCulture);
            var bestP = p.Select(a => a.Length == 0 ? 0 : a.Max()).ToList();
            var bestZ = z.Select(a => a.Length == 0 ? double.NegativeInfinity : a.Max()).ToList();
            even = RarityRoute.Even(bestP, bestZ, share, budget: 1);
            Console.WriteLine($"route {route}: even {even:0.###}");
        }
        var lines = deaths.Select((g, i) => new ReplayLine(g[0].Ref, [.. g.Where(r => r.Earlier != "-")
            .Select((r, j) => (r.Earlier, Math.Max(p[i][j], 1 / (1 + Math.Exp(-Math.Clamp(z[i][j] - even, -60, 60)))), false))
            .OrderByDescending(c => c.Item2)])).ToList();
        var truth = ReplayFiles.ReadTruth(args[3]);
        var kinds = ReplayFiles.ReadKinds(args[4]);
        var held = arg("--held", "");
        var result = LinkageEvaluation.Evaluate(lines, truth, held.Length == 0 ? null : s => kinds.GetValueOrDefault(s) == held, kinds);
        Console.WriteLine($"overall    {Tune.Line(result)}");
        foreach (var (a, r) in result.ByArchetype ?? new Dictionary<string, EvaluationResult>()) Console.WriteLine($"{a,-10} {Tune.Line(r)}");
    }

    /// <summary>Archetype-agnostic route scores from the calibration features (see <see cref="Calibration.Features"/>).</summary>
    private static double Route(string route, double[] f)
    {
        if (f.Length == 0) return double.NegativeInfinity;
        double weight = f[Tables], person = f[2 * Tables + 1], local = f[2 * Tables + 2], other = f[2 * Tables + 4];
        return route switch
        {
            "fs" => weight - local,
            "margin" => weight - other,
            "fsmargin" => weight - local + Math.Min(0, weight - other),
            "nonperson" => weight - person - local,
            _ => double.NegativeInfinity,
        };
    }

    private static double Score(Calibration calibration, Dumps.Row r)
    {
        if (r.Features.Length == 0) return 0;
        var identity = r.Final > r.Calibrated + 1e-12 ? r.Final : 0;
        var z = 0.0;
        for (var i = 0; i < r.Features.Length; i++) z += calibration.Coefficients[i] * r.Features[i];
        return Math.Max(identity, 1 / (1 + Math.Exp(-Math.Clamp(z, -60, 60))));
    }
}
