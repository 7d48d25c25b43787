using Vigil.Data.Audit.Tree;
using Vigil.Web.Features.Audit;

namespace Vigil.Web;

public static class AuditSetup
{
    public static IServiceCollection AddVigilAudit(this IServiceCollection services)
    {
        services.AddSingleton<ReadAuditAppender>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<CaseAuditTrail>();
        services.AddScoped<AuditTreeHeads>();
        services.AddScoped<AuditProver>();
        services.AddHostedService<TreeHeadSigning>();
        services.AddScoped<Features.Audit.Verification.AuditVerificationRuns>();
        services.AddSingleton<Features.Audit.Verification.AuditVerificationRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Audit.Verification.AuditVerificationRunner>());
        services.AddNavLink(new NavLink("Verify audit", "/audit/verification", Policies.VerifyAudit, Order: 95));
        return services;
    }

    /// <summary>A host pointed at a store with history but without its key must not start: every write would fail,
    /// and a key made now would not be the store's (ADR 0801).</summary>
    public static void RefuseToStartWithoutTheKey(IServiceProvider services)
    {
        if (services.GetRequiredService<AuditHasher>().HasKey) return;
        using var scope = services.CreateScope();
        bool written;
        try
        {
            written = scope.ServiceProvider.GetRequiredService<VigilDbContext>().AuditEntries.Any();
        }
        catch (System.Data.Common.DbException)
        {
            return; // no schema yet: the first append to the empty chain creates the key
        }
        catch (InvalidOperationException ex) when (Hosting.ErrorHandling.IsDatabaseUnavailable(ex))
        {
            // The database is away: start anyway, not ready, so the node serves once it is back. An append to a
            // store with history still needs the key and fails without it; only an empty chain creates one.
            return;
        }
        if (written)
            throw new AuditKeyException($"this store has audit entries but its audit key was not found ({services.GetRequiredService<AuditHasher>().KeySource}); set Vigil:AuditKeyFile to the store's key");
    }
}
