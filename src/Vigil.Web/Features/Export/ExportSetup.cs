using Vigil.Web.Features.Export;

namespace Vigil.Web;

/// <summary>Exports for other tools; they read through the map's query, which the map capability registers.</summary>
public static class ExportSetup
{
    public static RouteGroupBuilder MapGeoJsonApi(this RouteGroupBuilder api) => GeoJsonApi.Map(api);
}
