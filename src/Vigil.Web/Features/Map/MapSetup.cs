namespace Vigil.Web.Features.Map;

public static class MapSetup
{
    public static IServiceCollection AddVigilMap(this IServiceCollection services)
    {
        services.AddSingleton(sp => MapSettings.From(sp.GetService<IConfiguration>() ?? new ConfigurationBuilder().AddEnvironmentVariables().Build()));
        services.AddScoped<MapQuery>();
        return services;
    }
}
