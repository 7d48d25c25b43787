namespace Vigil.Web.Features.Cases;

public static class CasesSetup
{
    public static IServiceCollection AddVigilCases(this IServiceCollection services)
    {
        services.AddScoped<CaseCommands>();
        services.AddScoped<CaseTimeline>();
        services.AddScoped<CaseEvents>();
        // Replaced by the enquiries capability's real action register (last registration wins).
        services.AddScoped<ICaseActionSink, TimelineActionSink>();
        return services;
    }
}
