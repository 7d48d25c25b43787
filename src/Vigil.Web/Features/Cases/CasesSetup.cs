namespace Vigil.Web.Features.Cases;

public static class CasesSetup
{
    public static IServiceCollection AddVigilCases(this IServiceCollection services)
    {
        services.AddScoped<CaseSavePipeline>();
        services.AddScoped<CaseCommands>();
        services.AddScoped<CaseOfficers>();
        services.AddScoped<OfficerInChargeCommands>();
        services.AddScoped<CaseTimeline>();
        services.AddScoped<CasePanelRows>();
        services.AddScoped<CaseEvents>();
        services.AddScoped<ICaseChangeHook, ReimportClassificationHook>();
        services.AddNavLink(new NavLink("Cases", "/cases", Policies.ReadCases, Order: 10));
        services.AddNavLink(new NavLink("New case", "/cases/new", Policies.EditCases, Order: 20));
        return services;
    }
}
