using System.Net;
using System.Net.Http.Json;
using Vigil.Data.Identity;
using Vigil.Web.Features.Cases;
using Vigil.Web.Hosting;
using Vigil.Web.Tests.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Operations;

/// <summary>Issue 13's check of several nodes, with real processes (ADR 3151): two `vigil serve` on one PostgreSQL
/// database and one audit key. A case saved on one is served by the other and compared once (its outbox row done once,
/// one alert), and the timer both run — tree-head signing every 3 s here (ADR 1602) — signs each head once.</summary>
public sealed class TwoServeProcessesTests
{
    [Fact]
    public async Task TwoNodes_ACaseSavedOnOneIsServedByTheOther_ComparedOnce_AndEachTreeHeadIsSignedOnce()
    {
        await using var store = await SharedStore.CreateAsync("postgres");
        await OutboxLedger.InstallAsync(store.Database);
        await CountHeadInsertsAsync(store.Database);
        var signEvery3s = new Dictionary<string, string> { ["Vigil__AuditTreeHeadMinutes"] = "0.05" };
        var nodes = await Task.WhenAll(VigilNode.StartAsync(store, signEvery3s), VigilNode.StartAsync(store, signEvery3s));
        await using var a = nodes[0];
        await using var b = nodes[1];
        var ivy = await store.CreateUserAsync(Roles.Investigator, "two-nodes-team");
        using var onA = a.Client(ivy.Token);
        using var onB = b.Client(ivy.Token);

        // Two deaths of one series, one saved on each node; each read on the other.
        var finder = LinkageSamples.UniqueFinder();
        var first = await CreateAsync(onA, ivy, LinkageSamples.Victim(finder, 0, "Two Nodes First"));
        var second = await CreateAsync(onB, ivy, LinkageSamples.Victim(finder, 21, "Two Nodes Second"));
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync($"/api/v1/cases/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync($"/api/v1/cases/{second}")).StatusCode);

        // Compared once: each case's outbox row passed to done once, by one node or the other; one pair raised.
        var rows = await OutboxLedger.QueryAsync(store.Database,
            $"SELECT \"Id\" FROM linkage_outbox WHERE \"CaseId\" IN ('{first}', '{second}')", r => r.GetGuid(0));
        Assert.Equal(2, rows.Count);
        await Eventually.HoldsAsync(async () => (await OutboxLedger.ReadAsync(store.Database)).Count(l => rows.Contains(l.Row)) >= 2,
            TimeSpan.FromMinutes(2), "both cases compared");
        var done = (await OutboxLedger.ReadAsync(store.Database)).Where(l => rows.Contains(l.Row)).ToList();
        Assert.Equal(rows.Order(), done.Select(l => l.Row).Order());
        Assert.Equal(1, await ScalarAsync(store.Database,
            $"SELECT count(*) FROM link_candidates WHERE \"NewerCaseId\" = '{second}' AND \"EarlierCaseId\" = '{first}'"));
        Assert.Equal(1, await ScalarAsync(store.Database,
            $"SELECT count(*) FROM link_candidates WHERE '{first}' IN (\"NewerCaseId\", \"EarlierCaseId\") OR '{second}' IN (\"NewerCaseId\", \"EarlierCaseId\")"));

        // The timer runs on both; each head is signed once. Three rounds: the log grows (a case read is audited), then
        // a head covering it appears.
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(HttpStatusCode.OK, (await (round % 2 == 0 ? onA : onB).GetAsync($"/api/v1/cases/{first}")).StatusCode);
            var size = await ScalarAsync(store.Database, "SELECT max(\"Sequence\") FROM audit_entries");
            await Eventually.HoldsAsync(async () => await ScalarAsync(store.Database, "SELECT coalesce(max(\"TreeSize\"), 0) FROM audit_tree_heads") >= size,
                TimeSpan.FromMinutes(1), $"a tree head covering entry {size}");
        }
        var heads = await ScalarAsync(store.Database, "SELECT count(*) FROM audit_tree_heads");
        Assert.True(heads >= 3, $"{heads} heads");
        Assert.Equal(heads, await ScalarAsync(store.Database, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM drill_head_inserts"));
        foreach (var node in nodes)
        {
            Assert.False(node.HasExited, node.Log());
            Assert.DoesNotContain("signing an audit tree head failed", node.Log(), StringComparison.Ordinal);
        }
    }

    private static async Task<Guid> CreateAsync(HttpClient client, TestUser user, Vigil.Records.DeathRecord record)
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", new CreateCaseRequest(user.TeamId, record), ApiJson.Client);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseResponse>(ApiJson.Client))!.Id;
    }

    /// <summary>Counts every attempt to insert a head, kept or not: a sequence (not rolled back with a failed insert)
    /// bumped by a BEFORE trigger, which fires ahead of the primary key's check.</summary>
    private static Task CountHeadInsertsAsync(string database) => OutboxLedger.QueryAsync(database, """
        CREATE SEQUENCE drill_head_inserts;
        CREATE FUNCTION drill_head_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM nextval('drill_head_inserts'); RETURN NEW; END $$;
        CREATE TRIGGER drill_head_inserts BEFORE INSERT ON audit_tree_heads FOR EACH ROW EXECUTE FUNCTION drill_head_inserts();
        """, _ => 0);

    private static async Task<long> ScalarAsync(string database, string sql) =>
        (await OutboxLedger.QueryAsync(database, sql, r => r.IsDBNull(0) ? 0 : Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture))).Single();
}
