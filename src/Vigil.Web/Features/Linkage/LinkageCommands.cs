using Vigil.Linkage.Model;
using Vigil.Linkage.Replay;

namespace Vigil.Web.Features.Linkage;

/// <summary>`vigil train | model | replay | evaluate | clusters`: quality is measured on data, not asserted.
/// Exit codes: 0 done, 1 failed (missing or unreadable file), 2 bad usage.</summary>
public static class LinkageCommands
{
    public static IEnumerable<Command> Create() => [Train(), Models.ModelCommand.Create(), Replay(), Evaluate(), Clusters.ClustersCommand.Create(), Outbox.OutboxCommand.Create()];

    private static Command Train()
    {
        var records = new Argument<FileInfo>("records") { Description = "death-record v1 JSON lines (plain or .gz): the force's history" };
        var truth = new Argument<FileInfo>("truth") { Description = "CSV ref,series of confirmed linked series" };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the model JSON", Required = true };
        var publish = new Option<bool>("--publish") { Description = "Also publish the model to the store, as `vigil model publish` does: every node scores with it from its next catch-up" };
        var command = new Command("train", "Learn linkage weights from a force's records and its confirmed series") { records, truth, output, publish };
        command.SetAction(async (parse, ct) => await Run(async () =>
        {
            if (!await ExistsAsync(parse.GetValue(records)!) || !await ExistsAsync(parse.GetValue(truth)!)) return VigilCli.Failed;
            var model = await Task.Run(() => LinkageTraining.Train(parse.GetValue(records)!.FullName, parse.GetValue(truth)!.FullName, parse.GetValue(output)!.FullName), ct);
            Console.WriteLine($"model written to {parse.GetValue(output)!.FullName} ({model.TrainedOn})");
            if (!parse.GetValue(publish)) return VigilCli.Ok;
            await using var services = CliServices.Build(parse);
            var published = await Models.ModelCommand.PublishAsync(services, parse.GetValue(output)!.Name,
                await File.ReadAllTextAsync(parse.GetValue(output)!.FullName, ct), $"trained on {parse.GetValue(records)!.Name}", ct);
            Console.WriteLine($"published linkage model {Models.ModelStore.ShortId(published.Sha256)}; every node scores with it from its next catch-up");
            return VigilCli.Ok;
        }));
        return command;
    }

    private static Command Replay()
    {
        var file = new Argument<FileInfo>("file") { Description = "death-record v1 JSON lines (plain or .gz), entered in found_at order" };
        var output = new Option<FileInfo>("--out") { Description = "Where to write one JSON line per record with its top candidates", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "A model from `vigil train` (default: the model Vigil ships)" };
        var threshold = new Option<double?>("--threshold") { Description = "Alert probability threshold (default: from the alert budget)" };
        var budget = new Option<double?>("--budget") { Description = "Alerts per 100 deaths (default: Vigil:Linkage:AlertBudget, else 1)" };
        var command = new Command("replay", "Enter each record in found_at order, compared only with those before it; never reads a truth file") { file, output, model, threshold, budget };
        command.SetAction(async (parse, ct) => await Run(async () =>
        {
            if (!await ExistsAsync(parse.GetValue(file)!)) return VigilCli.Failed;
            if (parse.GetValue(model) is { } m && !await ExistsAsync(m)) return VigilCli.Failed;
            var settings = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(LinkageSettings.Section).Get<LinkageSettings>() ?? new LinkageSettings();
            if (parse.GetValue(threshold) is { } t) settings.AlertThreshold = t;
            if (parse.GetValue(budget) is { } b) settings.AlertBudget = b;
            var loaded = parse.GetValue(model) is { } path ? LinkageModel.Load(path.FullName) : LinkageModel.Default();
            var summary = await Task.Run(() => LinkageReplay.Replay(parse.GetValue(file)!.FullName, parse.GetValue(output)!.FullName, loaded, settings.Options()), ct);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"replayed {summary.Records} records ({summary.Rejected} rejected), {summary.Alerts} alerting, in {summary.Elapsed.TotalSeconds:0.0} s"));
            return VigilCli.Ok;
        }));
        return command;
    }

    private static Command Evaluate()
    {
        var replay = new Argument<FileInfo>("replay") { Description = "Output of `vigil replay`" };
        var truth = new Argument<FileInfo>("truth") { Description = "CSV ref,series" };
        var command = new Command("evaluate", "Print series_first_link, victim_recall, recall_at_5, alert_rate, alert_precision and ap as JSON") { replay, truth };
        command.SetAction(async (parse, ct) => await Run(async () =>
        {
            if (!await ExistsAsync(parse.GetValue(replay)!) || !await ExistsAsync(parse.GetValue(truth)!)) return VigilCli.Failed;
            var result = await Task.Run(() => LinkageEvaluation.Evaluate(parse.GetValue(replay)!.FullName, parse.GetValue(truth)!.FullName), ct);
            Console.WriteLine(result.ToJson());
            return VigilCli.Ok;
        }));
        return command;
    }

    internal static async Task<bool> ExistsAsync(FileInfo file)
    {
        if (file.Exists) return true;
        await Console.Error.WriteLineAsync($"error: no such file {file.FullName}");
        return false;
    }

    /// <summary>Malformed input files fail with a message and exit 1, not a stack trace.</summary>
    internal static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await CliServices.Guard(action);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return VigilCli.Failed;
        }
    }
}
