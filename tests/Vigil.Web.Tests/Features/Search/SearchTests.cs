using Vigil.Web.Hosting;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Search;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Search;

/// <summary>The one-box search on a real store: every field kind, names as officers type them, phones in any format,
/// access scoping (another team's deaths are never found) and the audit of each search.</summary>
public abstract class SearchTests(VigilAppFactory app)
{
    /// <summary>A death whose finder, phone, address, narrative word and exhibit word are unique to one test.</summary>
    public static (DeathRecord Record, string Surname, string Phone, string Street, string Word) Unique(string first = "Stephen")
    {
        var letters = new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Concat("qwertyuiop").Take(6).ToArray());
        var surname = "Kest" + letters;
        var digits = new string(Guid.NewGuid().ToString("N").Where(char.IsAsciiDigit).Concat("0123456789").Take(6).ToArray());
        var street = "Quill" + letters + " Mews";
        var word = "zorb" + letters;
        var record = Samples.Record(name: "Deceased " + surname + "son") with
        {
            Narrative = $"Found by the {word} near the wall.",
            People = [new RecordPerson { Role = "finder", Name = $"{first} {surname}", Phone = $"07700 9{digits[..2]} {digits[2..5]}", Address = $"17 {street}, Barking" }],
            Exhibits = [new RecordExhibit { Type = "bottle", Description = $"bottle marked {word}x", Tested = false }],
        };
        return (record, surname, $"07700 9{digits[..2]} {digits[2..5]}", street, word);
    }

    private static async Task<SearchResults> SearchAsync(HttpClient api, string q)
    {
        var response = await api.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SearchResults>(ApiJson.Client))!;
    }

    private static IEnumerable<SearchHit> Group(SearchResults r, string kind) => r.Groups.Where(g => g.Kind == kind).SelectMany(g => g.Hits);

    /// <summary>ADR 1619: a group lists at most 20 and says when more match; before, 25 matches read "20 results".</summary>
    [Fact]
    public async Task MoreMatchesThanAGroupLists_AreSaidToBeMore_OnTheApiAndThePage()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (_, _, _, _, word) = Unique();
        var few = word + "f";
        for (var i = 0; i < SearchService.PerGroup + 5; i++)
            await app.CreateCaseAsync(ivy, Unique().Record with { Narrative = $"Found near the {word} by a passer-by." });
        for (var i = 0; i < 3; i++)
            await app.CreateCaseAsync(ivy, Unique().Record with { Narrative = $"Found near the {few} by a passer-by." });
        using var api = app.ApiClient(ivy);

        var many = await SearchAsync(api, word);
        var narrative = many.Groups.Single(g => g.Kind == "narrative");
        Assert.Equal(SearchService.PerGroup, narrative.Hits.Count);
        Assert.True(narrative.More);
        Assert.True(many.More);
        var three = await SearchAsync(api, few);
        Assert.Equal(3, three.Groups.Single(g => g.Kind == "narrative").Hits.Count);
        Assert.False(three.More);

        using var web = await app.SignedInClientAsync(ivy);
        var page = System.Net.WebUtility.HtmlDecode(await web.GetStringAsync($"/search?q={word}"));
        Assert.Contains($"20 results shown for \"{word}\"; more match than are shown.", page, StringComparison.Ordinal);
        Assert.Contains("(20 shown, more match)", page, StringComparison.Ordinal);
        var fewPage = System.Net.WebUtility.HtmlDecode(await web.GetStringAsync($"/search?q={few}"));
        Assert.Contains($"3 results for \"{few}\".", fewPage, StringComparison.Ordinal);
        Assert.DoesNotContain("more match", fewPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_AsOfficersTypeThem_FindThePerson()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, surname, _, _, _) = Unique();
        var c = await app.CreateCaseAsync(ivy, record);
        var personId = await app.WithScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Data.VigilDbContext>(sp)
            .CasePeople.Where(p => p.CaseId == c.Id).Select(p => p.PersonId).SingleAsync());
        using var api = app.ApiClient(ivy);
        var typo = surname[..2] + surname[3] + surname[2] + surname[4..];
        foreach (var q in new[] { $"Stephen {surname}", $"S. {surname}", $"{surname.ToUpperInvariant()}, Stephen", $"Steve {surname}", $"Stephen {typo}", surname })
            Assert.Contains(Group(await SearchAsync(api, q), "people"), h => h.Href == $"/people/{personId}");
        Assert.DoesNotContain(Group(await SearchAsync(api, $"Mary {surname}"), "people"), h => h.Href == $"/people/{personId}");
        Assert.DoesNotContain(Group(await SearchAsync(api, "Stephen Kestzzzzzzzz"), "people"), h => h.Href == $"/people/{personId}");
    }

    [Fact]
    public async Task APersonFound_IsDescribedByTheirRolesInWords_OnTheApiAndThePage()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, surname, _, _, _) = Unique();
        record = record with { People = [.. record.People!.Select(p => p with { Role = "last-seen-with" })] };
        await app.CreateCaseAsync(ivy, record);
        using var api = app.ApiClient(ivy);
        var hit = Assert.Single(Group(await SearchAsync(api, $"Stephen {surname}"), "people"));
        // walk53: the hit read "last-seen-with · in 1 death you can see", the record format's code.
        Assert.Equal("last seen with · in 1 death you can see", hit.Detail);
        using var web = await app.SignedInClientAsync(ivy);
        var page = System.Net.WebUtility.HtmlDecode(await web.GetStringAsync($"/search?q={Uri.EscapeDataString(surname)}"));
        Assert.Contains("last seen with · in 1 death you can see", page, StringComparison.Ordinal);
        Assert.DoesNotContain("last-seen-with", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhonesAddressesReferencesExhibitsAndNarrative_AreEachFound()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, surname, phone, street, word) = Unique();
        var c = await app.CreateCaseAsync(ivy, record);
        using var api = app.ApiClient(ivy);
        var national = new string(phone.Where(char.IsAsciiDigit).ToArray())[1..];
        foreach (var q in new[] { phone, "+44" + national, "0044 " + national, "+44 (0)" + national })
        {
            var found = await SearchAsync(api, q);
            Assert.True(Group(found, "phones").Any(h => h.Detail!.Contains(surname, StringComparison.Ordinal)), $"{q}: {System.Text.Json.JsonSerializer.Serialize(found)}");
        }
        Assert.Contains(Group(await SearchAsync(api, street), "addresses"), h => h.Title.Contains(street, StringComparison.Ordinal));
        Assert.Contains(Group(await SearchAsync(api, c.Reference), "cases"), h => h.Href == $"/cases/{c.Id}");
        Assert.Contains(Group(await SearchAsync(api, c.Reference.ToLowerInvariant()), "cases"), h => h.Href == $"/cases/{c.Id}");
        Assert.Contains(Group(await SearchAsync(api, c.Record.Ref), "cases"), h => h.Href == $"/cases/{c.Id}");
        Assert.Contains(Group(await SearchAsync(api, $"Deceased {surname}son"), "cases"), h => h.Href == $"/cases/{c.Id}");
        var exhibit = await SearchAsync(api, word + "x");
        Assert.Contains(Group(exhibit, "exhibits"), h => h.Href == $"/cases/{c.Id}#exhibits-h" && h.Detail!.Contains(word, StringComparison.Ordinal));
        var exhibitRef = await app.WithScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Data.VigilDbContext>(sp)
            .Exhibits.Where(e => e.CaseId == c.Id).Select(e => e.Reference).SingleAsync());
        Assert.Contains(Group(await SearchAsync(api, exhibitRef), "exhibits"), h => h.Href.StartsWith($"/cases/{c.Id}", StringComparison.Ordinal));
        Assert.Contains(Group(await SearchAsync(api, word), "narrative"), h => h.Href == $"/cases/{c.Id}" && h.Detail!.Contains(word, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherTeamsDeaths_AreNeverFound_ButAnAnalystFindsThem()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var outsider = await app.CreateUserAsync(Roles.Investigator);
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var admin = await app.CreateUserAsync(Roles.Administrator);
        var (record, surname, phone, street, word) = Unique();
        var c = await app.CreateCaseAsync(owner, record);
        using var theirs = app.ApiClient(outsider);
        foreach (var q in new[] { $"Stephen {surname}", phone, street, word, c.Reference })
            Assert.Equal(0, (await SearchAsync(theirs, q)).Total);
        using var web = await app.SignedInClientAsync(outsider);
        var page = await web.GetStringAsync($"/search?q={Uri.EscapeDataString(c.Reference)}");
        Assert.DoesNotContain(c.Id.ToString(), page, StringComparison.Ordinal);
        using var ann = app.ApiClient(analyst);
        Assert.Contains(Group(await SearchAsync(ann, $"Stephen {surname}"), "people"), h => h.Href.StartsWith("/people/", StringComparison.Ordinal));
        Assert.Contains(Group(await SearchAsync(ann, c.Reference), "cases"), h => h.Href == $"/cases/{c.Id}");
        using var adminApi = app.ApiClient(admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminApi.GetAsync($"/api/v1/search?q={c.Reference}")).StatusCode);
    }

    [Fact]
    public async Task TooShortQuery_IsAProblem_AndEverySearchIsAudited()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        var bad = await api.GetAsync("/api/v1/search?q=a");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var marker = "zaudit" + Guid.NewGuid().ToString("N")[..8];
        await SearchAsync(api, marker);
        using var web = await app.SignedInClientAsync(ivy);
        var page = Forms.Parse(await web.GetStringAsync($"/search?q={marker}w"));
        Assert.Contains("Nothing found", page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var audited = await app.WithScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Data.VigilDbContext>(sp)
            .AuditEntries.Where(e => e.Action == "search" && e.Changes.Contains(marker)).Select(e => e.Actor).ToListAsync());
        Assert.Equal(2, audited.Count);
        Assert.All(audited, a => Assert.Contains(ivy.UserName, a, StringComparison.Ordinal));
    }

    /// <summary>Words among HTML-like tags and apostrophes are found in narrative and addresses alike (ADR 2651: on
    /// PostgreSQL through the stored words, which must cut such text as the searches' old expression did).</summary>
    [Fact]
    public async Task WordsAmongTagsAndApostrophes_AreFound_InNarrativeAndAddress()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, _, _, street, word) = Unique();
        record = record with
        {
            Narrative = $"<p>Found by the <b>{word}</b> behind O'Neill's yard</p>",
            People = [record.People![0] with { Address = $"<i>17</i> {street}, St. Anne's Rd" }],
        };
        var c = await app.CreateCaseAsync(ivy, record);
        using var api = app.ApiClient(ivy);
        Assert.Contains(Group(await SearchAsync(api, word), "narrative"), h => h.Href == $"/cases/{c.Id}");
        Assert.Contains(Group(await SearchAsync(api, $"{word} yard"), "narrative"), h => h.Href == $"/cases/{c.Id}");
        Assert.Contains(Group(await SearchAsync(api, street), "addresses"), h => h.Title.Contains(street, StringComparison.Ordinal));
        Assert.DoesNotContain(Group(await SearchAsync(api, $"{word} zzqnotthere"), "narrative"), h => h.Href == $"/cases/{c.Id}");
    }

    [Fact]
    public async Task AnEditedCase_IsFoundByItsNewFacts_NotItsOld()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, _, _, _, word) = Unique();
        var c = await app.CreateCaseAsync(ivy, record);
        using var api = app.ApiClient(ivy);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{c.Id}") { Content = JsonContent.Create(new UpdateCaseRequest(c.Record with { Narrative = "Found by the " + word + "new near the wall." }), options: ApiJson.Client) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        (await api.SendAsync(put)).EnsureSuccessStatusCode();
        Assert.Contains(Group(await SearchAsync(api, word + "new"), "narrative"), h => h.Href == $"/cases/{c.Id}");
        Assert.DoesNotContain(Group(await SearchAsync(api, word), "narrative"), h => h.Href == $"/cases/{c.Id}" && !h.Detail!.Contains(word + "new", StringComparison.Ordinal));
    }

    /// <summary>A clause of rare keys is matched first and sorted after on PostgreSQL (ADR 1731): the newest matches,
    /// newest first, up to the limit, as the unfenced query and SQLite return them.</summary>
    [Fact]
    public async Task ASurnameSearch_ReturnsTheNewestMatchesFirst_UpToTheLimit()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var (record, surname, _, _, _) = Unique();
        var cases = new List<Guid>();
        for (var i = 0; i < 3; i++) cases.Add((await app.CreateCaseAsync(ivy, record with { Ref = "N-" + Guid.NewGuid().ToString("N")[..10] })).Id);
        var plan = new SearchPlan($"Stephen {surname}");
        var found = await app.WithScopeAsync(sp => SearchStore.Match(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Data.VigilDbContext>(sp), plan.NameClauses!, 2)
            .AsNoTracking().ToListAsync());
        Assert.Equal([cases[2], cases[1]], found.Select(d => d.CaseId));
        Assert.True(found[0].Id > found[1].Id);
        Assert.All(found, d => Assert.Equal(Vigil.Data.Search.SearchKinds.Person, d.Kind));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SearchTests_Sqlite(SqliteApp app) : SearchTests(app)
{
    /// <summary>Every SQLite connection the app opens asks for a 32 MB page cache (ADR 1731), not SQLite's 2 MB.</summary>
    [Fact]
    public async Task SqliteConnections_KeepA32MegabytePageCache()
    {
        var size = await app.WithScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Vigil.Data.VigilDbContext>(sp)
            .Database.SqlQueryRaw<long>("SELECT cache_size AS \"Value\" FROM pragma_cache_size").SingleAsync());
        Assert.Equal(-32768, size);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class SearchTests_Postgres(PostgresApp app) : SearchTests(app);

/// <summary>The pure parts: match keys from the linkage normalisers, the plan a query makes, name ranking.</summary>
public sealed class SearchPlanTests
{
    [Theory]
    [InlineData("07700 900481", "phone")]
    [InlineData("+44 7700 900481", "phone")]
    [InlineData("VGL-2026-000042", "reference")]
    [InlineData("VGL-2026-000042/EX-03", "reference")]
    [InlineData("4211", "reference")]
    [InlineData("Victor Hale", "name")]
    [InlineData("HALE, Victor", "name")]
    [InlineData("12 Acorn Street", "none")]
    [InlineData("12a Acorn Street", "none")]
    [InlineData("Acorn Street", "name")]
    public void Query_IsReadAsTheRightKind(string q, string kind)
    {
        var plan = new SearchPlan(q);
        Assert.Equal(kind, plan.PhoneClauses is not null ? "phone" : plan.ReferenceClauses is not null ? "reference" : plan.NameClauses is not null ? "name" : "none");
    }

    [Fact]
    public void OneTypoApart_ShareASurnameKey_AndStrangersDoNot()
    {
        static HashSet<string> Keys(string n) => SearchKeys.ForName(n).Where(k => k.StartsWith(SearchKeys.Surname, StringComparison.Ordinal)).ToHashSet();
        Assert.NotEmpty(Keys("Stephen Jones").Intersect(Keys("Stephen Jnoes")));
        Assert.NotEmpty(Keys("Stephen Jones").Intersect(Keys("Stephen Jomes")));
        Assert.NotEmpty(Keys("Stephen Jones").Intersect(Keys("JONES, S")));
        Assert.Empty(Keys("Stephen Jones").Intersect(Keys("Stephen Hughes")));
    }

    [Fact]
    public void NameRank_PrefersTheExactName_AndRefusesAnotherFirstName()
    {
        var plan = new SearchPlan("Steve Jones");
        Assert.Equal(0, plan.NameRank("Stephen Jones"));
        Assert.Equal(1, plan.NameRank("S. Jones"));
        Assert.Equal(3, plan.NameRank("Stephen Jnoes"));
        Assert.Null(plan.NameRank("Mary Jones"));
    }

    [Fact]
    public void ReferenceKeys_AreCompact_AndTheRunningNumberStandsAlone()
    {
        Assert.Equal(["rf_lb2015004211", "rn_4211"], SearchKeys.ForReference("LB-2015-004211"));
        Assert.Equal("ph_7700900481", SearchKeys.ForPhone("+44 (0)7700 900 481"));
        Assert.Equal("ph_7700900481", SearchKeys.ForPhone("07700 900481"));
    }
}
