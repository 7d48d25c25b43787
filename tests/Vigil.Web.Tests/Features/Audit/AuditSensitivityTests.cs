using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Audit;

/// <summary>Issue 8, finding 2: audit and timeline entries carry the sensitivity of their source. What a role may not
/// read on /cases/{id}/family it may not read through the audit trail, the case page or the timeline; and every read
/// of case data leaves a view entry.</summary>
public abstract class AuditSensitivityTests(VigilAppFactory app)
{
    /// <summary>A family file whose every register holds a secret string, and a portal submission carrying it too.</summary>
    private async Task<(FamilyCase F, string Secret)> FamilyFileAsync()
    {
        var f = await FamilyKit.CaseAsync(app);
        var secret = "FAM" + Guid.NewGuid().ToString("N")[..10];
        await app.WithScopeAsync(async sp =>
        {
            var commands = sp.GetRequiredService<LiaisonCommands>();
            await commands.AddMemberAsync(new FamilyMember
            {
                CaseId = f.Case.Id, Name = "Member " + secret, Relationship = "father", Email = secret + "@example.org", SupportNeeds = "needs " + secret,
            }, default);
            await commands.LogContactAsync(new FamilyContact
            {
                CaseId = f.Case.Id, At = DateTime.UtcNow.AddHours(-1), Method = "visit", By = f.Flo.UserName, Summary = "internal note " + secret,
            }, null, default);
            await commands.RecordDisclosureAsync(f.Case.Id, true, "withheld item " + secret, "reason " + secret, f.Flo.UserName, default);
            await commands.AddQuestionAsync(f.Case.Id, null, "question " + secret, f.Flo.UserName, null, "recorded", default);
            return true;
        });
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFlowTests.SubmitAsync(family, "submitted " + secret)).StatusCode);
        return (f, secret);
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Reviewer)]
    public async Task RolesRefusedTheFamilyFile_CannotReadItThroughAuditTimelineOrActions(string role)
    {
        var (f, secret) = await FamilyFileAsync();
        var reader = await app.CreateUserAsync(role);
        using var web = await app.SignedInClientAsync(reader);
        var familyPage = await web.GetAsync($"/cases/{f.Case.Id}/family");
        Assert.Contains("/denied", familyPage.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        using var api = app.ApiClient(reader);
        var audit = await api.GetStringAsync($"/api/v1/cases/{f.Case.Id}/audit");
        Assert.Contains(f.Case.Reference, audit, StringComparison.Ordinal); // the case's own entries are there
        Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await api.GetStringAsync($"/api/v1/cases/{f.Case.Id}/actions"), StringComparison.Ordinal);
        var page = await web.GetStringAsync($"/cases/{f.Case.Id}");
        Assert.Contains(f.Case.Reference, page, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Investigator)]
    [InlineData(Roles.FamilyLiaison)]
    public async Task OfficersOfTheCase_StillReadTheFamilyEntries(string role)
    {
        var (f, secret) = await FamilyFileAsync();
        var officer = await app.CreateUserAsync(role, f.Investigator.Team);
        using var api = app.ApiClient(officer);
        Assert.Contains(secret, await api.GetStringAsync($"/api/v1/cases/{f.Case.Id}/audit"), StringComparison.Ordinal);
        using var web = await app.SignedInClientAsync(officer);
        Assert.Contains("question " + secret, await web.GetStringAsync($"/cases/{f.Case.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingTheAuditTrail_TheActions_AndAPerson_EachWriteAViewEntry()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        var personId = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().CasePeople
            .Where(p => p.CaseId == created.Id).Select(p => p.PersonId).FirstAsync());
        using var api = app.ApiClient(ivy);
        foreach (var path in new[] { $"/api/v1/cases/{created.Id}/audit", $"/api/v1/cases/{created.Id}/actions", $"/api/v1/people/{personId}" })
        {
            var before = await ViewsByAsync(ivy);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(path)).StatusCode);
            Assert.True(await ViewsByAsync(ivy) > before, $"GET {path} wrote no view entry");
        }
    }

    [Fact]
    public async Task EveryEntityType_HasASensitivity_AndTheFamilysAreReadOnlyByTheLiaisonRoles()
    {
        var types = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<Vigil.Data.VigilDbContext>().Model.GetEntityTypes()
            .Where(t => !t.IsOwned()).Select(t => t.ClrType).ToList()));
        var unclassified = types.Where(t => !Vigil.Web.Features.Audit.AuditSensitivity.PolicyFor.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        Assert.True(unclassified.Count == 0, "classify in AuditSensitivity: " + string.Join(", ", unclassified));
        foreach (var t in types.Where(t => t.Namespace == typeof(FamilyMember).Namespace))
            Assert.Equal(Vigil.Web.Features.Auth.Policies.Liaise, Vigil.Web.Features.Audit.AuditSensitivity.PolicyFor[t.Name]);
    }

    private Task<int> ViewsByAsync(TestUser user) => app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().AuditEntries
        .CountAsync(e => e.Action == "view" && e.Actor.EndsWith(":" + user.UserName)));
}

[Collection(SqliteCollection.Name)]
public sealed class AuditSensitivityTests_Sqlite(SqliteApp app) : AuditSensitivityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditSensitivityTests_Postgres(PostgresApp app) : AuditSensitivityTests(app);
