using Vigil.Linkage.Model;

namespace Vigil.Web.Features.Linkage.Models;

/// <summary>`vigil model publish FILE | list`: the linkage model every node scores with, kept in the store (ADR 3153).
/// Exit codes: 0 done, 1 failed (no such file, not a model: nothing is written), 2 bad usage.</summary>
public static class ModelCommand
{
    public static Command Create() => new("model", "The linkage model every node scores with, kept in the store (ADR 3153)") { Publish(), List() };

    private static Command Publish()
    {
        var file = new Argument<FileInfo>("file") { Description = "A model JSON from `vigil train`" };
        var note = new Option<string?>("--note") { Description = "Why this model (kept with it, shown by `vigil model list`)" };
        var command = new Command("publish", "Make a model the one every node scores with; each node takes it at its next catch-up, analysts' decisions replayed into it. Audited") { file, note };
        command.SetAction(async (parse, ct) => await LinkageCommands.Run(async () =>
        {
            var path = parse.GetValue(file)!;
            if (!await LinkageCommands.ExistsAsync(path)) return VigilCli.Failed;
            var json = await File.ReadAllTextAsync(path.FullName, ct);
            await using var services = CliServices.Build(parse);
            var published = await PublishAsync(services, path.Name, json, parse.GetValue(note), ct);
            Console.WriteLine($"published linkage model {ModelStore.ShortId(published.Sha256)} ({published.TrainedOn}); every node scores with it from its next catch-up");
            return VigilCli.Ok;
        }));
        return command;
    }

    /// <summary>Checks <paramref name="json"/> is a model (the error names the file, line and field), then publishes it.</summary>
    internal static async Task<PublishedModel> PublishAsync(IServiceProvider services, string name, string json, string? note, CancellationToken ct)
    {
        Check(name, json);
        await Hosting.DataSetup.MigrateAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        return await ModelStore.PublishAsync(db, json, note, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>System.Text.Json counts lines from 0 and says where after the message; an operator reads "line 9, field ...".</summary>
    private static void Check(string name, string json)
    {
        try
        {
            LinkageModel.FromJson(json);
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new InvalidDataException($"{name} is not a linkage model: line {ex.LineNumber + 1}, field {ex.Path}: {message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{name} is not a linkage model: {ex.Message}", ex);
        }
    }

    private static Command List()
    {
        var command = new Command("list", "The models published to the store, the current one (every node's) first");
        command.SetAction(async (parse, ct) => await LinkageCommands.Run(async () =>
        {
            await using var services = CliServices.Build(parse);
            await Hosting.DataSetup.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var history = await ModelStore.HistoryAsync(scope.ServiceProvider.GetRequiredService<VigilDbContext>(), ct);
            if (history.Count == 0)
                Console.WriteLine($"no model published: nodes score with Vigil:Linkage:ModelPath, which the first node to start publishes, else the built-in model {ModelStore.ShortId(ModelStore.DefaultSha256)}");
            foreach (var (m, i) in history.Select((m, i) => (m, i)))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(i == 0 ? "current " : "        ")}{ModelStore.ShortId(m.Sha256)}  {m.PublishedAt:yyyy-MM-dd HH:mm} UTC  {m.PublishedBy}  {m.TrainedOn}{(m.Note.Length > 0 ? "  — " + m.Note : "")}"));
            return VigilCli.Ok;
        }));
        return command;
    }
}
