using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Export;

/// <summary>Issue 14, 3: the deaths a user may see as GeoJSON, read back with NetTopologySuite's GeoJSON reader.</summary>
public abstract class GeoJsonExportTests(VigilAppFactory app)
{
    private const string Path = "/api/v1/exports/deaths.geojson";
    private static readonly string[] Properties = ["reference", "found_at", "deceased_name", "area", "setting", "classification"];

    /// <summary>A place east of Greenwich, so longitude (positive, ~0.08) and latitude (~51.5) cannot be mistaken.</summary>
    private static DeathRecord At(string area, double lat, double lon) => Samples.Record(area: area) with
    {
        Location = new RecordLocation { Lat = lat, Lon = lon, Setting = "park", Area = area },
    };

    private static FeatureCollection Parse(string json)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return JsonSerializer.Deserialize<FeatureCollection>(json, options)!;
    }

    [Fact]
    public async Task TheTeamsDeaths_AreAFeatureCollection_LongitudeFirst_WithOnlyTheMapsFields_AndEachCaseIsAudited()
    {
        var area = "Geo-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ours = await app.CreateCaseAsync(ivy, At(area, 51.5401, 0.0812));
        var theirs = await app.CreateCaseAsync(await app.CreateUserAsync(Roles.Investigator), At(area, 51.5402, 0.0813));
        using var client = app.ApiClient(ivy);

        var response = await client.GetAsync($"{Path}?area={area}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        var feature = Assert.Single(Parse(json));
        var point = Assert.IsType<Point>(feature.Geometry);
        Assert.Equal((0.0812, 51.5401), (point.X, point.Y)); // GeoJSON X is longitude (RFC 7946 §3.1.1)
        using var raw = JsonDocument.Parse(json);
        var first = raw.RootElement.GetProperty("features")[0];
        Assert.Equal(0.0812, first.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble());
        Assert.Equal(ours.Id.ToString(), first.GetProperty("id").GetString());
        Assert.Equal(Properties, first.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(ours.Reference, feature.Attributes.GetOptionalValue("reference")?.ToString());
        Assert.DoesNotContain(theirs.Id.ToString(), json, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Reference, json, StringComparison.Ordinal);

        var exported = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().AuditEntries
            .CountAsync(e => e.CaseId == ours.Id && e.Action == "export" && e.Changes.Contains("geojson")));
        Assert.Equal(1, exported);
    }

    [Fact]
    public async Task AnAnalyst_SeesEveryTeamsDeaths_AndABadFilterIsAProblem()
    {
        var area = "Geo-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateCaseAsync(await app.CreateUserAsync(Roles.Investigator), At(area, 51.50, -0.10));
        await app.CreateCaseAsync(await app.CreateUserAsync(Roles.Investigator), At(area, 51.51, -0.11));
        using var analyst = app.ApiClient(await app.CreateUserAsync(Roles.Analyst));
        Assert.Equal(2, Parse(await analyst.GetStringAsync($"{Path}?area={area}")).Count);

        var bad = await analyst.GetAsync($"{Path}?kind=unicorn");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AFamilyMember_GetsNothing_NotEvenTheirOwnDeath()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (_, _, cookie) = await FamilyKit.FamilySessionWithCookieAsync(app, f);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"family → {(int)response.StatusCode}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(f.Marker, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Feature", body, StringComparison.Ordinal);
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Path)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GeoJsonExportTests_Sqlite(SqliteApp app) : GeoJsonExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GeoJsonExportTests_Postgres(PostgresApp app) : GeoJsonExportTests(app);
