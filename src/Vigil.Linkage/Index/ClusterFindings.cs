using Vigil.Linkage.Explaining;
using Vigil.Linkage.Features;
using Vigil.Linkage.Surveillance;

namespace Vigil.Linkage.Index;

/// <summary>A concentration found prospectively: as it stood when its latest death was found.</summary>
/// <param name="Latest">The death at which the concentration was seen.</param>
/// <param name="Signal">The signal (members are the earlier deaths counted).</param>
/// <param name="RecurrenceYears">How many years of this force's history, on average, between concentrations of this
/// kind at least this surprising (SaTScan's prospective recurrence interval, read from the data).</param>
/// <param name="Sentence">The concentration in words (counts only).</param>
public sealed record ClusterFinding(LinkageRecord Latest, Signal Signal, double RecurrenceYears, string Sentence);

public sealed partial class LinkageIndex
{
    /// <summary>Per kind: each death's strongest concentration surprise (ascending) and the years they span; built on
    /// first use from the newest deaths of the kind, then kept up to date as deaths are assessed.</summary>
    private readonly Dictionary<DeathKind, (List<double> Surprises, double From, double To)> _recurrence = [];
    private const int RecurrenceSample = 20_000;

    /// <summary>The most unusual concentrations of deaths of a kind (in its place; sharing a feature; purely spatial
    /// over two years) seen as each death of the period arrived, most surprising first, overlapping ones folded into
    /// the stronger. Each count is what it was when that death was found.</summary>
    public IReadOnlyList<ClusterFinding> Clusters(DeathKind kind, double fromDays, double toDays, int top = 10)
    {
        var found = new List<(int Id, Signal Signal)>();
        // The newest deaths of the period: a page must answer in about a second whatever the size of the force.
        foreach (var id in Surveillance.OfKind(kind, fromDays, toDays + 1e-9).Reverse().Take(RecurrenceSample).ToList())
            if (IsLive(id))
                foreach (var s in Surveillance.Concentrations(_records[id]))
                    found.Add((id, s));
        var kept = new List<(int Id, Signal Signal, HashSet<int> Members)>();
        foreach (var (id, s) in found.OrderByDescending(f => f.Signal.Surprise).ThenByDescending(f => f.Signal.Observed))
        {
            var members = s.Members.Append(id).ToHashSet();
            // A concentration largely inside a stronger one already shown is the same cluster seen again.
            if (kept.Any(k => members.Count(k.Members.Contains) * 2 >= members.Count)) continue;
            kept.Add((id, s, members));
            if (kept.Count == top) break;
        }
        return [.. kept.Select(k => new ClusterFinding(_records[k.Id], k.Signal, RecurrenceYears(kind, k.Signal.Surprise),
            SignalText.Describe(_records[k.Id], k.Signal, Extractor, Earliest(k.Signal))))];
    }

    /// <summary>Years of history per concentration of the kind at least this surprising (each death's strongest).</summary>
    private double RecurrenceYears(DeathKind kind, double surprise)
    {
        var (surprises, from, to) = Recurrence(kind);
        var lo = surprises.BinarySearch(surprise - 1e-9);
        var atLeast = surprises.Count - (lo < 0 ? ~lo : lo);
        return Math.Max(to - from, 1) / 365.25 / Math.Max(1, atLeast);
    }

    private (List<double> Surprises, double From, double To) Recurrence(DeathKind kind)
    {
        if (_recurrence.TryGetValue(kind, out var r)) return r;
        var ids = Surveillance.OfKind(kind, double.MinValue, double.MaxValue).Reverse().Where(IsLive).Take(RecurrenceSample).ToList();
        var surprises = ids.Select(id => Strongest(Surveillance.Concentrations(_records[id]))).Order().ToList();
        return _recurrence[kind] = ids.Count == 0 ? ([], 0, 0) : (surprises, ids.Min(i => _records[i].Days), ids.Max(i => _records[i].Days));
    }

    /// <summary>Keeps the recurrence statistics in step with a newly assessed death.</summary>
    private void NoteRecurrence(LinkageRecord r, IEnumerable<Signal> signals)
    {
        if (!_recurrence.TryGetValue(r.Kind, out var rec)) return;
        var s = Strongest(signals.Where(x => x.Kind is SignalKind.Concentration or SignalKind.SharedFeature));
        var at = rec.Surprises.BinarySearch(s);
        rec.Surprises.Insert(at < 0 ? ~at : at, s);
        _recurrence[r.Kind] = (rec.Surprises, Math.Min(rec.From, r.Days), Math.Max(rec.To, r.Days));
    }

    private static double Strongest(IEnumerable<Signal> signals) => signals.Select(s => s.Surprise).DefaultIfEmpty(0).Max();
}
