using System.Globalization;
using System.Text.Json;

namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>Stored action keys of unnamed people, renumbered from the count the rules engine once shared across a rule's
/// roles to the count per role it uses now (ADR 1631). Without it the first save after the upgrade would key such a
/// person afresh and raise their actions a second time. Audited as a data fix, each key's change with its reason and in
/// its own save; run while the store owes it (<see cref="Data.OwedDataFixes"/>, ADR 3170) and idempotent: run again after
/// a crash part-way, it renames only the keys not yet renamed.</summary>
public static class UnnamedActionKeys
{
    public const string Reason = "Unnamed people's action keys are counted per role since round 41 (they were counted across a rule's roles and swapped when the store returned people in another order).";
    private const string Marker = "|person:unnamed:";

    public static async Task<int> RenumberAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var stored = await db.CaseActions.Where(a => a.TriggerKey != null && a.TriggerKey.Contains(Marker)).ToListAsync(ct);
        var renamed = 0;
        db.ActAs(Family.DuplicateDeployments.Actor);
        foreach (var group in stored.Select(a => (Action: a, Key: Parse(a.TriggerKey!))).Where(x => x.Key is not null)
                     .GroupBy(x => (x.Action.CaseId, x.Key!.Value.Rule, x.Key.Value.Role)))
        {
            var (_, rule, role) = group.Key;
            // Ascending, each to its rank: every new number is at most the old one and the ranks below it are taken
            // already, so no rename lands on a key still held. One save each keeps PostgreSQL's unique check in that order.
            var rank = 0;
            foreach (var (action, key) in group.OrderBy(x => x.Key!.Value.Count))
            {
                var wanted = $"{rule}{Marker}{role}:{++rank}";
                if (action.TriggerKey == wanted) continue;
                db.RecordEvent("action-key-renumbered", nameof(CaseAction), action.Id.ToString(), action.CaseId,
                    JsonSerializer.Serialize(new { from = action.TriggerKey, to = wanted, reason = Reason }));
                action.TriggerKey = wanted;
                await db.SaveChangesAsync(ct);
                renamed++;
            }
        }
        return renamed;
    }

    private static (string Rule, string Role, int Count)? Parse(string key)
    {
        var at = key.IndexOf(Marker, StringComparison.Ordinal);
        var rest = key[(at + Marker.Length)..];
        var colon = rest.LastIndexOf(':');
        return colon > 0 && int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? (key[..at], rest[..colon], n) : null;
    }
}
