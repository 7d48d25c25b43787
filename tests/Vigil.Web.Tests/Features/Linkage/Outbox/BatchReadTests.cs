using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Identity;
using Vigil.Web.Cli;
using Vigil.Web.Features.Import;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>The worker reads a batch's cases with their ids as one parameter (ADR 1801): the same statement whatever the
/// batch's size, and the same cases and facts as reading each case by itself.</summary>
public sealed partial class BatchReadTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task BatchRead_IsOneStatementForAnySize_AndLoadsWhatOneByOneLoads(string provider)
    {
        await using var store = await SharedStore.CreateAsync(provider);
        var ivy = await store.CreateUserAsync(Roles.Investigator, "batch-read-team");
        await using var services = CliServices.Build(store.Settings);
        var records = Enumerable.Range(0, 12).Select(i => LinkageSamples.Victim(LinkageSamples.UniqueFinder(), i * 3, $"Batch Read {i}")).ToArray();
        await services.GetRequiredService<ImportService>().ImportAsync(LinkageOutboxTests.Lines(records),
            new ImportOptions(ivy.TeamId, "batch-read", WaitForLinkage: false), null, default);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDbContext>();
        var ids = await db.Cases.Where(c => c.Source == "batch-read").Select(c => c.Id).ToListAsync();
        Assert.Equal(records.Length, ids.Count);

        // One id or many (and ids of no case): the same SQL, so no statement is compiled per batch size.
        Assert.Equal(Statement(LinkageStore.WithFacts(db, ids[..1]).ToQueryString()),
            Statement(LinkageStore.WithFacts(db, [.. ids, Guid.NewGuid(), Guid.NewGuid()]).ToQueryString()));

        var batch = await LinkageStore.WithFacts(db, [.. ids, Guid.NewGuid()]).ToListAsync();
        Assert.Equal(ids.Order(), batch.Select(c => c.Id).Order());
        foreach (var c in batch)
        {
            var alone = await db.Cases.AsNoTracking().Include(x => x.People).ThenInclude(p => p.Person).Include(x => x.Toxicology)
                .SingleAsync(x => x.Id == c.Id);
            Assert.NotEmpty(c.People);
            Assert.Equal(alone.People.Select(p => (p.PersonId, p.Person!.Name)).Order(), c.People.Select(p => (p.PersonId, p.Person!.Name)).Order());
            Assert.Equal(alone.Toxicology.Count, c.Toxicology.Count);
        }
    }

    /// <summary>The SQL without the lines that set parameter values (SQLite's <c>.param set</c>, PostgreSQL's <c>-- @p=</c>).</summary>
    private static string Statement(string queryString) =>
        string.Join('\n', queryString.Split('\n').Where(l => !ParameterLine().IsMatch(l)));

    [GeneratedRegex(@"^\s*(\.param set|-- @)")]
    private static partial Regex ParameterLine();
}
