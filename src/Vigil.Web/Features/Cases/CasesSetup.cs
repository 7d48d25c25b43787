namespace Vigil.Web.Features.Cases;

public static class CasesSetup
{
    public static IServiceCollection AddVigilCases(this IServiceCollection services)
    {
        services.AddScoped<CaseCommands>();
        services.AddScoped<CaseTimeline>();
        return services;
    }
}
