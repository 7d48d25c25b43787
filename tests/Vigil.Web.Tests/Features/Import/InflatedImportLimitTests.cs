using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>sec62: 2 MB of gzip holding 2 GB of newlines kept one API import busy for 493 s, and at the 256 MB body limit
/// a body could hold days of it. A gzip body is now refused, before a line is stored, when it inflates beyond
/// <c>Vigil:Import:MaxInflatedBytes</c>; and blank lines cost the reader next to nothing, keeping the numbers of the
/// lines after them (ADR 1656).</summary>
public abstract class InflatedImportLimitTests
{
    private const int Limit = 64 * 1024;

    protected abstract VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings);

    [Fact]
    public async Task AGzipBodyInflatingBeyondTheLimit_Is413AndStoresNothing_WhileOneWithinIt_ImportsWithItsLineNumbers()
    {
        await using var app = NewApp(new Dictionary<string, string> { ["Vigil:Import:MaxInflatedBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await app.InitializeAsync();
        var sup = await app.CreateUserAsync(Roles.Supervisor);
        using var api = app.ApiClient(sup);
        var record = Samples.Record(source: "inflated");
        var line = DeathRecordWriter.ToJson(record) + "\n";

        // The record first, then newlines past the limit: read line by line, the record would be stored before the end.
        using var refused = await PostGzipAsync(api, sup, line + new string('\n', Limit));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"The body inflates to more than {Limit:N0} bytes", (await refused.Content.ReadFromJsonAsync<ProblemBody>())!.Title);
        Assert.Equal(0, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.SourceRef == record.Ref)));

        // Within it, blank lines and all: the record imports, and a bad line after 1,000 blank ones is named by its number.
        using var taken = await PostGzipAsync(api, sup, line + new string('\n', 1000) + " \t\r\n{\"ref\": 7}\n" + new string('\n', 1000));
        Assert.True(taken.IsSuccessStatusCode, await taken.Content.ReadAsStringAsync());
        var summary = (await taken.Content.ReadFromJsonAsync<ImportResponse>(ApiJson.Client))!;
        Assert.Equal((2, 1), (summary.Lines, summary.Created));
        Assert.Equal(1003, Assert.Single(summary.Rejected).Line);
        Assert.Equal(1, await app.WithDbAsync(db => db.Cases.CountAsync(c => c.SourceRef == record.Ref)));
    }

    private static Task<HttpResponseMessage> PostGzipAsync(HttpClient api, TestUser user, string text)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(text));
        var body = new ByteArrayContent(packed.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return api.PostAsync($"/api/v1/imports?team={user.TeamId}&source=inflated", body);
    }

    private sealed record ProblemBody(string Title);
}

public sealed class InflatedImportLimitTests_Sqlite : InflatedImportLimitTests
{
    protected override VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings) => new SqliteApp { Settings = settings };
}

public sealed class InflatedImportLimitTests_Postgres : InflatedImportLimitTests
{
    protected override VigilAppFactory NewApp(IReadOnlyDictionary<string, string> settings) => new PostgresApp { Settings = settings };
}
