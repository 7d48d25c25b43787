using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Data.Identity;
using Vigil.Data.Notifications;
using Vigil.Web.Features.Notifications.DueEvents;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Notifications;

public abstract partial class DueEventSweepTests
{
    /// <summary>ADR 3183: events nobody in the team can be told of go to the administrators; with no administrator's
    /// account enabled they were raised to no one and logged nowhere. Now each team and kind is a structured warning, once
    /// (a second sweep finds them raised), and not once an administrator can be told.</summary>
    [Fact]
    public async Task EventsNobodyCanBeToldOf_WithNoEnabledAdministrator_AreAWarning_NamingTeamKindAndCount()
    {
        var logs = new LogCapture(LogLevel.Warning);
        var (app, clock) = await StartAsync(s => s.AddSingleton<ILoggerProvider>(logs));
        await using var _ = app;
        var team = "unheard-" + Guid.NewGuid().ToString("N")[..8];
        var ivy = await app.CreateUserAsync(Roles.Investigator, team);
        var admin = await app.CreateUserAsync(Roles.Administrator);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true)));
        var (c, later) = (await app.CreateCaseAsync(ivy, PortLike()), await app.CreateCaseAsync(ivy, PortLike()));
        await app.WithDbAsync(db => db.Cases.Where(x => x.TeamId == ivy.TeamId).ExecuteUpdateAsync(s => s.SetProperty(x => x.OfficerInChargeId, (string?)null)));
        await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == later.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DueAt, a => a.DueAt.AddDays(10))));
        var mandatory = await app.WithDbAsync(db => db.CaseActions.CountAsync(a => a.CaseId == c.Id && a.Mandatory));
        clock.Now = new DateTimeOffset(await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == c.Id).MaxAsync(a => a.DueAt)), TimeSpan.Zero).AddMinutes(1);

        await SweepAsync(app);
        await SweepAsync(app);
        LogCapture.Entry[] Warnings() => [.. logs.Entries.Where(e => e.Category == typeof(DueEventRaiser).FullName && Equals(e.Values.GetValueOrDefault("Kind"), NotificationKinds.ActionOverdue))];
        var warning = Assert.Single(Warnings());
        Assert.Equal((LogLevel.Warning, mandatory, team), (warning.Level, warning.Values["Count"], warning.Values["Team"]));
        Assert.Contains(team, warning.Message, StringComparison.Ordinal);
        Assert.Equal(mandatory, await app.WithDbAsync(db => db.DueEventNotices.CountAsync(n => n.CaseId == c.Id && n.Kind == NotificationKinds.ActionOverdue)));

        // An administrator who can be told is told instead, and nothing more is logged.
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, false)));
        clock.Now = new DateTimeOffset(await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == later.Id).MaxAsync(a => a.DueAt)), TimeSpan.Zero).AddMinutes(1);
        await SweepAsync(app);
        Assert.Single(Warnings());
        Assert.Equal(1, await app.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == admin.Id && n.Kind == NotificationKinds.ActionOverdue)));
    }
}
