using Vigil.Linkage.Features;
using Vigil.Linkage.Scoring;

namespace Vigil.Linkage.Model;

/// <summary>Learns a <see cref="LinkageModel"/> from confirmed series (supervised) or without labels (EM).</summary>
public static class Trainer
{
    /// <summary>Supervised learning. m probabilities come from every pair of deaths within a confirmed series,
    /// per kind of death, shrunk towards the pooled m; u probabilities from random pairs; the prior of a kind
    /// is its confirmed pairs per death. Only kinds and comparisons are learnt, never names or places.</summary>
    /// <param name="records">Deaths, features extracted by one extractor.</param>
    /// <param name="frequencies">Frequencies over the same deaths (for term-frequency levels).</param>
    /// <param name="seriesOf">Series label of each record, null when the record is in no confirmed series.</param>
    /// <param name="options">Learning settings.</param>
    public static LinkageModel TrainSupervised(IReadOnlyList<LinkageRecord> records, ITermFrequencies frequencies,
        Func<LinkageRecord, string?> seriesOf, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        var tables = DeathKinds.Count + 1;
        var matches = Enumerable.Range(0, tables).Select(_ => new LevelCounts()).ToArray();
        var truePairs = new HashSet<(LinkageRecord, LinkageRecord)>();
        foreach (var series in records.Select(r => (r, s: seriesOf(r))).Where(x => x.s is not null).GroupBy(x => x.s, StringComparer.Ordinal))
        {
            var members = series.Select(x => x.r).OrderBy(r => r.Days).ToList();
            for (var i = 1; i < members.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    var c = PairComparer.Compare(members[i], members[j]);
                    matches[LinkageModel.TableFor(members[i].Kind, members[j].Kind)].Add(c);
                    truePairs.Add((members[i], members[j]));
                }
            }
        }
        var unrelated = SampleUnrelated(records, truePairs, options);
        var pooled = new LevelCounts();
        foreach (var m in matches) pooled.AddAll(m);
        // Smoothing borrows from u, not from a uniform pseudo-count: a level that neither confirmed nor random
        // pairs show (a named suspect in a GHB death) must stay near neutral, not become strong evidence
        // because a uniform pseudo-count dwarfs its tiny u.
        var uPooled = new LevelCounts();
        foreach (var u in unrelated) uPooled.AddAll(u);
        var pooledM = pooled.Probabilities(0, uPooled.Probabilities(0.5), 2);
        var model = new LinkageModel { Method = "supervised", Scale = options.Scale };
        for (var t = 0; t < tables; t++)
        {
            var kindRecords = t == LinkageModel.MixedTable ? records.Count : records.Count(r => (int)r.Kind == t);
            model.Tables.Add(new KindTable
            {
                Kind = t == LinkageModel.MixedTable ? "mixed" : ((DeathKind)t).ToString(),
                M = matches[t].Probabilities(0, Mix(pooledM, unrelated[t].Probabilities(0.5), options.PriorStrength, 2), options.PriorStrength + 2),
                U = unrelated[t].Probabilities(0.5),
                TruePairs = (int)matches[t].Total,
                Records = kindRecords,
                Rho = (matches[t].Total + options.PriorPseudoPairs) / (kindRecords + 1.0),
            });
        }
        model.ComputeWeights();
        return model;
    }

    private static double[][] Mix(double[][] a, double[][] b, double wa, double wb) =>
        [.. a.Select((row, k) => row.Select((v, l) => (wa * v + wb * b[k][l]) / (wa + wb)).ToArray())];

    /// <summary>Counts levels over random pairs of each table's population, leaving out known matches.</summary>
    internal static LevelCounts[] SampleUnrelated(IReadOnlyList<LinkageRecord> records, HashSet<(LinkageRecord, LinkageRecord)>? known, TrainingOptions options)
    {
        var random = new Random(options.Seed);
        var byKind = Enumerable.Range(0, DeathKinds.Count).Select(k => records.Where(r => (int)r.Kind == k).ToArray()).ToArray();
        var counts = Enumerable.Range(0, DeathKinds.Count + 1).Select(_ => new LevelCounts()).ToArray();
        for (var t = 0; t <= DeathKinds.Count; t++)
        {
            var pool = t == LinkageModel.MixedTable ? records : byKind[t];
            if (pool.Count < 2) continue;
            for (var n = 0; n < options.RandomPairsPerTable; n++)
            {
                var a = pool[random.Next(pool.Count)];
                var b = pool[random.Next(pool.Count)];
                if (ReferenceEquals(a, b) || (t == LinkageModel.MixedTable && a.Kind == b.Kind)) continue;
                if (a.Days < b.Days) (a, b) = (b, a);
                if (known is not null && known.Contains((a, b))) continue;
                counts[t].Add(PairComparer.Compare(a, b));
            }
        }
        return counts;
    }
}
