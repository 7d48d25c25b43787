using Vigil.Linkage.Features;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Index;

/// <summary>The series-triangle route's state and search (ADR 3194): each assessed death's best candidates, kept only while
/// the model has the route or training measures it, and a new death's best triangle among its own best candidates.</summary>
public sealed partial class LinkageIndex
{
    // Record id → its best candidates when it was assessed: earlier record id, the pair's log-odds, the model table.
    private Dictionary<int, (int Id, double LogOdds, int Table)[]>? _lists;

    private bool KeepsLists => Model.TriangleRoute is not null || Options.MeasureTriangles;

    /// <summary>Keeps the best candidates of the death just added (the last record), as it was assessed.</summary>
    private void KeepList(LinkageRecord r, IReadOnlyList<LinkageCandidate> candidates)
    {
        var list = new List<(int, double, int)>(TriangleRoute.EarlierTop);
        foreach (var c in candidates)
        {
            if (list.Count == TriangleRoute.EarlierTop) break;
            if (_latest.TryGetValue(c.Earlier.Ref, out var id))
                list.Add((id, LogOdds(c.Triangle?.PairProbability ?? c.Score.Probability), LinkageModel.TableFor(r.Kind, c.Earlier.Kind)));
        }
        (_lists ??= [])[_records.Count - 1] = [.. list];
    }

    /// <summary>The best triangle among the first <see cref="TriangleRoute.Top"/> positions of <paramref name="order"/>: two
    /// candidates of one kind (not the mixed table), the earlier among the later one's kept candidates of that kind; null
    /// when none.</summary>
    private (double Sum, int Table, int A, int B)? BestTriangle(LinkageRecord r, (int Id, PairScore Score, double Person, CalibrationInput Input)[] scored,
        int[] order, int count)
    {
        if (_lists is null) return null;
        (double Sum, int Table, int A, int B)? best = null;
        var top = Math.Min(TriangleRoute.Top, count);
        for (var i = 0; i < top; i++)
        {
            var a = order[i];
            var table = LinkageModel.TableFor(r.Kind, _facts[scored[a].Id].Kind);
            if (table == LinkageModel.MixedTable) continue;
            for (var j = i + 1; j < top; j++)
            {
                var b = order[j];
                if (LinkageModel.TableFor(r.Kind, _facts[scored[b].Id].Kind) != table) continue;
                if (Between(scored[a].Id, scored[b].Id, table) is not { } third) continue;
                var sum = LogOdds(scored[a].Score.Probability) + LogOdds(scored[b].Score.Probability) + third;
                if (best is null || sum > best.Value.Sum) best = (sum, table, a, b);
            }
        }
        return best;
    }

    /// <summary>The log-odds the later of two deaths gave the earlier when it was assessed, if the earlier was among its kept
    /// candidates in that table.</summary>
    private double? Between(int x, int y, int table)
    {
        foreach (var (later, earlier) in new[] { (x, y), (y, x) })
            if (_lists!.TryGetValue(later, out var list))
                foreach (var e in list)
                    if (e.Id == earlier && e.Table == table) return e.LogOdds;
        return null;
    }

    /// <summary>Why the route raised a pair, in words that name no other case: the three deaths, of one kind, alike pairwise.</summary>
    private static string TriangleText(LinkageRecord newer, LinkageRecord earlier, SeriesTriangle t)
    {
        var gap = Math.Abs(earlier.Days - t.Other.Days);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Three alike deaths: this death agrees with this earlier death and with another found {gap:0} days {(t.Other.Days >= earlier.Days ? "after" : "before")} it, all three {Explaining.Words.Kind(newer.Kind)}, and those two agreed with each other when the later of them was assessed; together the three stand out from this kind's usual best threes by {t.Standing:0.0} (ADR 3194)");
    }

    private static double LogOdds(double p)
    {
        p = Math.Clamp(p, 1e-300, 1 - 1e-16);
        return Math.Log(p / (1 - p));
    }
}
