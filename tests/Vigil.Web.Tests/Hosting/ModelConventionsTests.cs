using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vigil.Data;
using Vigil.Data.Audit;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Data.People;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Hosting;

/// <summary>The model conventions of <see cref="VigilDbContext"/> (table names, who-did-it column lengths) build the
/// model the migrations were generated from, and the store they create has the names and lengths they promise (ADR 1961).</summary>
public abstract class ModelConventionsTests(VigilAppFactory app)
{
    [Fact]
    public Task TheModel_IsTheOneTheMigrationsWereMadeFrom() => app.WithDbAsync(db =>
    {
        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from the migrations' snapshot: run scripts/regen-migrations.sh NAME");
        return Task.CompletedTask;
    });

    [Fact]
    public Task Tables_AreTheirEntitysNameInSnakeCasePlural_UnlessTheConfigurationNamesThem() => app.WithDbAsync(db =>
    {
        Assert.Equal("case_actions", TableOf<CaseAction>(db));
        Assert.Equal("audit_entries", TableOf<AuditEntry>(db));
        Assert.Equal("saved_searches", TableOf<Vigil.Data.Notifications.SavedSearch>(db));
        Assert.Equal("case_people", TableOf<CasePerson>(db));
        Assert.Equal("linked_series", TableOf<LinkedSeries>(db));
        Assert.Equal("data_protection_keys", TableOf<DataProtectionKey>(db));
        // Named by their configurations (or by ASP.NET Core Identity), which win over the convention.
        Assert.Equal("cases", TableOf<DeathCase>(db));
        Assert.Equal("family_disclosures", TableOf<Disclosure>(db));
        Assert.Equal("AspNetUsers", TableOf<VigilUser>(db));
        return Task.CompletedTask;
    });

    [Fact]
    public Task WhoDidItColumns_Hold200_UnlessTheConfigurationSaysOtherwise() => app.WithDbAsync(db =>
    {
        Assert.Equal(200, MaxLengthOf<CaseAction>(db, nameof(CaseAction.RaisedBy)));
        Assert.Equal(200, MaxLengthOf<FamilyContact>(db, nameof(FamilyContact.By)));
        Assert.Equal(450, MaxLengthOf<LinkDecision>(db, nameof(LinkDecision.DecidedBy)));
        Assert.Equal(4000, MaxLengthOf<CaseDecision>(db, nameof(CaseDecision.BlockedBy)));
        Assert.Null(MaxLengthOf<CaseGrant>(db, nameof(CaseGrant.GrantedBy)));
        Assert.Null(MaxLengthOf<TimelineEvent>(db, nameof(TimelineEvent.RecordedBy)));
        // The marker that keeps a column unbounded is read and dropped, so no model or snapshot carries it.
        Assert.DoesNotContain(db.Model.GetEntityTypes().SelectMany(e => e.GetProperties()), p => p.FindAnnotation("Vigil:Unbounded") is not null);
        return Task.CompletedTask;
    });

    [Fact]
    public async Task TheMigratedStore_HasTheLengthsTheConventionsGive()
    {
        // SQLite keeps no length on a TEXT column; PostgreSQL does.
        if (app.Provider != "postgres") return;
        string? connection = null;
        await app.WithDbAsync(db => { connection = db.Database.GetConnectionString(); return Task.CompletedTask; });
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        Assert.Equal(200, await ColumnLengthAsync(conn, "case_actions", "RaisedBy"));
        Assert.Equal(200, await ColumnLengthAsync(conn, "family_contacts", "By"));
        Assert.Equal(450, await ColumnLengthAsync(conn, "link_decisions", "DecidedBy"));
        Assert.Null(await ColumnLengthAsync(conn, "case_grants", "GrantedBy"));
        Assert.Null(await ColumnLengthAsync(conn, "timeline_events", "RecordedBy"));
    }

    private static string? TableOf<T>(VigilDbContext db) => db.Model.FindEntityType(typeof(T))!.GetTableName();

    private static int? MaxLengthOf<T>(VigilDbContext db, string property) =>
        db.Model.FindEntityType(typeof(T))!.FindProperty(property)!.GetMaxLength();

    private static async Task<int?> ColumnLengthAsync(NpgsqlConnection conn, string table, string column)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = @t AND column_name = @c", conn);
        cmd.Parameters.AddWithValue("t", table);
        cmd.Parameters.AddWithValue("c", column);
        var length = await cmd.ExecuteScalarAsync();
        Assert.NotNull(length); // the column exists
        return length is DBNull ? null : Convert.ToInt32(length, System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ModelConventionsTests_Sqlite(SqliteApp app) : ModelConventionsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ModelConventionsTests_Postgres(PostgresApp app) : ModelConventionsTests(app);
