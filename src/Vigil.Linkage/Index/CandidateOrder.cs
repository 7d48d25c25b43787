using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Index;

/// <summary>The order a new death's candidates are ranked and cut in (ADR 3174), and how many are kept (ADR 3175).</summary>
public sealed partial class LinkageIndex
{
    /// <summary>Positions in <paramref name="scored"/>, most probable first, in a total order: probability descending, then
    /// the earlier death's found time descending (the nearer of two equally probable deaths first), then its ref. Entry
    /// order differs between nodes (a node that built its index at a start holds deaths in found order, one that compared
    /// them as they came in arrival order) and between runs, and the sort is unstable: without the last two keys, deaths
    /// tied at a probability (at 1.0 often) were cut in no defined order, so which of them an alert named could differ
    /// between nodes and runs. Only the runs of ties that reach into the kept positions are ordered: beyond them no cut
    /// falls. <paramref name="kept"/>: every candidate at or above the alert threshold when <paramref name="keepAlerting"/>,
    /// and at least the best <paramref name="top"/>.</summary>
    private int[] Ordered((int Id, PairScore Score, double Person, CalibrationInput Input)[] scored, int n, int top, bool keepAlerting, out int kept)
    {
        // A primitive key sort: far cheaper than sorting the wide tuples with a comparison delegate.
        var keys = Grown(ref _keys, n);
        var order = Grown(ref _order, n);
        for (var i = 0; i < n; i++) (keys[i], order[i]) = (-scored[i].Score.Probability, i);
        Array.Sort(keys, order, 0, n);
        kept = Math.Min(top, n);
        if (keepAlerting)
            while (kept < n && -keys[kept] >= Threshold) kept++;
        Comparer<int>? ties = null;
        for (var start = 0; start < kept;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(order, start, end - start, ties ??= TieOrder(scored));
            start = end;
        }
        return order;
    }

    /// <summary>Equally probable candidates: the later-found earlier death first, then by ref (ordinal), which every node
    /// holds alike.</summary>
    private Comparer<int> TieOrder((int Id, PairScore Score, double Person, CalibrationInput Input)[] scored) => Comparer<int>.Create((a, b) =>
    {
        var (x, y) = (scored[a].Id, scored[b].Id);
        var found = _days[y].CompareTo(_days[x]);
        return found != 0 ? found : string.CompareOrdinal(_records[x].Ref, _records[y].Ref);
    });
}
