using Spectre.Console;
using Vigil.Web.Features.Import.Mapping;
using Vigil.Web.Features.Users;

namespace Vigil.Web.Features.Import;

public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "death-record v1 JSON lines (plain or .gz), or with --mapping a CSV or .xlsx file" };
        var team = new Option<string>("--team") { Description = "Team that owns the new cases", DefaultValueFactory = _ => "Imported records" };
        var source = new Option<string>("--source") { Description = "Source for records that name none (a mapping's own source comes first)", DefaultValueFactory = _ => "import" };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "Column mapping (JSON, docs/import-mapping.md) for a CSV or .xlsx file" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bars" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once stored; a running web node's linkage worker compares the cases" };
        var command = new Command("import", "Import death records; re-importing into the same team updates by (source, ref), never duplicates. Exit 1 if any line was rejected.")
        {
            file, team, source, mapping, quiet, noWait,
        };
        command.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) { await Console.Error.WriteLineAsync($"error: no such file {path.FullName}"); return VigilCli.Failed; }
            var map = parse.GetValue(mapping) is { } m ? await ReadMappingAsync(m, ct) : null;
            if (parse.GetValue(mapping) is not null && map is null) return VigilCli.Usage;
            await using var services = CliServices.Build(parse);
            await Hosting.DataSetup.MigrateAsync(services, ct);
            Guid teamId;
            await using (var scope = services.CreateAsyncScope())
                teamId = (await scope.ServiceProvider.GetRequiredService<UserAdmin>().EnsureTeamAsync(parse.GetValue(team)!, ct)).Id;
            var importer = services.GetRequiredService<ImportService>();
            await using var raw = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            await using var input = map is null ? JsonLinesReader.WrapMaybeGzip(raw) : raw;
            using var table = map is null ? null : TabularReader.Open(raw, map.Sheet);
            IEnumerable<ParsedLine> lines;
            try
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(CliServices.Settings(services).TimeZone);
                lines = table is null ? DeathRecordParser.Parse(input) : new RowMapper(map!, table.Columns, zone).Lines(table);
            }
            catch (InvalidMappingException ex)
            {
                foreach (var problem in ex.Problems) await Console.Error.WriteLineAsync($"error: mapping: {problem}");
                return VigilCli.Usage;
            }
            var options = new ImportOptions(teamId, map?.Source ?? parse.GetValue(source)!, WaitForLinkage: !parse.GetValue(noWait));
            var summary = parse.GetValue(quiet) || Console.IsOutputRedirected
                ? await importer.ImportAsync(lines, options, null, ct)
                : await WithProgressAsync(importer, lines, raw, options, ct);
            Report(summary);
            return summary.Rejected.Count == 0 ? VigilCli.Ok : VigilCli.Failed;
        }));
        return command;
    }

    private static async Task<ImportMapping?> ReadMappingAsync(FileInfo file, CancellationToken ct)
    {
        try
        {
            return ImportMapping.Parse(await File.ReadAllTextAsync(file.FullName, ct));
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
        {
            await Console.Error.WriteLineAsync($"error: mapping {file.Name}: {ex.Message}");
            return null;
        }
    }

    private static async Task<ImportSummary> WithProgressAsync(ImportService importer, IEnumerable<ParsedLine> lines, FileStream raw, ImportOptions options, CancellationToken ct)
    {
        ImportSummary? result = null;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var stored = ctx.AddTask("stored", maxValue: raw.Length);
                var linked = options.WaitForLinkage ? ctx.AddTask("linked", maxValue: 1) : null;
                result = await importer.ImportAsync(lines, options, s =>
                {
                    stored.Value = raw.Position;
                    stored.Description = $"{s.Accepted:N0} stored, {s.Rejected.Count:N0} rejected";
                    if (linked is null || s.PendingLinkage is not { } pending) return;
                    // Linked of what this import saved (an unchanged line is not compared again); rows another save
                    // queued meanwhile count as pending too.
                    var saved = Math.Max(1, s.Created + s.Updated);
                    linked.MaxValue = saved;
                    linked.Value = Math.Max(0, saved - pending);
                    linked.Description = $"{Math.Max(0, saved - pending):N0} linked, {pending:N0} queued";
                }, ct);
                stored.Value = raw.Length;
                if (linked is not null) linked.Value = linked.MaxValue;
            });
        return result!;
    }

    private static void Report(ImportSummary s)
    {
        foreach (var r in s.Rejected.Take(200)) Console.Error.WriteLine($"line {r.Line}: rejected: {r.Message}");
        if (s.Rejected.Count > 200) Console.Error.WriteLine($"... and {s.Rejected.Count - 200} more rejected lines");
        foreach (var w in s.Warnings.Take(20)) Console.Error.WriteLine($"line {w.Line}: warning: {w.Message}");
        if (s.Warnings.Count > 20) Console.Error.WriteLine($"... and {s.Warnings.Count - 20} more warnings");
        Console.WriteLine($"{s.Lines:N0} lines: {s.Created:N0} created, {s.Updated:N0} updated, {s.Unchanged:N0} unchanged, {s.Rejected.Count:N0} rejected, {s.Warnings.Count:N0} warnings in {s.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine(s.PendingLinkage is null
            ? $"stored in {s.StoredElapsed.TotalSeconds:F1} s; linkage left to the worker (--no-wait)"
            : $"stored in {s.StoredElapsed.TotalSeconds:F1} s; linked in {s.Elapsed.TotalSeconds:F1} s");
    }
}
