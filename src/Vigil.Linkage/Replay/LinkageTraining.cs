using Vigil.Linkage.Features;
using Vigil.Linkage.Index;
using Vigil.Linkage.Model;
using Vigil.Linkage.Scoring;
using Vigil.Records;

namespace Vigil.Linkage.Replay;

/// <summary>The <c>vigil train</c> verb: learns a model from a records file and its confirmed series.</summary>
public static class LinkageTraining
{
    /// <summary>Learns from confirmed series and writes the model JSON to <paramref name="outPath"/>.</summary>
    public static LinkageModel Train(string recordsPath, string truthPath, string outPath, TrainingOptions? options = null)
    {
        var model = Train(LinkageReplay.ReadRecords(recordsPath), LinkageEvaluation.ReadTruth(truthPath), options);
        File.WriteAllText(outPath, model.ToJson());
        return model;
    }

    /// <summary>Learns from deaths and a truth map (ref → series).</summary>
    public static LinkageModel Train(IReadOnlyList<DeathRecord> deaths, IReadOnlyDictionary<string, string> truth, TrainingOptions? options = null)
    {
        var (records, frequencies) = Extract(deaths);
        var model = Trainer.TrainSupervised(records, frequencies, r => truth.GetValueOrDefault(r.Ref), options);
        model.TrainedOn = $"{deaths.Count} deaths, {truth.Values.Distinct(StringComparer.Ordinal).Count()} confirmed series";
        return model;
    }

    /// <summary>Learns without labels (EM over the candidate pairs blocking produces).</summary>
    public static LinkageModel TrainUnsupervised(IReadOnlyList<DeathRecord> deaths, TrainingOptions? options = null, LinkageOptions? linkage = null)
    {
        var index = new LinkageIndex(new LinkageModel(), linkage);
        var pairs = new List<(LinkageRecord, LinkageRecord)>();
        var ids = new List<int>();
        foreach (var d in deaths)
        {
            var r = index.Extractor.Extract(d);
            ids.Clear();
            index.CollectCandidates(r, ids);
            foreach (var id in ids) pairs.Add((r, index.Records[id]));
            index.Add(r);
        }
        var model = EmTrainer.Train(index.Records, pairs, options);
        model.TrainedOn = $"{deaths.Count} deaths, no labels";
        return model;
    }

    internal static (List<LinkageRecord> Records, FrequencyCounts Frequencies) Extract(IReadOnlyList<DeathRecord> deaths)
    {
        var extractor = new FeatureExtractor();
        var frequencies = new FrequencyCounts(extractor.PersonKeys);
        var records = deaths.Select(extractor.Extract).ToList();
        foreach (var r in records) frequencies.Add(r);
        return (records, frequencies);
    }
}
