using Vigil.Web.Features.Oversight;
using Vigil.Web.Features.Oversight.AsKnown;
using Vigil.Web.Features.Oversight.Reports;

namespace Vigil.Web;

/// <summary>Oversight (issue 12): a case as known on any moment, missed-opportunity reports, the reviewer's register
/// and PDF reports, all read from the audit trail and the records, none changing a case.</summary>
public static class OversightSetup
{
    public static IServiceCollection AddVigilOversight(this IServiceCollection services)
    {
        services.AddScoped<CaseHistory>();
        services.AddScoped<StoredRows>();
        services.AddScoped<Features.Oversight.Missed.MissedOpportunities>();
        services.AddScoped<Features.Oversight.Register.RegisterAccess>();
        services.AddScoped<Reporter>();
        services.AddNavLink(new NavLink("Review register", "/reviews", Policies.Review, Order: 90));
        services.AddCasePanel<OversightPanel>(order: 900);
        return services;
    }

    public static void MapOversightReports(this WebApplication app) => ReportEndpoints.Map(app);
}
