using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3267 on PostgreSQL: two transactions writing one case's family at once (an FLO's contact, the family's
/// question from the portal) each make the case's liaison row in their trigger. The second waits for the first and
/// makes the row from its committed write: it does not fail on the row's key, and the row holds both writes. (SQLite has
/// one writer at a time.)</summary>
[Collection(PostgresCollection.Name)]
public sealed class LiaisonRowRaceTests_Postgres
{
    [Fact]
    public async Task TwoTransactionsWritingOneFamily_BothCommit_AndTheRowHoldsBothWrites()
    {
        await using var app = new PostgresApp();
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var id = (await app.CreateCaseAsync(ivy)).Id;
        var connection = await app.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        var contactAt = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

        await using var flo = new NpgsqlConnection(connection);
        await flo.OpenAsync();
        await using var first = await flo.BeginTransactionAsync();
        await ExecuteAsync(flo, Contact, id, contactAt);
        var second = Task.Run(async () =>
        {
            await using var portal = new NpgsqlConnection(connection);
            await portal.OpenAsync();
            await using var tx = await portal.BeginTransactionAsync();
            await ExecuteAsync(portal, """INSERT INTO family_questions ("Id", "CaseId", "Source", "Text", "AskedAt", "OwnerName", "DueAt") VALUES (@n, @c, 'portal', 'When?', @t, 'flo', @t + interval '7 days')""", id, contactAt.AddHours(1));
            await tx.CommitAsync();
        });
        await Task.Delay(1_000); // the second is waiting on the first's turn at the case's row
        Assert.False(second.IsCompleted);
        await first.CommitAsync();
        await second;

        var row = await app.WithDbAsync(db => db.CaseLiaisons.AsNoTracking().SingleAsync(r => r.CaseId == id));
        Assert.Equal(contactAt, row.LatestContactAt);
        Assert.Equal(contactAt.AddHours(1).AddDays(7), row.OpenQuestionDueAt);
        Assert.Equal(contactAt.AddHours(1), row.FirstStartAt);
    }

    /// <summary>A rebuild begun while a family write is in flight waits for it and makes the case's row from it: without
    /// the tables held, its delete (an earlier snapshot) left the write's trigger-made row, and its insert failed on the key.</summary>
    [Fact]
    public async Task ARebuild_WhileAFamilyWriteIsInFlight_WaitsForIt_AndTheRowHoldsTheWrite()
    {
        await using var app = new PostgresApp();
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var id = (await app.CreateCaseAsync(ivy)).Id;
        var connection = await app.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        var (firstAt, laterAt) = (new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc));
        await using (var before = new NpgsqlConnection(connection))
        {
            await before.OpenAsync();
            await ExecuteAsync(before, Contact, id, firstAt); // the case has its row before the rebuild
        }

        await using var flo = new NpgsqlConnection(connection);
        await flo.OpenAsync();
        await using var write = await flo.BeginTransactionAsync();
        await ExecuteAsync(flo, Contact, id, laterAt);
        var rebuild = Task.Run(() => app.WithDbAsync(db => Vigil.Web.Features.Family.Liaison.LiaisonRows.RebuildAsync(db, CancellationToken.None)));
        await Task.Delay(1_000);
        Assert.False(rebuild.IsCompleted); // waiting for the write in flight
        await write.CommitAsync();
        Assert.Equal(1, await rebuild);

        var row = await app.WithDbAsync(db => db.CaseLiaisons.AsNoTracking().SingleAsync(r => r.CaseId == id));
        Assert.Equal(laterAt, row.LatestContactAt);
    }

    private const string Contact =
        """INSERT INTO family_contacts ("Id", "CaseId", "At", "Method", "By", "Summary", "RecordedAt") VALUES (@n, @c, @t, 'phone', 'flo', 'a call', @t)""";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, Guid caseId, DateTime at)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("n", Guid.NewGuid());
        command.Parameters.AddWithValue("c", caseId);
        command.Parameters.AddWithValue("t", at);
        await command.ExecuteNonQueryAsync();
    }
}
