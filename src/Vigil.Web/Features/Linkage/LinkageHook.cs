using Microsoft.Extensions.Options;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Web.Features.Cases;

namespace Vigil.Web.Features.Linkage;

/// <summary>Compares every case as soon as it is saved or imported (after the commit, so a slow comparison never
/// holds the case's transaction) and queues the alerts for analysts. Import calls this once per batch.</summary>
public sealed class LinkageHook(LinkageEngine engine, IOptions<LinkageSettings> options, IServiceScopeFactory scopes) : ICaseChangeHook
{
    private readonly LinkageSettings settings = options.Value;

    public int Order => CaseHookOrder.Linkage;

    public async Task AfterSaveAsync(IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (!settings.Enabled || cases.Count == 0) return;
        var alerts = await engine.CompareAsync(cases, ct);
        if (alerts.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Alerts.AlertWriter>().SaveAsync(alerts, ct);
    }
}
