using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>ADR 3267 and 3286 on PostgreSQL: two transactions writing one case's family at once (an FLO's contact, the
/// family's question from the portal) each make the case's liaison row in their trigger. The second waits for the first
/// and makes the row from its committed write: it does not fail on the row's key, and the row holds both writes; two
/// writers of several families in one statement each do not deadlock. (SQLite has one writer at a time.)</summary>
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

    /// <summary>ADR 3286: two transactions, each writing two cases' families in one statement (a bulk writer's), in
    /// opposite orders, both commit. Made to meet: a third transaction holds the first case's row, so the first writer
    /// stops inside its trigger with the locks it has taken; then the second writes. ADR 3267's row triggers took the
    /// cases' locks row by row: the first held the first case's and then waited for the second case's, which the second
    /// writer held while it waited for the first case's ("40P01: deadlock detected"). The statement triggers take them in
    /// one order: the second writer waits for the first, then makes the rows from both writes.</summary>
    [Fact]
    public async Task TwoTransactions_EachWritingTwoFamiliesInOneStatement_InOppositeOrders_BothCommit()
    {
        await using var app = new PostgresApp();
        await app.InitializeAsync();
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var connection = await app.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        var (x, y) = await TwoCasesInTwoBucketsAsync(app, ivy, connection);
        var at = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
        await using (var before = await OpenAsync(connection))
            await ExecuteAsync(before, TwoContacts, x, y, at); // both cases have their rows

        await using var holder = await OpenAsync(connection);
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("""SELECT 1 FROM case_liaisons WHERE "CaseId" = @c FOR UPDATE""", holder))
        {
            lockRow.Parameters.AddWithValue("c", x);
            await lockRow.ExecuteNonQueryAsync();
        }
        await using var one = await OpenAsync(connection);
        await using var oneTx = await one.BeginTransactionAsync();
        var oneWrite = Task.Run(() => ExecuteAsync(one, TwoContacts, x, y, at.AddHours(1)));
        await WaitingAsync(connection, one.ProcessID); // inside its trigger, at the first case's row
        await using var two = await OpenAsync(connection);
        await using var twoTx = await two.BeginTransactionAsync();
        var twoWrite = Task.Run(() => ExecuteAsync(two, TwoContacts, y, x, at.AddHours(2)));
        await WaitingAsync(connection, two.ProcessID);
        await hold.RollbackAsync();
        await oneWrite;
        await oneTx.CommitAsync();
        await twoWrite;
        await twoTx.CommitAsync();

        var rows = await app.WithDbAsync(db => db.CaseLiaisons.AsNoTracking().Where(r => r.CaseId == x || r.CaseId == y).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(at.AddHours(2), r.LatestContactAt));
    }

    /// <summary>Two cases whose locks are two buckets (one shared bucket would only make the writers take turns).</summary>
    private static async Task<(Guid, Guid)> TwoCasesInTwoBucketsAsync(PostgresApp app, TestUser ivy, string connection)
    {
        await using var db = await OpenAsync(connection);
        var first = (await app.CreateCaseAsync(ivy)).Id;
        while (true)
        {
            var second = (await app.CreateCaseAsync(ivy)).Id;
            await using var command = new NpgsqlCommand("SELECT hashtext(@c::text) & 1023 <> hashtext(@d::text) & 1023", db);
            command.Parameters.AddWithValue("c", first);
            command.Parameters.AddWithValue("d", second);
            if ((bool)(await command.ExecuteScalarAsync())!) return (first, second);
        }
    }

    /// <summary>Until the backend <paramref name="pid"/> waits for a lock.</summary>
    private static async Task WaitingAsync(string connection, int pid)
    {
        await using var db = await OpenAsync(connection);
        for (var tries = 0; tries < 200; tries++)
        {
            await using var command = new NpgsqlCommand("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = @p", db);
            command.Parameters.AddWithValue("p", pid);
            if (await command.ExecuteScalarAsync() is true) return;
            await Task.Delay(50);
        }
        Assert.Fail($"backend {pid} never waited for a lock");
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connection)
    {
        var opened = new NpgsqlConnection(connection);
        await opened.OpenAsync();
        return opened;
    }

    /// <summary>A contact for case @c and one for case @d, in that order, in one statement.</summary>
    private const string TwoContacts =
        """INSERT INTO family_contacts ("Id", "CaseId", "At", "Method", "By", "Summary", "RecordedAt") VALUES (gen_random_uuid(), @c, @t, 'phone', 'flo', 'a call', @t), (gen_random_uuid(), @d, @t, 'phone', 'flo', 'a call', @t)""";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, Guid first, Guid second, DateTime at)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("c", first);
        command.Parameters.AddWithValue("d", second);
        command.Parameters.AddWithValue("t", at);
        await command.ExecuteNonQueryAsync();
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
