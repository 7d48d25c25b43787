using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.People;
using Vigil.Records;
using Vigil.Web.Features.Audit;
using Vigil.Web.Features.Cases;
using Vigil.Web.Features.Family.Portal;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Hosting;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>The register's people, phones and addresses are looked up in ONE statement (ADR 3202: three round trips
/// before, each 2–3 ms quiet and 7–12 ms under 50 users), and what it finds is the store's entries, tracked by EF as
/// its own queries tracked them: a mention of them links them and creates nothing; a newcomer is created.</summary>
public abstract class PeopleLookUpTests(Func<Action<IServiceCollection>, VigilAppFactory> newApp) : IAsyncLifetime
{
    private readonly VigilAppFactory app = newApp(services =>
    {
        StatementCounter.Register(services);
        // Nothing else outside a request: the count is the test's own look-up.
        BackgroundServices.Remove(services, typeof(LinkageWorkerService), typeof(TreeHeadSigning), typeof(DueEventSweep), typeof(LegacyUploadAdoption));
    });

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task APersonPhoneAndAddressOnTheRegister_AreFoundInOneStatement_AndLinkedWithoutCreatingAnything()
    {
        var known = new RecordPerson { Role = "finder", Name = "Orla Quennell", Dob = new DateOnly(1961, 3, 4), Phone = "07700 900417", Address = "4 Tollgate Lane" };
        var team = await app.TeamIdAsync("look-up");
        await app.WithScopeAsync(sp => sp.GetRequiredService<ImportService>().ImportAsync(
            [new ParsedLine(1, Samples.Record(source: "look-up") with { People = [known] }, null, [])],
            new ImportOptions(team, "look-up") { WaitForLinkage = false }, null, default));
        var stored = await app.WithDbAsync(async db => (
            Person: await db.People.SingleAsync(p => p.Name == known.Name),
            Phone: await db.Phones.SingleAsync(p => p.Number == PersonKeys.Phone(known.Phone)),
            Address: await db.Addresses.SingleAsync(a => a.Text == known.Address)));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var resolver = new PeopleResolver(db, TimeProvider.System);
        var counter = app.Services.GetRequiredService<StatementCounter>();
        counter.Start(outside: true);
        await resolver.PreloadAsync([known], default);
        var counted = counter.Stop();
        var link = await resolver.LinkAsync(Guid.NewGuid(), known, default);

        Assert.Equal((1, 1), (counted.Statements, counted.RoundTrips));
        Assert.Equal((stored.Person.Id, stored.Phone.Id, stored.Address.Id), (link.PersonId, link.PhoneId, link.AddressId));
        Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.State == EntityState.Added);
        Assert.Equal([EntityState.Unchanged, EntityState.Unchanged, EntityState.Unchanged],
            [db.Entry(db.People.Local.Single()).State, db.Entry(db.Phones.Local.Single()).State, db.Entry(db.Addresses.Local.Single()).State]);

        // Someone new takes the register's lock (PostgreSQL: for the transaction), looks again, then is created.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var newcomer = new RecordPerson { Role = "witness", Name = "Bram Teversham", Phone = "07700 900418", Address = "9 Tollgate Lane" };
        var created = await resolver.LinkAsync(Guid.NewGuid(), newcomer, default);
        Assert.Equal(3, db.ChangeTracker.Entries().Count(e => e.State == EntityState.Added));
        Assert.NotEqual(stored.Person.Id, created.PersonId);
    }
}

public sealed class PeopleLookUpTests_Sqlite() : PeopleLookUpTests(changes => new SqliteApp { ServiceChanges = changes });

public sealed class PeopleLookUpTests_Postgres() : PeopleLookUpTests(changes => new PostgresApp { ServiceChanges = changes });
