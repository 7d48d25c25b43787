namespace Vigil.Web.Features.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddVigilAudit(this IServiceCollection services) =>
        services.AddScoped<AuditVerifier>().AddScoped<CaseAuditTrail>();
}
