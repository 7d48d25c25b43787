namespace Vigil.Web.Features.Family.Portal;

/// <summary>`vigil uploads adopt [--folder DIR]`: copies the family uploads a node's folder still holds from before ADR
/// 1621 into the store (ADR 1623). Exit 1 while any upload's bytes are outside the store, so an upgrade script sees
/// what is left.</summary>
public static class UploadsCommand
{
    public static Command Create()
    {
        var folder = new Option<DirectoryInfo?>("--folder")
        {
            Description = "The folder to copy from (default: this node's upload folder, Vigil:Family:UploadFolder); e.g. a retired node's folder copied here",
        };
        var adopt = new Command("adopt", "Copy family uploads kept in a node's upload folder (sent before uploads were kept in the database) into the store, each checked against the hash taken when the family sent it. Files are left in place. Exit 1 while any upload is still outside the store (in another node's folder, altered, or lost).")
        {
            folder,
        };
        adopt.SetAction(async (parse, ct) => await CliServices.Guard(() =>
        {
            var overrides = CliServices.Overrides(parse);
            if (parse.GetValue(folder) is { } dir) overrides[$"{FamilyOptions.Section}:{nameof(FamilyOptions.UploadFolder)}"] = dir.FullName;
            return AdoptAsync(overrides, Console.Out, ct);
        }));
        return new Command("uploads", "Family uploads kept outside the store") { adopt };
    }

    /// <summary>The verb's work, given its settings: what it copied and what is left, and its exit code.</summary>
    internal static async Task<int> AdoptAsync(IReadOnlyDictionary<string, string?> settings, TextWriter output, CancellationToken ct)
    {
        await using var services = CliServices.Build(settings);
        await using var scope = services.CreateAsyncScope();
        var folder = scope.ServiceProvider.GetRequiredService<UploadStore>().Folder;
        var report = await scope.ServiceProvider.GetRequiredService<LegacyUploads>().AdoptAsync(ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{Plural.Count(report.Adopted, "upload", "uploads")} copied from {folder} into the store; {report.NotHere.Count} not in this folder; {report.Altered.Count} altered"));
        foreach (var name in report.NotHere)
            await output.WriteLineAsync($"not here: {name} (in another node's upload folder? run `vigil uploads adopt` there)");
        foreach (var name in report.Altered)
            await output.WriteLineAsync($"altered: {name} differs from the hash taken when the family sent it; not copied");
        return report.Complete ? VigilCli.Ok : VigilCli.Failed;
    }
}
