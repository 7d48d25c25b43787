using Vigil.Web.Features.Map;

namespace Vigil.Web;

public static class MapSetup
{
    public static IServiceCollection AddVigilMap(this IServiceCollection services)
    {
        services.AddOptions<MapSettings>().BindConfiguration(MapSettings.Section)
            .Validate(s => s.MaxMarkers > 0, "Vigil:Map:MaxMarkers must be at least 1.")
            .Validate(s => s.PickerMaxPoints > 0, "Vigil:Map:PickerMaxPoints must be at least 1.")
            .Validate(s => string.IsNullOrWhiteSpace(s.PmTilesPath) || File.Exists(s.PmTilesPath), "Vigil:Map:PmTilesPath names a file that does not exist.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<MapSettings>>().Value);
        services.AddScoped<MapQuery>();
        services.AddScoped<MapPlaces>();
        services.AddNavLink(new NavLink("Map", "/map", Policies.ReadCases, Order: 45));
        return services;
    }

    public static RouteGroupBuilder MapMapApi(this RouteGroupBuilder api) => MapApi.Map(api);

    public static WebApplication MapTiles(this WebApplication app) => MapApi.MapTiles(app);
}
