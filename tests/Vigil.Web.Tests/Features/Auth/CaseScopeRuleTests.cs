using Microsoft.EntityFrameworkCore;
using Vigil.Data.Identity;
using Vigil.Web.Features.Auth;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Auth;

/// <summary>A case read by its id is refused on the row by <see cref="CaseScope.CanRead"/> (ADR 2133), lists and
/// searches by the query <see cref="CaseAccess.Visible"/>: two spellings of one rule. Every kind of scope must let the
/// same cases through both, or a case would open that no list shows it (or the reverse).</summary>
public abstract class CaseScopeRuleTests(VigilAppFactory app)
{
    [Fact]
    public async Task EveryKindOfScope_ReadsByIdExactlyTheCasesItLists()
    {
        var officers = new[] { await app.CreateUserAsync(Roles.Investigator), await app.CreateUserAsync(Roles.Investigator), await app.CreateUserAsync(Roles.Investigator) };
        var cases = new List<(Guid Id, Guid Team)>();
        foreach (var officer in officers)
            for (var i = 0; i < 2; i++) cases.Add(((await app.CreateCaseAsync(officer)).Id, officer.TeamId));
        var (a, b, c) = (officers[0].TeamId, officers[1].TeamId, officers[2].TeamId);
        var grant = cases.First(x => x.Team == c).Id;
        var scopes = new Dictionary<string, CaseScope>
        {
            ["read all"] = new("t", ReadAll: true, TeamScoped: false, [], CanEdit: false),
            ["no scope"] = new("t", ReadAll: false, TeamScoped: false, [a], CanEdit: false, [grant]),
            ["one team"] = new("t", ReadAll: false, TeamScoped: true, [a], CanEdit: true),
            ["two teams"] = new("t", ReadAll: false, TeamScoped: true, [a, b], CanEdit: true),
            ["one team and a grant"] = new("t", ReadAll: false, TeamScoped: true, [a], CanEdit: true, [grant]),
            ["a grant alone"] = new("t", ReadAll: false, TeamScoped: true, [], CanEdit: true, [grant]),
            ["no teams, grants empty"] = new("t", ReadAll: false, TeamScoped: true, [], CanEdit: true, []),
        };
        var ids = cases.Select(x => x.Id).ToList();
        await app.WithDbAsync(async db =>
        {
            foreach (var (name, scope) in scopes)
            {
                var listed = await CaseAccess.Visible(db, scope).Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync();
                var readById = cases.Where(x => scope.CanRead(x.Id, x.Team)).Select(x => x.Id);
                Assert.True(listed.Order().SequenceEqual(readById.Order()), $"{name}: listed {listed.Count}, read by id {readById.Count()}");
            }
            // The rule lets something through and holds something back, so agreement is not two empty sets.
            Assert.Equal(3, cases.Count(x => scopes["one team and a grant"].CanRead(x.Id, x.Team)));
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseScopeRuleTests_Sqlite(SqliteApp app) : CaseScopeRuleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CaseScopeRuleTests_Postgres(PostgresApp app) : CaseScopeRuleTests(app);
