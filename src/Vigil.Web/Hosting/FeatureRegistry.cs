using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Oversight;

namespace Vigil.Web.Hosting;

/// <summary>Where later capabilities (enquiries, linkage, family) plug in: one line each here.</summary>
public static class FeatureRegistry
{
    public static IServiceCollection AddVigilFeatures(this IServiceCollection services)
    {
        services.AddVigilLinkage();
        services.AddVigilEnquiries();
        services.AddVigilFamily();
        services.AddVigilOversight();
        return services;
    }

    public static WebApplication MapVigilFeatures(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapLinkageApi();
        api.MapVigilEnquiries();
        Features.Oversight.Reports.ReportEndpoints.MapOversightReports(app);
        return app;
    }
}
