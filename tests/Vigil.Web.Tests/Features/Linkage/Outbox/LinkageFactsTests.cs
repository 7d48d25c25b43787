using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>ADR 3205: an edit or a re-import that changes none of the facts linkage reads writes no outbox row, so the
/// worker does not compare the death again; a change to any of them still does. Every field of death-record v1 is
/// classified (<see cref="LinkageFacts.Read"/> or <see cref="LinkageFacts.NotRead"/>) and edited here once.</summary>
public abstract class LinkageFactsTests(VigilAppFactory app)
{
    /// <summary>An edit of each field of the format, on a case that holds a value in every one (<see cref="Full"/>).</summary>
    internal static readonly IReadOnlyDictionary<string, Action<JsonObject>> Edits = new Dictionary<string, Action<JsonObject>>(StringComparer.Ordinal)
    {
        ["ref"] = r => r["ref"] = "edited-ref",
        ["source"] = r => r["source"] = "edited-source",
        ["reported_at"] = r => r["reported_at"] = "2015-03-02T09:00:00Z",
        ["found_at"] = r => r["found_at"] = "2015-03-02T06:50:00Z",
        ["location.lat"] = r => r["location"]!["lat"] = 51.5101,
        ["location.lon"] = r => r["location"]!["lon"] = -0.0911,
        ["location.setting"] = r => r["location"]!["setting"] = "park",
        ["location.description"] = r => r["location"]!["description"] = "by the east gate",
        ["location.address"] = r => r["location"]!["address"] = "2 Church Lane",
        ["location.area"] = r => r["location"]!["area"] = "Lambeth",
        ["deceased.name"] = r => r["deceased"]!["name"] = "Daniel Brooke",
        ["deceased.sex"] = r => r["deceased"]!["sex"] = "unknown",
        ["deceased.age"] = r => r["deceased"]!["age"] = 25,
        ["deceased.dob"] = r => r["deceased"]!["dob"] = "1990-06-02",
        ["deceased.home_area"] = r => r["deceased"]!["home_area"] = "Greenwich",
        ["deceased.occupation"] = r => r["deceased"]!["occupation"] = "porter",
        ["deceased.address"] = r => r["deceased"]!["address"] = "9 Oak Road",
        ["position"] = r => r["position"] = "slumped",
        ["scene_features"] = r => r["scene_features"] = new JsonArray("body-moved", "ligature"),
        ["narrative"] = r => r["narrative"] = "Edited narrative " + Guid.NewGuid().ToString("N"),
        ["toxicology[].substance"] = r => r["toxicology"]![0]!["substance"] = "heroin",
        ["toxicology[].concentration_mg_l"] = r => r["toxicology"]![0]!["concentration_mg_l"] = 1.5,
        ["cause_of_death"] = r => r["cause_of_death"] = "heroin toxicity",
        ["manner"] = r => r["manner"] = "accident",
        ["classification"] = r => r["classification"] = "homicide",
        ["people[].role"] = r => r["people"]![0]!["role"] = "caller",
        ["people[].name"] = r => r["people"]![0]!["name"] = "Margaret Hales",
        ["people[].dob"] = r => r["people"]![0]!["dob"] = "1961-02-03",
        ["people[].phone"] = r => r["people"]![0]!["phone"] = "07700 900999",
        ["people[].address"] = r => r["people"]![0]!["address"] = "4 Elm Street",
        ["exhibits[].type"] = r => r["exhibits"]![0]!["type"] = "syringe",
        ["exhibits[].description"] = r => r["exhibits"]![0]!["description"] = "a used syringe",
        ["exhibits[].tested"] = r => r["exhibits"]![0]!["tested"] = true,
        ["extra"] = r => r["x_force_marker"] = "edited",
    };

    /// <summary>A death with a value in every field, an unnamed person among its people (whose register entry is made
    /// again at every edit) and a field the format does not know.</summary>
    internal static DeathRecord Full(string? source = null) => Samples.Record(source: source) with
    {
        Location = Samples.Record().Location with { Address = "1 Church Lane" },
        Deceased = Samples.Record().Deceased! with { Dob = new DateOnly(1990, 6, 1), Address = "8 Oak Road" },
        People =
        [
            new RecordPerson { Role = "finder", Name = "Margaret Hale", Dob = new DateOnly(1961, 2, 2), Phone = "07700 900417", Address = "3 Elm Street" },
            new RecordPerson { Role = "witness", Name = null, Dob = new DateOnly(1980, 1, 1), Phone = "07700 900418", Address = "5 Elm Street" },
        ],
        Extra = new() { ["x_force_marker"] = JsonSerializer.SerializeToElement("first") },
    };

    [Fact]
    public async Task AnEditOfEachField_IsQueuedForLinkage_ExactlyWhenLinkageReadsIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        var saved = await app.CreateCaseAsync(ivy, Full());
        var wrong = new List<string>();
        var version = saved.Version;
        foreach (var (field, edit) in Edits)
        {
            var rows = await RowsAsync(saved.Id);
            // Each edit is a save (the version moves), whatever it changes.
            Assert.Equal(++version, await EditAsync(api, saved.Id, edit));
            var queued = await RowsAsync(saved.Id) - rows;
            var expected = LinkageFacts.Read.Contains(field) ? 1 : 0;
            if (queued != expected) wrong.Add($"{field}: {queued} outbox rows written, expected {expected}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task NarrativeEdits_WriteNoOutboxRow_AndCompareNothing_WhileAFactEditIsCompared()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        var saved = await app.CreateCaseAsync(ivy, Full());
        var worker = app.Services.GetRequiredService<LinkageWorker>();
        await worker.CaughtUpAsync(null, default);
        var compared = Compared(worker);

        for (var i = 0; i < 3; i++) await EditAsync(api, saved.Id, Edits["narrative"]);
        await worker.CaughtUpAsync(null, default);
        await worker.DrainAsync(default);
        Assert.Equal(1, await RowsAsync(saved.Id));
        Assert.Equal(compared, Compared(worker));

        await EditAsync(api, saved.Id, r => r["deceased"]!["age"] = 31);
        await worker.CaughtUpAsync(null, default);
        Assert.Equal(2, await RowsAsync(saved.Id));
        Assert.Equal(compared + 1, Compared(worker));
    }

    [Fact]
    public async Task AReimportChangingOnlyTheNarrative_IsNotQueued_AndOneChangingAFactIs()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var importer = app.Services.GetRequiredService<ImportService>();
        var source = "facts-" + Guid.NewGuid().ToString("N")[..6];
        var record = Full(source);
        Assert.Equal(1, (await ImportAsync(importer, ivy, source, record)).Created);
        var id = await app.WithDbAsync(db => db.Cases.Where(c => c.Source == source).Select(c => c.Id).SingleAsync());
        Assert.Equal(1, await RowsAsync(id));

        Assert.Equal(1, (await ImportAsync(importer, ivy, source, record with { Narrative = "Told again, in other words." })).Updated);
        Assert.Equal(1, await RowsAsync(id));

        Assert.Equal(1, (await ImportAsync(importer, ivy, source, record with { Narrative = "Told again.", Manner = "accident" })).Updated);
        Assert.Equal(2, await RowsAsync(id));
    }

    [Fact]
    public async Task ACaseSavedBeforeFingerprints_IsComparedAtItsNextEdit_ThenNotAgainForANarrative()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        using var api = app.ApiClient(ivy);
        var saved = await app.CreateCaseAsync(ivy, Full());
        Assert.NotNull(await FingerprintAsync(saved.Id));
        await app.WithDbAsync(db => db.Cases.Where(c => c.Id == saved.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LinkageFingerprint, (string?)null)));

        await EditAsync(api, saved.Id, Edits["narrative"]);
        Assert.Equal(2, await RowsAsync(saved.Id));
        Assert.NotNull(await FingerprintAsync(saved.Id));

        await EditAsync(api, saved.Id, Edits["narrative"]);
        Assert.Equal(2, await RowsAsync(saved.Id));
    }

    /// <summary>Reads the case's record and ETag, applies the edit and PUTs it; returns the new version.</summary>
    private static async Task<int> EditAsync(HttpClient api, Guid id, Action<JsonObject> edit)
    {
        var read = await api.GetAsync($"/api/v1/cases/{id}");
        read.EnsureSuccessStatusCode();
        var record = JsonNode.Parse(await read.Content.ReadAsStringAsync())!["record"]!.AsObject();
        edit(record);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}")
        {
            Content = new StringContent(new JsonObject { ["record"] = record.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        put.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        var response = await api.SendAsync(put);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["version"]!;
    }

    private static Task<ImportSummary> ImportAsync(ImportService importer, TestUser user, string source, DeathRecord record) =>
        importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(DeathRecordWriter.ToJson(record) + "\n")), new ImportOptions(user.TeamId, source), null, default);

    /// <summary>Deaths the worker has compared in this process (read ahead or in turn).</summary>
    private static long Compared(LinkageWorker worker) => worker.CasesReadAhead + worker.CasesReadInTurn;

    /// <summary>Outbox rows ever written for the case (done rows are kept).</summary>
    private Task<int> RowsAsync(Guid id) => app.WithDbAsync(db => db.Outbox().CountAsync(o => o.CaseId == id));

    private Task<string?> FingerprintAsync(Guid id) => app.WithDbAsync(db => db.Cases.Where(c => c.Id == id).Select(c => c.LinkageFingerprint).SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class LinkageFactsTests_Sqlite(SqliteApp app) : LinkageFactsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LinkageFactsTests_Postgres(PostgresApp app) : LinkageFactsTests(app);

/// <summary>Every field of death-record v1 has a decision: read by linkage or not, and an edit in
/// <see cref="LinkageFactsTests.Edits"/>. A field added to the format fails here until it is classified (ADR 3205).</summary>
public sealed class LinkageFactsFieldsTests
{
    [Fact]
    public void EveryFieldOfTheFormat_IsClassifiedOnce_AndEdited()
    {
        var fields = Paths(typeof(DeathRecord), "").ToHashSet(StringComparer.Ordinal);
        Assert.Empty(LinkageFacts.Read.Intersect(LinkageFacts.NotRead));
        Assert.Equal(fields.Order(StringComparer.Ordinal), LinkageFacts.Read.Union(LinkageFacts.NotRead).Order(StringComparer.Ordinal));
        Assert.Equal(fields.Order(StringComparer.Ordinal), LinkageFactsTests.Edits.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>The format's fields as paths ("location.lat", "people[].name"; "extra" for the fields it does not know).</summary>
    private static IEnumerable<string> Paths(Type type, string prefix)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<JsonExtensionDataAttribute>() is not null)
            {
                yield return prefix + "extra";
                continue;
            }
            var name = prefix + p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;
            var item = p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? p.PropertyType.GetGenericArguments()[0] : null;
            var nested = item ?? Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (nested.Namespace == typeof(DeathRecord).Namespace && nested.IsClass)
                foreach (var inner in Paths(nested, name + (item is null ? "." : "[].")))
                    yield return inner;
            else yield return name;
        }
    }
}
