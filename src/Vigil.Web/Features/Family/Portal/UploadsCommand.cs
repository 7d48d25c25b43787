namespace Vigil.Web.Features.Family.Portal;

/// <summary>`vigil uploads adopt`: copies the family uploads this node's folder still holds from before ADR 1621 into the
/// store (ADR 1623). Exit 1 while any upload's bytes are outside the store, so an upgrade script sees what is left.</summary>
public static class UploadsCommand
{
    public static Command Create()
    {
        var adopt = new Command("adopt", "Copy family uploads kept in this node's upload folder (sent before uploads were kept in the database) into the store, each checked against the hash taken when the family sent it. Files are left in place. Exit 1 while any upload is still outside the store (in another node's folder, altered, or lost).");
        adopt.SetAction(async (parse, ct) => await CliServices.Guard(async () =>
        {
            await using var services = CliServices.Build(parse);
            await using var scope = services.CreateAsyncScope();
            var folder = scope.ServiceProvider.GetRequiredService<UploadStore>().Folder;
            var report = await scope.ServiceProvider.GetRequiredService<LegacyUploads>().AdoptAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Plural.Count(report.Adopted, "upload", "uploads")} copied from {folder} into the store; {report.NotHere.Count} not in this folder; {report.Altered.Count} altered"));
            foreach (var name in report.NotHere)
                Console.WriteLine($"not here: {name} (in another node's upload folder? run `vigil uploads adopt` there)");
            foreach (var name in report.Altered)
                Console.WriteLine($"altered: {name} differs from the hash taken when the family sent it; not copied");
            return report.Complete ? VigilCli.Ok : VigilCli.Failed;
        }));
        return new Command("uploads", "Family uploads kept outside the store") { adopt };
    }
}
