namespace Vigil.Linkage.Normalisation;

/// <summary>Edit-distance measures for names as officers type them (transposed and dropped letters).</summary>
public static class StringSimilarity
{
    /// <summary>Jaro–Winkler similarity in [0, 1]; 1 means identical. Symmetric.</summary>
    public static double JaroWinkler(string a, string b)
    {
        if (a.Length == 0 && b.Length == 0) return 1;
        if (a.Length == 0 || b.Length == 0) return 0;
        if (string.Equals(a, b, StringComparison.Ordinal)) return 1;
        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        Span<bool> aMatched = stackalloc bool[a.Length];
        Span<bool> bMatched = stackalloc bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var lo = Math.Max(0, i - window);
            var hi = Math.Min(b.Length - 1, i + window);
            for (var j = lo; j <= hi; j++)
            {
                if (bMatched[j] || a[i] != b[j]) continue;
                aMatched[i] = bMatched[j] = true;
                matches++;
                break;
            }
        }
        if (matches == 0) return 0;
        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i]) continue;
            while (!bMatched[k]) k++;
            if (a[i] != b[k]) transpositions++;
            k++;
        }
        var m = (double)matches;
        var jaro = (m / a.Length + m / b.Length + (m - transpositions / 2.0) / m) / 3.0;
        var prefix = 0;
        for (var i = 0; i < Math.Min(4, Math.Min(a.Length, b.Length)) && a[i] == b[i]; i++) prefix++;
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    /// <summary>True when <see cref="DamerauLevenshtein"/>(a, b) ≤ 1 — equal, or one insertion, deletion, substitution or
    /// adjacent transposition apart — decided in one pass without the distance table: the names comparison asks only
    /// this, for every pair of people of every candidate pair (ADR 2522).</summary>
    public static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        if (a.Length > b.Length) (a, b) = (b, a);
        var i = 0;
        while (i < a.Length && a[i] == b[i]) i++;
        if (a.Length < b.Length) return a.AsSpan(i).SequenceEqual(b.AsSpan(i + 1)); // one letter dropped from b at i
        if (i == a.Length) return true;
        return a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1)) // one letter changed at i
            || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2))); // i, i+1 swapped
    }

    /// <summary>Optimal-string-alignment Damerau–Levenshtein distance: insertions, deletions,
    /// substitutions and adjacent transpositions each cost 1. Symmetric.</summary>
    public static int DamerauLevenshtein(string a, string b)
    {
        // Three rolling rows on the stack: names are short and this runs for every pair of people compared.
        var cols = b.Length + 1;
        Span<int> buffer = cols <= 64 ? stackalloc int[cols * 3] : new int[cols * 3];
        var prev2 = buffer[..cols];
        var prev = buffer.Slice(cols, cols);
        var cur = buffer.Slice(cols * 2, cols);
        for (var j = 0; j < cols; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j < cols; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    best = Math.Min(best, prev2[j - 2] + 1);
                cur[j] = best;
            }
            var t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.Length];
    }
}
