using Vigil.Web.Features.Import;

namespace Vigil.Web.Hosting;

/// <summary>The web app's table of contents: each capability adds its services and maps its routes.</summary>
public static class VigilHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot() });
        configure?.Invoke(builder);
        // Loopback by default: exposing Vigil beyond the host is a deliberate deployment decision (--urls).
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:5080");
        builder.AddVigilOperations();
        builder.Services.AddVigil();
        builder.Services.AddVigilWeb();

        var app = builder.Build();
        // The embedded SQLite store has no DBA: keep it current. PostgreSQL is migrated deliberately (`vigil migrate`).
        var settings = app.Services.GetRequiredService<IOptions<VigilSettings>>().Value;
        if (settings.MigrateOnStartup || app.Environment.IsDevelopment() || Data.VigilDatabase.KindOf(settings.Database) == Data.StoreKind.Sqlite)
            DataSetup.MigrateAsync(app.Services).GetAwaiter().GetResult();
        AuditSetup.RefuseToStartWithoutTheKey(app.Services);

        app.UseVigilSecurityHeaders();
        app.UseForwardedHeaders();
        app.UseVigilErrors();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        // After routing, which applies a page's own body and form limits (the import page's 256 MB, a family's 30 MB
        // submission), and after authorisation, so a post nobody may make is never read: before routing it read every
        // form under the server's 1 MB default, and a family's 2 MB photo was a bare 413 (ADR 1657).
        app.UseControlCharacterRefusal();
        app.UseAntiforgery();

        app.MapVigilOperations();
        app.MapOpenApi().AllowAnonymous();
        // Every successful read through the API leaves an audit entry (ADR 0502).
        var api = app.MapGroup("/api/v1").AddEndpointFilter<Features.Audit.ReadAuditFilter>().WithApiContract();
        api.MapCaseApi();
        api.MapPeopleApi();
        api.MapImportApi();
        api.MapFhirApi();
        api.MapTokenApi();
        api.MapLinkageApi();
        api.MapVigilEnquiries();
        api.MapSearchApi();
        api.MapPeopleWorkspaceApi();
        api.MapNotificationsApi();
        api.MapMapApi();
        api.MapGeoJsonApi();
        api.MapChartApi();
        api.MapTimelineApi();
        app.MapTiles();
        app.MapOversightReports();
        app.MapRazorPages();
        app.MapGet("/", (System.Security.Claims.ClaimsPrincipal user) => Results.Redirect(Landing.For(user))).AllowAnonymous();
        return app;
    }

    /// <summary>What serving needs on top of <see cref="VigilComposition.AddVigil"/>: pages, OpenAPI, problem details, limits.</summary>
    public static IServiceCollection AddVigilWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddMvcOptions(o =>
            {
                o.Filters.Add<NoHandlerFilter>();
                o.Filters.Add<Features.Audit.ReadAuditPageFilter>();
                o.Filters.Add<Features.Shared.Forms.CarriedForm.RestoreFilter>();
            });
        services.AddOpenApi(o =>
        {
            o.AddSchemaTransformer<ExtensionDataSchemas>();
            o.AddSchemaTransformer<RequestRuleSchemas>();
            o.AddOperationTransformer<Features.Import.ImportApiDocs>();
            o.AddOperationTransformer<IfMatchDocs>();
        });
        services.AddVigilProblemDetails();
        services.AddVigilRateLimits();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddScoped<Features.Shared.PageSections>();
        services.AddSingleton<PublicLinks>();
        services.AddVigilSecurityHeaders();
        // Death records are small; a bulk import goes through /api/v1/imports, which has its own larger limit.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 1 << 20);
        return services;
    }

    /// <summary>The folder holding wwwroot and the Features views, whether run from the repo or a published build.</summary>
    private static string ContentRoot()
    {
        var here = AppContext.BaseDirectory;
        return Directory.Exists(Path.Combine(here, "wwwroot")) ? here : Directory.GetCurrentDirectory();
    }
}
