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

    /// <summary>A user's teams and granted cases are read two ways: by the sign-in check's hand-written SQL
    /// (<see cref="RequestUser.MembershipRows"/>, ADR 2433) and by <see cref="CaseAccess"/>'s own query when no sign-in
    /// check read them (timers, watched searches). Both must name the same teams and cases, or a request would see what
    /// a timer's scope would not (or the reverse).</summary>
    [Fact]
    public async Task SignInMembershipRows_NameTheSameTeamsAndGrantsAsCaseAccess()
    {
        var officer = await app.CreateUserAsync(Roles.Investigator);
        var other = await app.CreateUserAsync(Roles.Investigator);
        var stranger = await app.CreateUserAsync(Roles.Investigator);
        var granted = await app.CreateCaseAsync(stranger);
        var notGranted = await app.CreateCaseAsync(stranger);
        await app.WithDbAsync(async db =>
        {
            db.UserTeams.Add(new UserTeam { UserId = officer.Id, TeamId = other.TeamId });
            db.CaseGrants.Add(new Vigil.Data.Cases.CaseGrant { CaseId = granted.Id, UserId = officer.Id, GrantedAt = DateTime.UtcNow, GrantedBy = "test" });
            // Another user's grant on the other case: the rows must be the officer's alone.
            db.CaseGrants.Add(new Vigil.Data.Cases.CaseGrant { CaseId = notGranted.Id, UserId = other.Id, GrantedAt = DateTime.UtcNow, GrantedBy = "test" });
            await db.SaveChangesAsync();
        });
        await app.WithDbAsync(async db =>
        {
            var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, RequestUser.MembershipRows, "{0}");
            var rows = await db.Database.SqlQueryRaw<MembershipRow>(sql, officer.Id).ToListAsync();
            var bySignIn = RequestUser.From(officer.Id, rows.Select(r => (r.Kind, r.Value)), unread: null);
            var byAccess = await CaseAccess.ScopeForUserAsync(db, officer.Id, default);

            Assert.Equal(new[] { officer.TeamId, other.TeamId }.Order(), bySignIn.Teams.Order());
            Assert.Equal([granted.Id], bySignIn.Grants);
            Assert.Equal(byAccess.TeamIds.Order(), bySignIn.Teams.Order());
            Assert.Equal((byAccess.GrantedCaseIds ?? []).Order(), bySignIn.Grants.Order());
        });
    }

    private sealed class MembershipRow
    {
        public string? Kind { get; set; }
        public string? Value { get; set; }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CaseScopeRuleTests_Sqlite(SqliteApp app) : CaseScopeRuleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CaseScopeRuleTests_Postgres(PostgresApp app) : CaseScopeRuleTests(app);
