using System.Globalization;
using Vigil.Linkage;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;

// Developer console for measuring the engine: train | train-em | replay | evaluate | tune | loao | diagnose | caps | triangles.
// The same library calls are wired into `vigil` (train, replay, evaluate).
var inv = CultureInfo.InvariantCulture;
string Arg(string name, string fallback) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback; }
double Num(string name, double fallback) => double.Parse(Arg(name, fallback.ToString(inv)), inv);
double? Threshold() => args.Contains("--threshold") ? Num("--threshold", 0) : null;
var options = new LinkageOptions
{
    AlertThreshold = Threshold(), AlertBudget = Num("--budget", 1), MeasureRarity = args.Contains("--measure-rarity"),
    Surveillance = new Vigil.Linkage.Surveillance.SurveillanceOptions { StrictPersonSignals = args.Contains("--strict-person"),
        PersonEvenSurprise = Num("--person-even", 12) },
};
var training = new TrainingOptions { Scale = Num("--scale", 1), PriorStrength = Num("--strength", 10), RolePriors = args.Contains("--role-priors"), RarityShare = Num("--rarity-share", 0), TriangleShare = Num("--triangle-share", 0),
    UnconfirmedKinds = Enum.Parse<UnconfirmedKindIntercept>(Arg("--unconfirmed", nameof(UnconfirmedKindIntercept.Shrunk)), ignoreCase: true) };
if (args.Contains("--dump-rows")) training = training with { CalibrationRowsSink = Dumps.RowsTo(Arg("--dump-rows", "") + ".rows.tsv") };
LinkageModel Model() => args.Contains("--model") ? LinkageModel.Load(Arg("--model", "")) : LinkageModel.Default();
switch (args.FirstOrDefault())
{
    case "train":
        LinkageTraining.Train(args[1], args[2], Arg("--out", "model.json"), training);
        break;
    case "train-em":
        File.WriteAllText(Arg("--out", "model-em.json"), LinkageTraining.TrainUnsupervised(LinkageReplay.ReadRecords(args[1]), training).ToJson());
        break;
    case "replay":
        Console.WriteLine(LinkageReplay.Replay(args[1], Arg("--out", "replay.jsonl"), Model(), options));
        break;
    case "dump":
        Dumps.Replay(LinkageReplay.ReadRecords(args[1]), Model(), options, Arg("--out", "replay.tsv"));
        break;
    case "recal":
        Recal.Run(args, Arg, training);
        break;
    case "evaluate":
        var result = LinkageEvaluation.Evaluate(args[1], args[2], args.Contains("--kinds") ? Arg("--kinds", "") : null);
        Console.WriteLine(args.Contains("--table") ? result.ToTable() : result.ToJson());
        break;
    case "diagnose":
        Diagnose.Run(args[1], args[2], Model(), options, args.Contains("--kinds") ? ReplayFiles.ReadKinds(Arg("--kinds", "")) : null);
        break;
    case "triangles":
        Triangles.Run(args, Arg);
        break;
    case "caps":
        Caps.Run(args[1], args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null, Model(), options);
        break;
    case "tune":
        Tune.Run(args[1], args[2], training, options);
        break;
    case "loao":
        Loao.Run(args[1], args[2], args[3], training, options, Arg("--only", ""), Arg("--dump", ""));
        break;
    default:
        Console.Error.WriteLine("usage: train RECORDS TRUTH --out M [--role-priors] | train-em RECORDS --out M | replay FILE --out OUT [--model M] [--budget B | --threshold T] [--strict-person] [--person-even S]"
            + " | evaluate OUT TRUTH [--kinds K] [--table] | tune RECORDS TRUTH | loao RECORDS TRUTH KINDS [--only A,B] [--dump DIR] | dump RECORDS --out F.tsv [--model M]"
            + " | recal ROWS-PREFIX REPLAY.tsv TRUTH KINDS [--held A] [--unconfirmed shrunk|pooled] | train … [--dump-rows PREFIX] [--unconfirmed …] [--rarity-share S] [--triangle-share S] | dump/replay … [--measure-rarity] | diagnose RECORDS TRUTH [--model M] [--kinds K] | caps RECORDS [TRUTH] [--model M]"
            + " | triangles REPLAY.tsv TRUTH KINDS [--held A] [--quota 0,5,10,20] [--unconfirmed-only MODEL] [--thresholds-from T.tsv]");
        return 2;
}
return 0;
