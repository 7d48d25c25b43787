using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Cli;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Demo;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Users;
using Vigil.Web.Hosting;

namespace Vigil.Load;

/// <summary>The run's users, team and cases, made with the app's own services before the run; and the check after
/// it that every acknowledged write is in the store and in its case's audit trail.</summary>
public sealed class LoadStore(LoadOptions options)
{
    public const string Password = "load-test-password-2026";
    private readonly string run = DateTime.UtcNow.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    private ServiceProvider Services() =>
        CliServices.Build(new Dictionary<string, string?> { ["Vigil:Database"] = options.Database, ["Vigil:AuditKeyFile"] = options.AuditKeyFile });

    public async Task<(LoadWorld World, List<LoadUser> Users)> PrepareAsync(CancellationToken ct)
    {
        await using var services = Services();
        await DataSetup.MigrateAsync(services, ct);
        const string team = "Load team";
        Guid teamId;
        var users = new List<LoadUser>();
        await using (var scope = services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdmin>();
            teamId = (await admin.EnsureTeamAsync(team, ct)).Id;
            for (var i = 0; i < options.Users; i++)
            {
                var supervisor = i % options.SupervisorEvery == 0;
                var name = $"load{run}-{(supervisor ? "sup" : "inv")}{i}";
                var user = await admin.CreateAsync(name, name, Password, [supervisor ? Roles.Supervisor : Roles.Investigator], [team], ct);
                var token = await admin.CreateTokenForAsync(user.Id, "load", TimeSpan.FromDays(1), ct);
                users.Add(new LoadUser(name, Password, token.Secret, supervisor));
            }
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var have = await db.Cases.CountAsync(c => c.TeamId == teamId, ct);
            if (have < options.SeedCases) await SeedAsync(services, teamId, options.SeedCases - have, ct);
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
            var cases = await db.Cases.AsNoTracking().Where(c => c.TeamId == teamId).OrderByDescending(c => c.FoundAt).Select(c => c.Id).Take(options.SeedCases).ToListAsync(ct);
            var names = await db.Cases.AsNoTracking().Where(c => c.TeamId == teamId).OrderByDescending(c => c.FoundAt).Select(c => c.Deceased.Name).Take(300).ToListAsync(ct);
            var terms = names.OfType<string>().Select(n => n.Split(' ')[^1]).Where(t => t.Length > 2).Distinct().ToList();
            return (new LoadWorld(teamId, cases, terms.Count > 0 ? terms : ["Smith"], $"load-{run}"), users);
        }
    }

    private static async Task SeedAsync(IServiceProvider services, Guid teamId, int count, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        foreach (var r in new DemoGenerator(seed: 13).Generate(count, new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)))
            DeathRecordWriter.WriteLine(buffer, r with { Ref = "seed-" + Guid.NewGuid().ToString("N"), Source = "load-seed" });
        buffer.Position = 0;
        await services.GetRequiredService<ImportService>().ImportAsync(buffer, new ImportOptions(teamId, "load-seed"), null, ct);
    }

    /// <summary>Lost writes (acknowledged but absent from the store or from the audit trail), and the chain's state.</summary>
    public async Task<LoadVerification> VerifyAsync(WriteLedger ledger, CancellationToken ct)
    {
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var lost = new List<string>();

        var editedCases = ledger.Edits.Select(e => e.CaseId).Distinct().ToList();
        var caseAudit = await AuditTextAsync(db, editedCases.Select(id => id.ToString()).ToList(), nameof(Vigil.Data.Cases.DeathCase), ct);
        lost.AddRange(ledger.Edits.Where(e => !caseAudit.GetValueOrDefault(e.CaseId.ToString(), "").Contains(e.Marker, StringComparison.Ordinal))
            .Select(e => $"edit {e.Marker} of case {e.CaseId}"));

        var actionAudit = await AuditTextAsync(db, ledger.Allocations.Select(a => a.ActionId.ToString()).Distinct().ToList(), nameof(Vigil.Data.Enquiries.CaseAction), ct);
        lost.AddRange(ledger.Allocations.Where(a => !actionAudit.GetValueOrDefault(a.ActionId.ToString(), "").Contains(a.AllocatedTo, StringComparison.Ordinal))
            .Select(a => $"allocation of action {a.ActionId} to {a.AllocatedTo}"));

        foreach (var group in ledger.Imports.GroupBy(i => i.Source))
        {
            var refs = group.Select(i => i.Ref).ToList();
            var stored = new Dictionary<string, Guid>();
            foreach (var chunk in refs.Chunk(500))
                foreach (var c in await db.Cases.AsNoTracking().Where(c => c.Source == group.Key && chunk.Contains(c.SourceRef)).Select(c => new { c.SourceRef, c.Id }).ToListAsync(ct))
                    stored[c.SourceRef] = c.Id;
            var created = await AuditTextAsync(db, stored.Values.Select(id => id.ToString()).ToList(), nameof(Vigil.Data.Cases.DeathCase), ct);
            lost.AddRange(refs.Where(r => !stored.TryGetValue(r, out var id) || !created.ContainsKey(id.ToString())).Select(r => $"import {group.Key}/{r}"));
        }
        var audit = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(null, ct);
        return new LoadVerification(ledger.Count, lost, audit.Intact, audit.Checked, audit.FirstProblem?.Message);
    }

    /// <summary>All audit entries' changes per entity id, concatenated (markers are unique, so a substring test suffices).</summary>
    private static async Task<Dictionary<string, string>> AuditTextAsync(VigilDbContext db, List<string> ids, string entityType, CancellationToken ct)
    {
        var text = new Dictionary<string, System.Text.StringBuilder>();
        foreach (var chunk in ids.Chunk(500))
            foreach (var e in await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == entityType && chunk.Contains(e.EntityId)).Select(e => new { e.EntityId, e.Changes }).ToListAsync(ct))
                (text.TryGetValue(e.EntityId, out var sb) ? sb : text[e.EntityId] = new()).Append(e.Changes).Append('\n');
        return text.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
    }
}

public sealed record LoadVerification(int Acknowledged, IReadOnlyList<string> Lost, bool AuditIntact, long AuditChecked, string? AuditProblem);
