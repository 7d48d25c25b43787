namespace Vigil.Web.Features.Family.Portal;

/// <summary>Each node adopts the uploads its own folder still holds as it starts (ADR 1623), so an upgraded cluster
/// needs no operator step for them; `vigil uploads adopt` does the same on demand and lists what is left.</summary>
internal sealed partial class LegacyUploadAdoption(IServiceScopeFactory scopes, ILogger<LegacyUploadAdoption> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await using var scope = scopes.CreateAsyncScope();
        var folder = scope.ServiceProvider.GetRequiredService<UploadStore>().Folder;
        // Whatever goes wrong is logged, never thrown: a background service's exception stops the host, and a node must
        // not refuse to start over files it can serve from its folder as before.
        try
        {
            // A node that never received an upload before ADR 1621 has no such folder: it asks the store nothing.
            if (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder).Any()) return;
            var report = await scope.ServiceProvider.GetRequiredService<LegacyUploads>().AdoptAsync(stoppingToken);
            if (report.Adopted > 0) Adopted(log, report.Adopted, folder);
            // Rows another node's folder holds are that node's to adopt; an altered file is evidence someone must look at.
            if (report.Altered.Count > 0) Altered(log, report.Altered.Count, folder, string.Join(", ", report.Altered));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AdoptionFailed(log, folder, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} family uploads copied from {Folder} into the store")]
    private static partial void Adopted(ILogger logger, int count, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} family uploads in {Folder} differ from the hash taken when they were sent and stay outside the store: {Names}")]
    private static partial void Altered(ILogger logger, int count, string folder, string names);

    [LoggerMessage(Level = LogLevel.Warning, Message = "family uploads in {Folder} could not be copied into the store; run `vigil uploads adopt`")]
    private static partial void AdoptionFailed(ILogger logger, string folder, Exception ex);
}
