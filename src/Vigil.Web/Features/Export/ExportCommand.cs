using System.IO.Compression;

namespace Vigil.Web.Features.Export;

public static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Output file (.jsonl, .jsonl.gz, .csv, .ndjson or .geojson); standard output if omitted" };
        var format = new Option<ExportFormat?>("--format") { Description = "jsonl, csv, fhir (FHIR R4 document bundles, one per line) or geojson (one FeatureCollection of points); default: from the file name, else jsonl" };
        var command = new Command("export", "Export every case as death-record v1 JSON lines (or CSV)") { output, format };
        command.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            var file = parse.GetValue(output);
            var chosen = parse.GetValue(format) ?? FromName(file?.Name);
            await using var services = CliServices.Build(parse);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Data.VigilDbContext>();
            var exporter = new ExportService(db);
            // Every export is in the audit trail, the verb's as the web's (ADR 3144).
            var audit = new CliExportAudit(db, chosen, file?.FullName ?? CliExportAudit.StandardOutput);
            // Written to FILE.partial and renamed, as a backup is: an export that fails half-way leaves no plausible file
            // of some of the cases, and never truncates the last good export of that name (ADR 1627).
            var partial = file is null ? null : file.FullName + ".partial";
            try
            {
                int count;
                await using (Stream target = partial is null ? Console.OpenStandardOutput() : File.Create(partial))
                await using (Stream sink = file?.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) == true ? new GZipStream(target, CompressionLevel.Fastest) : target)
                    count = await exporter.ExportAsync(sink, chosen, null, ct, ids => audit.PageAsync(ids, ct));
                if (partial is not null) File.Move(partial, file!.FullName, overwrite: true);
                await audit.DoneAsync(count, ct);
                await Console.Error.WriteLineAsync($"exported {count:N0} cases");
                return VigilCli.Ok;
            }
            finally
            {
                if (partial is not null) File.Delete(partial);
            }
        }));
        return command;
    }

    private static ExportFormat FromName(string? name) =>
        name?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true ? ExportFormat.Csv
        : name?.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) == true ? ExportFormat.GeoJson : ExportFormat.Jsonl;
}
