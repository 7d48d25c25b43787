using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Users;

/// <summary>ADR 3258: "not the last active administrator" is a rule across rows. Two administrators, the only two, each
/// disabling the other from their own page in the same milliseconds both read "another is active" and both were
/// disabled: nobody was left to administer the force. The later request is held by a <see cref="CommandPause"/> just after
/// it has read the administrators; the other then runs (on this branch it waits for the first's lock), then the held one
/// goes on. Exactly one is disabled; the other is refused, and its refusal leaves no entry.</summary>
public abstract class AdministratorRaceTests
{
    protected abstract VigilAppFactory NewApp(Action<IServiceCollection> services);

    [Fact]
    public async Task TwoAdministrators_DisablingEachOtherAtOnce_LeaveOneActive_TheOtherRefused()
    {
        await using var admins = await TwoAdministrators.StartAsync(NewApp);
        var (app, ann, ben) = (admins.App, admins.Ann, admins.Ben);
        var refused = await admins.RaceAsync(id => $"/admin/users/{id}/disable", DisableAsync);
        Assert.Contains("is the last active administrator", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            var disabled = await db.Users.Where(u => u.Id == ann.Id || u.Id == ben.Id).Select(u => new { u.Id, u.Disabled }).ToListAsync();
            var gone = Assert.Single(disabled, u => u.Disabled);
            var stays = Assert.Single(disabled, u => !u.Disabled);
            // The audit trail: the disabling that happened, none of the one refused.
            Assert.Equal(1, await DisablingsAsync(db, gone.Id));
            Assert.Equal(0, await DisablingsAsync(db, stays.Id));
        });
    }

    /// <summary>The same rule, by the other way an administrator is taken away: two administrators, the only two, each
    /// saving the other's roles without the administrator role from the user's page. One is held by the lock as the
    /// disabling is; before this round the refused form answered 422, a field's error, where the disable page answers 409
    /// for the same lost race (ADR 3273).</summary>
    [Fact]
    public async Task TwoAdministrators_TakingTheRoleFromEachOtherAtOnce_LeaveOneAdministrator_TheOtherFormRefusedAsAConflict()
    {
        await using var admins = await TwoAdministrators.StartAsync(NewApp);
        var (app, ann, ben) = (admins.App, admins.Ann, admins.Ben);
        var refused = await admins.RaceAsync(id => $"/admin/users/{id}", AnalystOnlyAsync);
        Assert.Contains("is the last active administrator", Forms.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("#access [data-error-summary]")?.TextContent ?? "",
            StringComparison.Ordinal);
        await app.WithDbAsync(async db =>
        {
            var role = await db.Roles.SingleAsync(r => r.Name == Roles.Administrator);
            var still = await db.UserRoles.Where(ur => ur.RoleId == role.Id && (ur.UserId == ann.Id || ur.UserId == ben.Id)).Select(ur => ur.UserId).ToListAsync();
            var stays = Assert.Single(still);
            var gone = stays == ann.Id ? ben.Id : ann.Id;
            // The audit trail: the role taken from one, nothing of the refused change.
            Assert.Equal(1, await RoleRemovalsAsync(db, gone, role.Id));
            Assert.Equal(0, await RoleRemovalsAsync(db, stays, role.Id));
        });
    }

    private static Task<int> RoleRemovalsAsync(Vigil.Data.VigilDbContext db, string userId, string roleId) =>
        db.AuditEntries.CountAsync(e => e.EntityType == "IdentityUserRole`1" && e.Action == "delete" && e.EntityId == userId + "/" + roleId);

    /// <summary>The user page's "Name, roles and teams" form as the browser holds it, saved with the analyst role only.</summary>
    private static Task<HttpResponseMessage> AnalystOnlyAsync(HttpClient client, string userId, string page) =>
        Forms.PostHeldAsync(client, $"/admin/users/{userId}", page, "Access", new() { ["Access.DisplayName"] = "Analyst now", ["Access.Roles"] = Roles.Analyst });

    private static Task<int> DisablingsAsync(Vigil.Data.VigilDbContext db, string userId) =>
        db.AuditEntries.CountAsync(e => e.EntityType == "VigilUser" && e.EntityId == userId && e.Action == "update" && e.Changes.Contains("\"Disabled\""));

    /// <summary>The confirmation page's form as the browser holds it, posted.</summary>
    private static Task<HttpResponseMessage> DisableAsync(HttpClient client, string userId, string page) =>
        client.PostAsync($"/admin/users/{userId}/disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page) ?? throw new InvalidOperationException("no form on the disable page"),
        }));

    /// <summary>Ann and Ben, the store's only two active administrators, each signed in, on an app of their own whose rule's
    /// read (the administrators and whether each is disabled) the pause holds when armed.</summary>
    private sealed record TwoAdministrators(VigilAppFactory App, CommandPause Pause, TestUser Ann, TestUser Ben, HttpClient AnnBrowser, HttpClient BenBrowser)
        : IAsyncDisposable
    {
        public static async Task<TwoAdministrators> StartAsync(Func<Action<IServiceCollection>, VigilAppFactory> newApp)
        {
            var pause = new CommandPause(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && sql.Contains("AspNetUserRoles", StringComparison.Ordinal) && sql.Contains("\"Disabled\"", StringComparison.Ordinal), armed: false);
            var app = newApp(s => s.AddSingleton<IInterceptor>(pause));
            await app.InitializeAsync();
            var ann = await app.CreateUserAsync(Roles.Administrator);
            var ben = await app.CreateUserAsync(Roles.Administrator);
            await OnlyTheseAdministratorsActiveAsync(app, ann.Id, ben.Id);
            return new(app, pause, ann, ben, await app.SignedInClientAsync(ann), await app.SignedInClientAsync(ben));
        }

        /// <summary>Each opens <paramref name="page"/> for the other (its path for a user id) and posts it as the browser holds it,
        /// Ann's post held after its read of the rule while Ben's runs: one wins (302), the other is refused (409), whichever
        /// the lock lets through first. Returns the refused one's answer.</summary>
        public async Task<HttpResponseMessage> RaceAsync(Func<string, string> page, Func<HttpClient, string, string, Task<HttpResponseMessage>> post)
        {
            var annHeld = await AnnBrowser.GetStringAsync(page(Ben.Id));
            var benHeld = await BenBrowser.GetStringAsync(page(Ann.Id));
            var (benAnswer, annAnswer) = await Pause.RaceAsync(late: () => post(AnnBrowser, Ben.Id, annHeld),
                first: () => post(BenBrowser, Ann.Id, benHeld), firstWaitsAtMost: TimeSpan.FromSeconds(5));
            var answers = new[] { annAnswer.StatusCode, benAnswer.StatusCode };
            Assert.Single(answers, HttpStatusCode.Redirect);
            Assert.Single(answers, HttpStatusCode.Conflict);
            return annAnswer.StatusCode == HttpStatusCode.Conflict ? annAnswer : benAnswer;
        }

        public async ValueTask DisposeAsync()
        {
            AnnBrowser.Dispose();
            BenBrowser.Dispose();
            await App.DisposeAsync();
        }

        /// <summary>The rule bites only between the last two: any other administrator of the store is disabled first.</summary>
        private static Task OnlyTheseAdministratorsActiveAsync(VigilAppFactory app, params string[] ids) => app.WithDbAsync(async db =>
        {
            var role = await db.Roles.SingleAsync(r => r.Name == Roles.Administrator);
            var others = db.UserRoles.Where(ur => ur.RoleId == role.Id && !ids.Contains(ur.UserId)).Select(ur => ur.UserId);
            await db.Users.Where(u => others.Contains(u.Id)).ExecuteUpdateAsync(u => u.SetProperty(x => x.Disabled, true));
        });
    }
}

public sealed class AdministratorRaceTests_Sqlite : AdministratorRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new SqliteApp { ServiceChanges = services };
}

public sealed class AdministratorRaceTests_Postgres : AdministratorRaceTests
{
    protected override VigilAppFactory NewApp(Action<IServiceCollection> services) => new PostgresApp { ServiceChanges = services };
}
