using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Data.Identity;
using Vigil.Web.Features.Audit;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>A save refused as stale (someone else changed the row first: the 409/412 answers) leaves nothing of
/// itself in the chain, and the context it failed on can still chain an event: the transaction the audit began for it
/// was rolled back, not left open holding its audit rows (ADR 2434 took away the savepoint that used to undo them).</summary>
public abstract class StaleSaveTests
{
    protected abstract VigilAppFactory NewApp();

    [Fact]
    public async Task AStaleSave_ChainsNothing_AndTheSameContext_ChainsItsNextEventOnce()
    {
        await using var app = NewApp();
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        var before = await LastAsync(app);

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var mine = await db.Cases.SingleAsync(c => c.Id == created.Id);
            await using (var other = sp.CreateAsyncScope())
            {
                var theirs = await other.ServiceProvider.GetRequiredService<VigilDbContext>().Cases.SingleAsync(c => c.Id == created.Id);
                theirs.Narrative = "their edit";
                theirs.Version++;
                await other.ServiceProvider.GetRequiredService<VigilDbContext>().SaveChangesAsync();
            }
            mine.Narrative = "my stale edit";
            mine.Version++;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());

            // What a handler does after answering 409: leaves the case alone, and the request's view is still audited.
            db.Entry(mine).State = EntityState.Detached;
            db.RecordEvent("view", nameof(DeathCase), created.Id.ToString(), created.Id);
            await db.SaveChangesAsync();
            return 0;
        });

        Assert.Equal(before + 2, await LastAsync(app)); // their edit and the view; nothing of the stale save
        var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().Cases.AsNoTracking().SingleAsync(c => c.Id == created.Id));
        Assert.Equal("their edit", stored.Narrative);
        var trail = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Sequence > before).OrderBy(e => e.Sequence).Select(e => e.Changes).ToListAsync());
        Assert.DoesNotContain(trail, changes => changes.Contains("my stale edit", StringComparison.Ordinal));
        var verification = await app.WithScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync(null, default));
        Assert.True(verification.Intact, verification.FirstProblem?.Message);
    }

    private static Task<long> LastAsync(VigilAppFactory app) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries.MaxAsync(e => e.Sequence));
}

public sealed class StaleSaveTests_Sqlite : StaleSaveTests
{
    protected override VigilAppFactory NewApp() => new SqliteApp();
}

public sealed class StaleSaveTests_Postgres : StaleSaveTests
{
    protected override VigilAppFactory NewApp() => new PostgresApp();
}
