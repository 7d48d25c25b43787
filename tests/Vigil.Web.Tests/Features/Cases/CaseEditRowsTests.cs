using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Search;
using Vigil.Web.Hosting;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>An edit rewrites only what it changes (ADRs 2494, 2495): unchanged people and results keep their rows, a
/// changed one is replaced, and the search documents say what the case now says.</summary>
public abstract class CaseEditRowsTests(VigilAppFactory app)
{
    [Fact]
    public async Task Edit_KeepsUnchangedRows_ReplacesChangedOnes_AndSearchFollows()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        using var client = app.ApiClient(ivy);
        var (people, results, docs) = await RowsAsync(created.Id);

        var narrative = created.Record with { Narrative = "Found by a postman beside the lychgate." };
        var first = await PutAsync(client, created.Id, "\"1\"", narrative);
        var (keptPeople, keptResults, keptDocs) = await RowsAsync(created.Id);
        Assert.Equal(people, keptPeople);
        Assert.Equal(results, keptResults);
        Assert.Equal(docs.Order(), keptDocs.Order());
        Assert.Equal("Margaret Hale", Assert.Single(first.Record.People!).Name);

        var changed = narrative with
        {
            People = [.. narrative.People!, new RecordPerson { Role = "caller", Name = "Owen Tate", Phone = "07700 900123" }],
            Toxicology = [new RecordToxicology { Substance = "GHB", ConcentrationMgL = 120.0 }],
        };
        var second = await PutAsync(client, created.Id, "\"2\"", changed);
        var (afterPeople, afterResults, _) = await RowsAsync(created.Id);
        Assert.Equal(people[0], afterPeople[0]); // the finder is unchanged and first: kept
        Assert.Equal(2, afterPeople.Count);
        Assert.DoesNotContain(results[0], afterResults); // the result changed: replaced
        Assert.Equal(["Margaret Hale", "Owen Tate"], second.Record.People!.Select(p => p.Name));
        Assert.Equal(120.0, Assert.Single(second.Record.Toxicology!).ConcentrationMgL);

        var found = await client.GetStringAsync("/api/v1/search?q=lychgate");
        Assert.Contains(created.Id.ToString(), found, StringComparison.OrdinalIgnoreCase);
        var titles = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Set<SearchDocument>()
            .Where(d => d.CaseId == created.Id && d.Kind == SearchKinds.Person).Select(d => d.Title).ToListAsync());
        Assert.Equal(["Margaret Hale · finder", "Owen Tate · caller"], titles.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(created.Id.ToString(), await client.GetStringAsync("/api/v1/search?q=dog%20walker"), StringComparison.OrdinalIgnoreCase);
    }

    private Task<(List<Guid> People, List<Guid> Results, List<long> Documents)> RowsAsync(Guid id) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            return (await db.CasePeople.Where(p => p.CaseId == id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(),
                await db.Toxicology.Where(t => t.CaseId == id).Select(t => t.Id).ToListAsync(),
                await db.Set<SearchDocument>().Where(d => d.CaseId == id).Select(d => d.Id).ToListAsync());
        });

    private static async Task<CaseResponse> PutAsync(HttpClient client, Guid id, string etag, DeathRecord record)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}") { Content = JsonContent.Create(new UpdateCaseRequest(record), options: ApiJson.Client) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseEditRowsTests_Sqlite(SqliteApp app) : CaseEditRowsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CaseEditRowsTests_Postgres(PostgresApp app) : CaseEditRowsTests(app);
