using System.Net;
using Vigil.Web.Hosting;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Queue;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage;

/// <summary>Deaths of one series for linkage tests: the same rarely-named finder with the same phone, GHB, young men,
/// close in place and time. Names, phones, places, areas and dates are the finder's own so tests sharing a database do
/// not link to each other (every GHB death at one churchyard would, rightly, be a cluster).</summary>
public static class LinkageSamples
{
    /// <summary>A finder no other test's reads alike to the engine. It compares a surname by its letters alone, sorted
    /// (<c>PersonName.SurnameKey</c>), and a phone by its digits: "Q" and seven hex digits of a guid left a finder
    /// a few letters, so one finder in 27 was "Barbara Q" and nearly half were left two letters or fewer, a name one
    /// finder in 64 or more carried (round 43); and six digits could give two tests one phone. Twelve letters and nine digits, from the guid.</summary>
    public static (string Finder, string Phone) UniqueFinder()
    {
        var id = Guid.NewGuid();
        // Hex digit to letter: 0-9 as a-j, a-f as k-p.
        var surname = string.Concat(id.ToString("N")[..12].Select(c => (char)(c <= '9' ? 'a' + (c - '0') : 'k' + (c - 'a'))));
        var digits = (BitConverter.ToUInt64(id.ToByteArray(), 8) % 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return ($"Barbara Q{surname}", $"07{digits[..3]} {digits[3..]}");
    }

    /// <summary>A death of the finder's series, <paramref name="day"/> days after the finder's own first day
    /// (<see cref="StartOf"/>): a test's deaths stay as close in time as it asks, other tests' are years away.</summary>
    public static DeathRecord Victim((string Finder, string Phone) finder, int day, string name)
    {
        var (lat, lon, _) = PlaceOf(finder.Finder);
        return Victim(finder, day, name, new Spot(StartOf(finder.Finder), lat, lon));
    }

    /// <summary>A death of the finder's series, <paramref name="day"/> days after the series' first day at
    /// <paramref name="at"/> (see <see cref="Apart"/>) rather than the finder's own day and place.</summary>
    public static DeathRecord Victim((string Finder, string Phone) finder, int day, string name, Spot at)
    {
        var area = PlaceOf(finder.Finder).Area;
        return Samples.Record(name: name, foundAt: at.Start.AddDays(day), area: area) with
        {
            Location = new RecordLocation { Lat = at.Lat + day * 0.0001, Lon = at.Lon, Setting = "churchyard", Description = "against the churchyard wall", Area = area },
            People = [new RecordPerson { Role = "finder", Name = finder.Finder, Phone = finder.Phone }],
        };
    }

    /// <summary>Where and from when a series of deaths is found.</summary>
    public readonly record struct Spot(DateTimeOffset Start, double Lat, double Lon);

    /// <summary>The spot of series <paramref name="series"/> (0 to 11) of several that a test puts in a store of its own
    /// and expects to alert each as it would alone. Every victim is the same young man dead of GHB at a churchyard, so two
    /// series found within a kilometre and a year of each other alert on each other's deaths: <see cref="StartOf"/> and
    /// <see cref="PlaceOf"/> put two of twelve random finders that close about one run in 5,000, and twelve series, two of
    /// them 0.2 km and 90 days apart, gave 32 alerts where 24 were expected (round 46). Here each series has its own 400
    /// days and a place 100 km or more from any other's (a grid of four rows a degree apart, three columns two degrees
    /// apart), far beyond the 4 km cells that decide which deaths are compared at all. The spots are the same in every
    /// store, so only for a store of the test's own.</summary>
    public static Spot Apart(int series)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(series);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(series, 11);
        return new Spot(new DateTimeOffset(2001, 6, 4, 7, 20, 0, TimeSpan.Zero).AddDays(400 * series), 50.0 + series % 4, -3.0 + series / 4 * 2.0);
    }

    /// <summary>The finder's first day: one of 5,000 days from 2001 to 2014, from a stable hash of the finder's name.
    /// Every Victim death used to be found from 2 March 2015 on, which is also when every <see cref="Samples.Record"/>
    /// death is found: a full run stored over 2,000 alike deaths in those weeks of each shared store (rounds 41 and 42).
    /// Spread, a test's deaths share their weeks with a death or two of other tests, in other places.</summary>
    public static DateTimeOffset StartOf(string finder)
    {
        var h = (uint)finder.Aggregate(7, (acc, ch) => unchecked(acc * 37 + ch));
        return new DateTimeOffset(2015, 3, 2, 7, 20, 0, TimeSpan.Zero).AddDays(-120 - (int)(h % 5000));
    }

    /// <summary>A place and area of the test's own, tens of kilometres from any other test's (from the finder's tag).</summary>
    public static (double Lat, double Lon, string Area) PlaceOf(string tag)
    {
        var h = (uint)tag.Aggregate(17, (acc, ch) => unchecked(acc * 31 + ch));
        return (50.0 + h % 4000 / 1000.0, -3.0 + h / 4000 % 5000 / 1000.0, "Test area " + tag[^7..]);
    }
}

/// <summary>Records actions and events raised by the linkage capability, whatever module is registered for them.</summary>
public sealed class Recorder : ICaseActionSink, ICaseEventListener
{
    public static readonly ConcurrentBag<ActionRequest> Actions = [];
    public static readonly ConcurrentBag<CaseEvent> Events = [];

    public Task RaiseAsync(VigilDbContext db, ActionRequest request, CancellationToken ct) { Actions.Add(request); return Task.CompletedTask; }

    public Task OnCaseEventAsync(VigilDbContext db, CaseEvent e, CancellationToken ct) { Events.Add(e); return Task.CompletedTask; }

    /// <summary>The same app and database with the recorder as action sink and as an event listener.</summary>
    public static WebApplicationFactory<Program> Around(VigilAppFactory app) => app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
    {
        s.AddScoped<ICaseActionSink, Recorder>();
        s.AddScoped<ICaseEventListener, Recorder>();
    }));
}

public static class LinkageClient
{
    public static HttpClient Api(WebApplicationFactory<Program> host, TestUser user)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    /// <summary>Two deaths an investigator recorded three weeks apart with one finder, and the analyst's queue row between
    /// them: the start of every journey through the comparison. <paramref name="host"/>: the app, or one around it.</summary>
    public static async Task<(TestUser Ivy, TestUser Ann, (string Finder, string Phone) Finder, CaseResponse First, CaseResponse Second, QueueRow Row)> AlertedPairAsync(
        VigilAppFactory app, WebApplicationFactory<Program> host)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var ann = await app.CreateUserAsync(Roles.Analyst);
        var finder = LinkageSamples.UniqueFinder();
        using var ivyApi = Api(host, ivy);
        var first = await CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 0, "Mateo Lindqvist"));
        var second = await CreateAsync(ivyApi, ivy, LinkageSamples.Victim(finder, 21, "Rhys Albright"));
        using var annApi = Api(host, ann);
        var row = await OpenPairAsync(annApi, app, second, first);
        return (ivy, ann, finder, first, second, row);
    }

    public static async Task<CaseResponse> CreateAsync(HttpClient client, TestUser user, DeathRecord record)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(user.TeamId, record), ApiJson.Client);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!;
    }

    public static async Task<List<QueueRow>> QueueAsync(HttpClient client, Guid caseId, string status = "open") =>
        (await client.GetFromJsonAsync<List<QueueRow>>($"/api/v1/linkage/candidates?status={status}&caseId={caseId}", ApiJson.Client))!;

    /// <summary>Runs a test on a store of its own, dropped after: a test that needs deaths no other test can join. The
    /// VigilAppFactory's DisposeAsync drops the database; `await using` does not.</summary>
    public static async Task OnOwnStoreAsync(VigilAppFactory app, Func<VigilAppFactory, Task> test)
    {
        await app.InitializeAsync();
        try { await test(app); }
        finally { await app.DisposeAsync(); }
    }

    /// <summary>Deaths of one finder (<see cref="LinkageSamples.Victim"/>), each saved and compared before the next.</summary>
    public static async Task<List<CaseResponse>> CreateComparedAsync(VigilAppFactory app, HttpClient client, TestUser user,
        (string Finder, string Phone) finder, params (int Day, string Name)[] deaths)
    {
        var saved = new List<CaseResponse>();
        foreach (var (day, name) in deaths)
        {
            saved.Add(await CreateAsync(client, user, LinkageSamples.Victim(finder, day, name)));
            await ComparedAsync(app, saved[^1].Id);
        }
        return saved;
    }

    /// <summary>An investigator's edit through the API, then its comparison (linkage is asynchronous after an edit).</summary>
    public static async Task EditAsync(VigilAppFactory app, HttpClient client, Guid id, int version, DeathRecord record)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}") { Content = JsonContent.Create(new UpdateCaseRequest(record), options: ApiJson.Client) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await ComparedAsync(app, id);
    }

    /// <summary>The one open pair of a new death and an earlier one, read right after the save. With none, the test fails
    /// saying where the new death's comparison stands (round 32: a full run once found no pair, and nothing said why).</summary>
    public static async Task<QueueRow> OpenPairAsync(HttpClient client, VigilAppFactory app, CaseResponse newer, CaseResponse earlier)
    {
        // A save compares inline only when the linkage lease is free at once (ADR 1592); on the shared PostgreSQL
        // database another test host's worker may hold it, and compares this death a batch later. What these tests
        // check is the pair, not how soon it appears: wait for the death's own comparison first.
        await ComparedAsync(app, newer.Id);
        var rows = await QueueAsync(client, newer.Id);
        var pairs = rows.Where(r => r.NewerRef == newer.Reference && r.EarlierRef == earlier.Reference).ToList();
        if (pairs.Count != 1)
            Assert.Fail($"{pairs.Count} open pairs {newer.Reference} → {earlier.Reference} among {rows.Count} rows; {await ComparisonStateAsync(app, newer.Id)}; "
                + $"earlier death: {await ComparisonStateAsync(app, earlier.Id)}; {await PairStateAsync(app, newer.Id, earlier.Id)}");
        return pairs[0];
    }

    /// <summary>Returns once the death's comparison is stored, or after three minutes (it may queue behind a worker batch
    /// of 2,000 rows on a loaded host); a row never compared (parked after failures) then shows in what the test reads
    /// next, and <see cref="ComparisonStateAsync"/> says why.</summary>
    public static async Task ComparedAsync(VigilAppFactory app, Guid caseId)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(3); DateTime.UtcNow < deadline; await Task.Delay(50))
            if (!await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Outbox().AnyAsync(o => o.CaseId == caseId && o.DoneAt == null)))
                return;
    }

    /// <summary>The case's outbox rows, the rows queued ahead of it, rows that failed before, and (PostgreSQL) how many
    /// sessions hold the linkage lease: what decides whether a save was compared before it answered (ADR 1592).</summary>
    public static Task<string> ComparisonStateAsync(VigilAppFactory app, Guid caseId) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var own = await db.Outbox().AsNoTracking().Where(o => o.CaseId == caseId).Select(o => new { o.FoundAt, o.DoneAt, o.Attempts, o.LastError }).ToListAsync();
        var foundAt = own.Count == 0 ? DateTime.MaxValue : own.Min(o => o.FoundAt);
        var ahead = await db.Outbox().CountAsync(o => o.DoneAt == null && o.FoundAt < foundAt);
        var failed = await db.Outbox().CountAsync(o => o.DoneAt == null && o.Attempts > 0);
        var lease = app.Provider == "postgres"
            ? await db.Database.SqlQueryRaw<int>(LeaseHolders, StoreLocks.LinkageWorkerKey).SingleAsync()
            : 0;
        var rows = string.Join("; ", own.Select(o => $"done {o.DoneAt:O}, attempts {o.Attempts}, error {o.LastError}"));
        return $"its outbox rows: [{rows}]; pending ahead of it: {ahead}; pending after a failure: {failed}; lease holders: {lease}";
    });

    /// <summary>Every stored pair of the two deaths (any status, either way round) with its probability, the alert
    /// threshold, and the pair's score on the index now: whether a missing open pair was never raised, raised below the
    /// threshold, or raised and then moved (a full run found none twice with both deaths compared; round 32, round 42).</summary>
    private static Task<string> PairStateAsync(VigilAppFactory app, Guid newer, Guid earlier) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<VigilDbContext>();
        var engine = sp.GetRequiredService<LinkageEngine>();
        var stored = await db.Set<Vigil.Data.Linkage.LinkCandidate>().AsNoTracking()
            .Where(c => (c.NewerCaseId == newer && c.EarlierCaseId == earlier) || (c.NewerCaseId == earlier && c.EarlierCaseId == newer))
            .Select(c => new { c.Kind, c.Status, c.Probability, c.RaisedAt, c.StatusChangedAt }).ToListAsync();
        var cases = await LinkageStore.WithFacts(db, [newer, earlier]).ToListAsync();
        var now = $"{cases.Count} of 2 cases readable";
        if (cases.Count == 2)
        {
            // Explained without ranking the earlier death among the newer's candidates, the score is the pair's own,
            // uncalibrated, and its last sentence says "per expected link" (Explanation.For): 1.0 then proves nothing
            // about the alert (round 43). Which of the two this node's index holds, after catching up, says more.
            var explained = await engine.ExplainAsync(cases.Single(c => c.Id == newer), cases.Single(c => c.Id == earlier), default);
            var ranked = explained.Summary.Contains("calibrated on confirmed series", StringComparison.Ordinal);
            var (newerAt, earlierAt) = (await engine.IndexedVersionAsync(newer, default), await engine.IndexedVersionAsync(earlier, default));
            now = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{explained.Score.Probability:F4} ({(ranked ? "ranked among the newer death's candidates" : "NOT among the newer death's candidates: the pair's own score, uncalibrated")}); "
                + $"this node's index holds the newer death at version {newerAt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, the earlier at {earlierAt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        }
        var pairs = string.Join("; ", stored.Select(c => $"{c.Kind} {c.Status} p={c.Probability:F4} raised {c.RaisedAt:O} changed {c.StatusChangedAt:O}"));
        var others = await db.Set<Vigil.Data.Linkage.LinkCandidate>().AsNoTracking().CountAsync(c => c.NewerCaseId == newer || c.EarlierCaseId == newer);
        var series = await db.Set<Vigil.Data.Linkage.LinkedSeriesMember>().AsNoTracking().Where(m => m.CaseId == newer || m.CaseId == earlier)
            .Select(m => new { m.SeriesId, m.CaseId, m.Status, m.Evidence }).ToListAsync();
        var memberships = string.Join("; ", series.Select(m => $"{(m.CaseId == newer ? "newer" : "earlier")} in {m.SeriesId} {m.Status} ({m.Evidence})"));
        return $"stored pairs of the two: [{pairs}]; pairs naming the newer death: {others}; series memberships: [{memberships}]; "
            + $"threshold {await engine.ThresholdAsync(default):F4}; the pair scored now {now}";
    });

    // A bigint advisory key is held as (classid, objid) = (high, low) 32 bits.
    private const string LeaseHolders = """
        SELECT count(*)::int AS "Value" FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = {0}
        """;
}
