using Microsoft.AspNetCore.WebUtilities;
using Vigil.Web.Features.Map;
using Vigil.Web.Features.Search;

namespace Vigil.Web.Features.Notifications;

/// <summary>After new deaths are saved (created or imported), each watched search and map filter is run over them alone,
/// in its owner's scope; a match notifies the owner. Runs after the linkage hook, so the engine knows the new deaths' kinds.</summary>
public sealed class WatchHook(IServiceScopeFactory scopes, TimeProvider clock) : ICaseChangeHook
{
    private const int MostPerWatch = 20;

    public int Order => CaseHookOrder.Watches;

    public async Task AfterSaveAsync(IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct)
    {
        if (kind is CaseChangeKind.Edited or CaseChangeKind.RulesApplied || cases.Count == 0) return; // only new deaths
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var watches = await db.SavedSearches.AsNoTracking().Where(s => s.Watch).ToListAsync(ct);
        if (watches.Count == 0) return;
        var ids = cases.Select(c => c.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var watch in watches)
        {
            var owner = await CaseAccess.ScopeForUserAsync(db, watch.UserId, ct);
            var matched = watch.Kind == SavedSearchKinds.Map
                ? await MapMatchesAsync(scope.ServiceProvider, db, owner, watch.Query, ids, ct)
                : await SearchMatchesAsync(scope.ServiceProvider.GetRequiredService<SearchService>(), owner, watch.Query, ids, ct);
            var refs = cases.Where(c => matched.Contains(c.Id)).Take(MostPerWatch);
            foreach (var c in refs)
                db.UserNotifications.Add(new Notification
                {
                    UserId = watch.UserId, Kind = NotificationKinds.WatchMatch, CaseId = c.Id, CreatedAt = now, Href = $"/cases/{c.Id}",
                    Text = $"New death matching your watched {(watch.Kind == SavedSearchKinds.Map ? "map filter" : "search")} \"{watch.Name}\": {c.Reference}",
                });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The new deaths the search would show its owner (names ranked as on the search page: a weak typo
    /// match still counts, a non-match does not).</summary>
    public static async Task<HashSet<Guid>> SearchMatchesAsync(SearchService search, CaseScope owner, string query, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var q = QueryHelpers.ParseQuery("?" + query).TryGetValue("q", out var v) ? v.ToString() : "";
        var plan = new SearchPlan(q);
        if (!plan.IsValid) return [];
        var matched = new HashSet<Guid>();
        foreach (var clauses in new[] { plan.NameClauses, plan.PhoneClauses, plan.ReferenceClauses, plan.AddressClauses, plan.TextClauses })
        {
            if (clauses is null) continue;
            var docs = await search.FindAsync(clauses, owner, ct, ids);
            if (ReferenceEquals(clauses, plan.NameClauses)) docs = docs.Where(d => plan.NameRank(SearchService.NameOf(d)) is not null).ToList();
            matched.UnionWith(docs.Where(d => d.Kind != SearchKinds.Exhibit || clauses != plan.NameClauses).Select(d => d.CaseId));
        }
        return matched;
    }

    private static async Task<HashSet<Guid>> MapMatchesAsync(IServiceProvider sp, VigilDbContext db, CaseScope owner, string query, List<Guid> ids, CancellationToken ct)
    {
        var filter = MapFilter.Parse(query);
        var visible = CaseAccess.Visible(db, owner).Where(c => ids.Contains(c.Id));
        var data = await sp.GetRequiredService<MapQuery>().RunAsync(visible, filter, ct);
        return data.Points.Select(p => p.Id).ToHashSet();
    }
}
