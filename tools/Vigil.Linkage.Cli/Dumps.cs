using System.Globalization;
using Vigil.Linkage;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;
using Vigil.Records;

/// <summary>Measuring aids: the calibration's training rows and a replay's calibration inputs, written once so that
/// calibration variants are refitted and re-scored in seconds instead of by replaying (`recal`).</summary>
internal static class Dumps
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A sink for <see cref="TrainingOptions.CalibrationRowsSink"/> writing <c>death y weight features…</c>.</summary>
    public static Action<IReadOnlyList<double[]>, IReadOnlyList<bool>, IReadOnlyList<double>, IReadOnlyList<int>> RowsTo(string path) =>
        (x, y, w, death) =>
        {
            using var o = new StreamWriter(path);
            for (var i = 0; i < x.Count; i++)
                o.WriteLine($"{death[i]}\t{(y[i] ? 1 : 0)}\t{w[i].ToString("R", Inv)}\t{string.Join(',', x[i].Select(v => v.ToString("G7", Inv)))}");
        };

    /// <summary>Replays <paramref name="deaths"/>, writing per candidate <c>death ref earlier final calibrated features…</c>
    /// (final includes the identity route), and returns the replay lines.</summary>
    public static List<ReplayLine> Replay(IReadOnlyList<DeathRecord> deaths, LinkageModel model, LinkageOptions options, string? path)
    {
        var index = new LinkageIndex(model, options);
        var lines = new List<ReplayLine>();
        using var o = path is null ? null : new StreamWriter(path);
        var f = new double[Calibration.Size];
        for (var d = 0; d < deaths.Count; d++)
        {
            var r = index.Extractor.Extract(deaths[d]);
            var (ranked, signals) = index.Rank(r, options.TopCandidates);
            index.Add(r, new DeathAssessment([.. ranked.Select(x => x.Candidate)], signals));
            lines.Add(new ReplayLine(r.Ref, [.. ranked.Select(x => (x.Candidate.Earlier.Ref, x.Candidate.Score.Probability, x.Candidate.Alert))]));
            if (o is null) continue;
            if (ranked.Count == 0) o.WriteLine($"{d}\t{r.Ref}\t-\t0\t0\t");
            foreach (var (c, input) in ranked)
            {
                Calibration.Features(input, f);
                var cal = model.Calibration?.Probability(input) ?? c.Score.Probability;
                o.WriteLine($"{d}\t{r.Ref}\t{c.Earlier.Ref}\t{c.Score.Probability.ToString("R", Inv)}\t{cal.ToString("R", Inv)}\t{string.Join(',', f.Select(v => v.ToString("G7", Inv)))}\t{input.RouteScore.ToString("G7", Inv)}");
            }
        }
        return lines;
    }

    /// <summary>Reads rows written by <see cref="RowsTo"/>.</summary>
    public static (List<double[]> X, List<bool> Y, List<double> W, List<int> Death) ReadRows(string path)
    {
        var (x, y, w, death) = (new List<double[]>(), new List<bool>(), new List<double>(), new List<int>());
        foreach (var line in File.ReadLines(path))
        {
            var p = line.Split('\t');
            death.Add(int.Parse(p[0], Inv));
            y.Add(p[1] == "1");
            w.Add(double.Parse(p[2], Inv));
            x.Add([.. p[3].Split(',').Select(v => double.Parse(v, Inv))]);
        }
        return (x, y, w, death);
    }

    /// <summary>One candidate of a dumped replay.</summary>
    public sealed record Row(int Death, string Ref, string Earlier, double Final, double Calibrated, double[] Features);

    /// <summary>Reads a replay written by <see cref="Replay"/>.</summary>
    public static List<Row> ReadReplay(string path) =>
        [.. File.ReadLines(path).Select(line => line.Split('\t')).Select(p => new Row(int.Parse(p[0], Inv), p[1], p[2],
            double.Parse(p[3], Inv), double.Parse(p[4], Inv), p[5].Length == 0 ? [] : [.. p[5].Split(',').Select(v => double.Parse(v, Inv))]))];
}
