using System.Globalization;
using Vigil.Linkage;
using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;

// Developer console: train | train-em | replay | evaluate | tune. The lead wires the same library calls into `vigil`.
var inv = CultureInfo.InvariantCulture;
string Arg(string name, string fallback) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback; }
double Num(string name, double fallback) => double.Parse(Arg(name, fallback.ToString(inv)), inv);
var options = new LinkageOptions { AlertThreshold = Num("--threshold", new LinkageOptions().AlertThreshold) };
var training = new TrainingOptions { Scale = Num("--scale", 1), PriorStrength = Num("--strength", 10) };
switch (args.FirstOrDefault())
{
    case "train":
        LinkageTraining.Train(args[1], args[2], Arg("--out", "model.json"), training);
        break;
    case "train-em":
        File.WriteAllText(Arg("--out", "model-em.json"), LinkageTraining.TrainUnsupervised(LinkageReplay.ReadRecords(args[1]), training).ToJson());
        break;
    case "replay":
        var model = args.Contains("--model") ? LinkageModel.Load(Arg("--model", "")) : LinkageModel.Default();
        var summary = LinkageReplay.Replay(args[1], Arg("--out", "replay.jsonl"), model, options);
        Console.WriteLine(summary);
        break;
    case "evaluate":
        Console.WriteLine(LinkageEvaluation.Evaluate(args[1], args[2]).ToJson());
        break;
    case "diagnose":
        Diagnose.Run(args[1], args[2], LinkageModel.Load(Arg("--model", "model.json")), options);
        break;
    case "tune":
        Tune.Run(args[1], args[2], training, options);
        break;
    default:
        Console.Error.WriteLine("usage: train RECORDS TRUTH --out M | train-em RECORDS --out M | replay FILE --out OUT [--model M] | evaluate OUT TRUTH | tune RECORDS TRUTH");
        return 2;
}
return 0;
