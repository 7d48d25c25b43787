namespace Vigil.Web.Features.Backup;

/// <summary>`vigil backup --out FILE` and `vigil restore FILE`.</summary>
public static class BackupCommand
{
    public static IEnumerable<Command> Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "The backup file to write (a .tar.gz)", Required = true };
        var backup = new Command("backup", "A consistent snapshot of the store while it runs (SQLite online backup; PostgreSQL pg_dump) and the family uploads its rows name, with a manifest of row counts and the audit head. The audit key is NOT included: keep it separately.")
        {
            output,
        };
        backup.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            await using var services = CliServices.Build(parse);
            var started = TimeProvider.System.GetTimestamp();
            var (manifest, missing) = await services.GetRequiredService<BackupService>().BackupAsync(parse.GetValue(output)!.FullName, PrintStep, ct);
            Console.WriteLine($"backup written: {parse.GetValue(output)!.FullName} ({new FileInfo(parse.GetValue(output)!.FullName).Length / 1048576.0:F1} MiB) in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
            Console.WriteLine($"{manifest.Tables.GetValueOrDefault("cases"):N0} cases, {manifest.Tables.Values.Sum():N0} rows in {manifest.Tables.Count} tables; audit head #{manifest.AuditHeadSequence}; {manifest.FamilyUploads:N0} family uploads");
            foreach (var name in missing) await Console.Error.WriteLineAsync($"WARNING family upload {name} is named by the store but missing from its folder: not in the backup");
            return VigilCli.Ok;
        }));

        var file = new Argument<FileInfo>("file") { Description = "A file written by `vigil backup`" };
        var noWait = new Option<bool>("--no-wait") { Description = "Leave the cases the backup had queued for linkage to a serving node's linkage worker instead of comparing them before returning" };
        var restore = new Command("restore", "Restore a backup into an empty store (--db), then check row counts, the audit chain, the linkage index and every family upload's hash against it. Exit 1 if anything disagrees.")
        {
            file,
            noWait,
        };
        restore.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) { await Console.Error.WriteLineAsync($"error: no such file {path.FullName}"); return VigilCli.Failed; }
            await using var services = CliServices.Build(parse);
            RestoreReport report;
            try
            {
                var options = new RestoreOptions(!parse.GetValue(noWait), PrintStep);
                report = await services.GetRequiredService<BackupService>().RestoreAsync(path.FullName, options, ct);
            }
            catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return VigilCli.Failed;
            }
            foreach (var (table, count) in report.Manifest.Tables)
                Console.WriteLine($"  {table,-32} {count,12:N0} {report.Restored.GetValueOrDefault(table, -1),12:N0}");
            Console.WriteLine($"audit chain: {(report.Audit.Intact ? "intact" : "BROKEN")}, {report.Audit.Checked:N0} entries, head #{report.Audit.LastSequence}");
            Console.WriteLine($"linkage index: {report.LinkageIndexed:N0} cases indexed");
            if (report.PendingLinkage > 0)
                Console.WriteLine($"linkage queue: {report.PendingLinkage:N0} cases left to compare; a serving node's linkage worker compares them (vigil serve)");
            foreach (var problem in report.Mismatches) await Console.Error.WriteLineAsync($"MISMATCH {problem}");
            Console.WriteLine(report.Agrees ? "restore complete: counts, audit chain, linkage index and family uploads agree with the backup" : "restore DISAGREES with the backup");
            return report.Agrees ? VigilCli.Ok : VigilCli.Failed;
        }));
        return [backup, restore];
    }

    /// <summary>Each step as it finishes: a million deaths take minutes, and an operator should see which step runs.</summary>
    private static void PrintStep(BackupStep step) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step.Took.TotalSeconds,8:F1} s  {step.What}"));
}
