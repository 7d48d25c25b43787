using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Bulk;
using Vigil.Data.Enquiries;
using Vigil.Data.Linkage;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Import;

/// <summary>The bulk plan takes staged rows whole, in the order they were staged, and knows whether it took every one
/// of them (ADR 2662: counted, not looked up in a set), so a staged row it would not write is never lost: the save is
/// then left to EF Core with the staged rows attached.</summary>
public abstract class BulkPlanTests(VigilAppFactory app)
{
    [Fact]
    public async Task StagedRows_AreTakenWhole_InStagedOrder_AndEveryOneIsCounted()
    {
        await app.WithScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var caseId = Guid.CreateVersion7();
            var actions = Enumerable.Range(1, 3).Select(n => new CaseAction { CaseId = caseId, Number = n, Title = $"action {n}" }).ToList();
            var staged = actions.Select(a => Row(db, a)).Append(Row(db, new LinkageOutboxRow { CaseId = caseId })).ToList();

            var plan = BulkPlan.For([], staged);

            Assert.True(plan.TakesEvery(staged));
            Assert.Equal(actions, plan.Tables.Single(t => t.Table.Name == "case_actions").Rows.Select(r => r.Staged));
            Assert.Single(plan.Tables.Single(t => t.Table.Name == "linkage_outbox").Rows);
            // A staged row the plan was not made for is not taken.
            Assert.False(plan.TakesEvery([.. staged, Row(db, new CaseAction { CaseId = caseId, Number = 4, Title = "later" })]));
            return Task.FromResult(0);
        });
    }

    private static BulkRow Row(VigilDbContext db, object row) => new([], db.Model.FindEntityType(row.GetType())!, row);
}

[Collection(SqliteCollection.Name)]
public sealed class BulkPlanTests_Sqlite(SqliteApp app) : BulkPlanTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BulkPlanTests_Postgres(PostgresApp app) : BulkPlanTests(app);
