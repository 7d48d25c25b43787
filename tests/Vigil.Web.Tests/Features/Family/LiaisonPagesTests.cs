using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Vigil.Data.Family;
using Vigil.Web.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Family;

/// <summary>Family liaison without friction (issue 9.6): the family sees officers' names, never logins; an invitation
/// can be copied, printed or sent and carries a QR code; the second factor is set up from a QR code.</summary>
public abstract class LiaisonPagesTests(VigilAppFactory app)
{
    [Fact]
    public async Task Portal_NamesTheOfficer_NeverTheirLogin()
    {
        var f = await FamilyKit.CaseAsync(app);
        await app.WithDbAsync(async db =>
        {
            var investigator = await db.Users.SingleAsync(u => u.Id == f.Investigator.Id);
            investigator.DisplayName = "DS Ruth Calder " + f.Marker;
            await db.SaveChangesAsync();
        });
        await app.WithScopeAsync(async sp =>
        {
            var c = sp.GetRequiredService<LiaisonCommands>();
            await c.LogContactAsync(new FamilyContact { CaseId = f.Case.Id, At = DateTime.UtcNow.AddHours(-3), Method = "visit", By = f.Flo.UserName, Summary = "x" }, null, default);
            await c.LogContactAsync(new FamilyContact { CaseId = f.Case.Id, At = DateTime.UtcNow.AddHours(-2), Method = "phone", By = f.Investigator.UserName, Summary = "x" }, null, default);
            return true;
        });
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        var contacts = Forms.Parse(await family.GetStringAsync("/family")).QuerySelector("#contacts-h")!.ParentElement!.TextContent;
        Assert.Contains("visit – DC Flo " + f.Marker, contacts, StringComparison.Ordinal);
        Assert.Contains("phone – DS Ruth Calder " + f.Marker, contacts, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Flo.UserName, contacts, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Investigator.UserName, contacts, StringComparison.Ordinal);
    }

    /// <summary>walk51 finding 9: the contact and disclosure logs said "By: flo" where the portal and the questions
    /// register name the officer. They name them too (ADR 3218); a login that is no one's now shows as recorded.</summary>
    [Fact]
    public async Task ContactAndDisclosureLogs_NameTheOfficer_AndKeepALoginThatIsNoOnesNow()
    {
        var f = await FamilyKit.CaseAsync(app);
        var gone = "dc-left-" + f.Marker;
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == f.Flo.Id)).DisplayName = "DC Grace Okonjo " + f.Marker;
            await db.SaveChangesAsync();
        });
        await app.WithScopeAsync(async sp =>
        {
            var c = sp.GetRequiredService<LiaisonCommands>();
            Assert.Null(await c.LogContactAsync(new FamilyContact { CaseId = f.Case.Id, At = DateTime.UtcNow.AddHours(-2), Method = "visit", By = f.Flo.UserName, Summary = "First visit" }, null, default));
            Assert.Null(await c.LogContactAsync(new FamilyContact { CaseId = f.Case.Id, At = DateTime.UtcNow.AddHours(-1), Method = "phone", By = gone, Summary = "Call back" }, null, default));
            Assert.Null(await c.RecordDisclosureAsync(f.Case.Id, withheld: false, "The date of the post-mortem", null, f.Flo.UserName, default));
            return true;
        });
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family"));
        string[] By(string section) => [.. page.QuerySelectorAll($"#{section} td[data-label='By']").Select(td => td.TextContent.Trim())];
        Assert.Equal([gone, "DC Grace Okonjo " + f.Marker], By("contacts")); // newest first
        Assert.Equal(["DC Grace Okonjo " + f.Marker], By("disclosures"));
    }

    [Fact]
    public async Task EmptyContactAndDisclosureLogs_SaySo_UntilOneIsLogged()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var before = Forms.Parse(await flo.GetStringAsync(page));
        Assert.Equal("No contact with the family has been logged yet.", before.QuerySelector("#contacts-empty")?.TextContent);
        Assert.Contains("Nothing has been recorded", before.QuerySelector("#disclosures-empty")?.TextContent, StringComparison.Ordinal);
        Assert.Null(before.QuerySelector("#contacts table"));
        await app.WithScopeAsync(async sp =>
        {
            var c = sp.GetRequiredService<LiaisonCommands>();
            Assert.Null(await c.LogContactAsync(new FamilyContact { CaseId = f.Case.Id, At = DateTime.UtcNow.AddHours(-1), Method = "visit", By = f.Flo.UserName, Summary = "First visit" }, null, default));
            Assert.Null(await c.RecordDisclosureAsync(f.Case.Id, withheld: false, "The date of the post-mortem", null, f.Flo.UserName, default));
            return true;
        });
        var after = Forms.Parse(await flo.GetStringAsync(page));
        Assert.Null(after.QuerySelector("#contacts-empty"));
        Assert.Null(after.QuerySelector("#disclosures-empty"));
        Assert.Contains("First visit", after.QuerySelector("#contacts table")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("The date of the post-mortem", after.QuerySelector("#disclosures table")?.TextContent, StringComparison.Ordinal);
    }

    /// <summary>walk51: the demo's family, in touch for 19 months (an FLO deployed, a question asked), showed no contact
    /// deadline: the clock started only when the deceased was identified, never recorded. ADR 3224: it starts at the
    /// earliest of identification, an FLO's deployment and the family recorded. The page says why no deadline runs while
    /// none of them is recorded; an FLO deployed 30 hours ago, unidentified and uncontacted, is a missed first contact.</summary>
    [Fact]
    public async Task NoContactDeadline_SaysWhy_UntilSomethingStartsTheClock_AndAnFloDeployedUnidentifiedStartsIt()
    {
        var f = await FamilyKit.CaseAsync(app);
        var bare = await app.CreateCaseAsync(f.Investigator);
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LiaisonCommands>().SaveFileAsync(bare.Id, null, "Awaiting identification", null, false, f.Flo.UserName, default);
            return true;
        });
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{bare.Id}/family";
        var before = Forms.Parse(await flo.GetStringAsync(page));
        var why = System.Text.RegularExpressions.Regex.Replace(before.QuerySelector("#contact-clock")?.TextContent ?? "", @"\s+", " ");
        Assert.Contains("No contact deadline is running", why, StringComparison.Ordinal);
        Assert.Contains("within 24 hours of the deceased being identified, an FLO being deployed or the family being recorded", why, StringComparison.Ordinal);
        Assert.DoesNotContain("First contact with the family", before.QuerySelector("ul.flags")?.TextContent ?? "", StringComparison.Ordinal);

        await app.WithScopeAsync(async sp => await sp.GetRequiredService<LiaisonCommands>().DeployAsync(bare.Id, f.Flo.Id, "DC Bare", "07700 900006", default));
        await app.WithDbAsync(db => db.FloDeployments.Where(d => d.CaseId == bare.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DeployedAt, DateTime.UtcNow.AddHours(-30))));
        var after = Forms.Parse(await flo.GetStringAsync(page));
        Assert.Null(after.QuerySelector("#contact-clock"));
        Assert.Contains("First contact with the family MISSED", after.QuerySelector("ul.flags")!.TextContent, StringComparison.Ordinal);
        // The kit's family (an FLO deployed and a sister recorded just now, no identification) is owed its first contact within the day.
        var kit = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family"));
        Assert.Null(kit.QuerySelector("#contact-clock"));
        Assert.Contains("First contact with the family due", kit.QuerySelector("ul.flags")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>ADR 3228 (round 53): a first-contact deadline says which event started its clock, and when, wherever it is
    /// shown: the family page, the case page's panel and the liaison dashboard. A family known only by a member recorded
    /// is said so without the member's name: the panel is read by every reader of the case (ADR 0502).</summary>
    [Fact]
    public async Task AFirstContactDeadline_SaysWhatStartedItsClock_OnTheFamilyPageThePanelAndTheDashboard()
    {
        var f = await FamilyKit.CaseAsync(app);
        var deployedAt = DateTime.UtcNow.AddHours(-30);
        await app.WithDbAsync(db => db.FloDeployments.Where(d => d.CaseId == f.Case.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DeployedAt, deployedAt)));
        var memberOnly = await app.CreateCaseAsync(f.Investigator);
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LiaisonCommands>().AddMemberAsync(new FamilyMember { CaseId = memberOnly.Id, Name = "Nell " + f.Marker, Relationship = "mother" }, default);
            return true;
        });
        var time = app.Services.GetRequiredService<Vigil.Web.Features.Shared.ForceTime>();
        var said = $"the clock started {time.Show(deployedAt)} when DC Flo {f.Marker} was deployed as FLO";
        static string Words(AngleSharp.Dom.IElement? e) => System.Text.RegularExpressions.Regex.Replace(e?.TextContent ?? "", @"\s+", " ");

        using var flo = await app.SignedInClientAsync(f.Flo);
        using var investigator = await app.SignedInClientAsync(f.Investigator);
        var familyPage = Words(Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelector("ul.flags"));
        Assert.Contains("First contact with the family MISSED", familyPage, StringComparison.Ordinal);
        Assert.Contains(said, familyPage, StringComparison.Ordinal);
        Assert.Contains(said, Words(Forms.Parse(await investigator.GetStringAsync($"/cases/{f.Case.Id}")).QuerySelector("#family ul.flags")), StringComparison.Ordinal);
        var row = Forms.Parse(await flo.GetStringAsync("/liaison?size=200")).QuerySelectorAll("table.liaison tbody tr")
            .Single(r => r.TextContent.Contains(f.Case.Reference, StringComparison.Ordinal));
        Assert.Contains(said, Words(row), StringComparison.Ordinal);

        var panel = Words(Forms.Parse(await investigator.GetStringAsync($"/cases/{memberOnly.Id}")).QuerySelector("#family ul.flags"));
        Assert.Contains("First contact with the family due", panel, StringComparison.Ordinal);
        Assert.Contains("when a family member was recorded", panel, StringComparison.Ordinal);
        Assert.DoesNotContain("Nell", panel, StringComparison.Ordinal);
    }

    /// <summary>walk51 left: an overdue "tell the family" task was marked only by a red border, where an overdue question
    /// says LATE. Now a task past its due time says LATE until done, and "done late" after; one done in time, or not yet
    /// due, says neither.</summary>
    [Fact]
    public async Task TellTheFamily_SaysLate_InWords()
    {
        var f = await FamilyKit.CaseAsync(app);
        var now = DateTime.UtcNow;
        FamilyTask Task(string what, int dueInHours, int? doneHoursAgo) => new()
        {
            CaseId = f.Case.Id, Kind = "classification-changed", Description = $"{what} {f.Marker}", CreatedAt = now.AddDays(-3),
            DueAt = now.AddHours(dueInHours), DoneAt = doneHoursAgo is { } h ? now.AddHours(-h) : null, DoneBy = doneHoursAgo is null ? null : f.Flo.UserName,
            Outcome = doneHoursAgo is null ? null : "Told at home",
        };
        await app.WithDbAsync(async db =>
        {
            db.FamilyTasks.AddRange(Task("Overdue", -5, null), Task("Late", -30, 2), Task("InTime", -30, 40), Task("NotYet", 5, null));
            return await db.SaveChangesAsync();
        });
        using var flo = await app.SignedInClientAsync(f.Flo);
        var items = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelectorAll("ul.tasks li").Select(li => li.TextContent).ToList();
        string Of(string what) => Assert.Single(items, i => i.Contains($"{what} {f.Marker}", StringComparison.Ordinal));
        Assert.Contains("LATE", Of("Overdue"), StringComparison.Ordinal);
        Assert.Contains("done late", Of("Late"), StringComparison.Ordinal);
        Assert.DoesNotContain("late", Of("InTime"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("late", Of("NotYet"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>walk33 left: a member never invited showed a bare "Portal:" on a phone's card, the invitation button
    /// under it. The cell now says so in words, until an invitation is sent, then until it is accepted.</summary>
    [Fact]
    public async Task AMemberNeverInvited_SaysSoInWords_UntilInvited()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var before = Forms.Parse(await flo.GetStringAsync(page)).QuerySelector("#members td.portal-access")!;
        Assert.StartsWith("not invited", before.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal($"Invite Sarah {f.Marker} to the portal", before.QuerySelector("button")?.TextContent);

        var token = await FamilyKit.InviteAsync(app, f);
        var invited = Forms.Parse(await flo.GetStringAsync(page)).QuerySelector("#members td.portal-access")!.TextContent;
        Assert.DoesNotContain("not invited", invited, StringComparison.Ordinal);
        Assert.Contains("invited, expires", invited, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(FamilyKit.Browser(app), token, "words-" + f.Marker)).StatusCode);
        var accepted = Forms.Parse(await flo.GetStringAsync(page)).QuerySelector("#members td.portal-access")!.TextContent;
        Assert.DoesNotContain("invited", accepted, StringComparison.Ordinal);
        Assert.Contains($"words-{f.Marker}", accepted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitation_CanBeCopiedPrintedOrSent_AndCarriesItsQrCode()
    {
        var f = await FamilyKit.CaseAsync(app);
        await app.WithDbAsync(async db =>
        {
            var m = await db.FamilyMembers.SingleAsync(x => x.Id == f.MemberId);
            (m.Email, m.Phone) = ("sarah@example.org", "07700 900555");
            await db.SaveChangesAsync();
        });
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var invited = await Forms.PostAsync(flo, page + "?handler=Invite", new() { ["memberId"] = f.MemberId.ToString() }, page);
        Assert.Equal($"{page}#invitation", invited.Headers.Location!.OriginalString);
        var html = Forms.Parse(await flo.GetStringAsync(page));
        var panel = html.QuerySelector("#invitation")!;
        var link = panel.QuerySelector("#invitation-link")!.TextContent;
        Assert.Matches(@"^https?://[^/]+/family/accept\?token=", link); // the public address (ADR 0504), whatever it is here
        Assert.Equal("img", panel.QuerySelector("svg.qr")!.GetAttribute("role"));
        Assert.NotNull(panel.QuerySelector("button[data-copy=invitation-link]"));
        Assert.NotNull(panel.QuerySelector("button[data-print]"));
        var mail = panel.QuerySelector("a[href^='mailto:sarah@example.org']")!.GetAttribute("href")!;
        Assert.Contains(Uri.EscapeDataString(link), mail, StringComparison.Ordinal);
        Assert.StartsWith("sms:07700900555?body=", panel.QuerySelector("a[href^='sms:']")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("DC Flo " + f.Marker, panel.TextContent, StringComparison.Ordinal);
        // Shown once: the next visit has only the invitation's status, never its link.
        Assert.Null(Forms.Parse(await flo.GetStringAsync(page)).QuerySelector("#invitation-link"));
        var token = link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..];
        Assert.Equal(HttpStatusCode.Redirect, (await FamilyKit.AcceptAsync(FamilyKit.Browser(app), token, "qr-" + f.Marker)).StatusCode);
    }

    [Fact]
    public async Task SecondFactor_IsSetUpFromAQrCode_WithTheKeyInGroupsThatWrap()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, userName) = await FamilyKit.FamilySessionAsync(app, f);
        var page = Forms.Parse(await family.GetStringAsync("/family/security"));
        var secret = page.QuerySelector("input[name=Secret]")!.GetAttribute("value")!;
        Assert.Equal(string.Join(' ', secret.Chunk(4).Select(c => new string(c))), page.QuerySelector("#totp-key")!.TextContent);
        Assert.Contains("QR code", page.QuerySelector("svg.qr")!.GetAttribute("aria-label"), StringComparison.Ordinal);
        var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow);
        var on = await Forms.PostAsync(family, "/family/security", new() { ["Secret"] = secret, ["Code"] = code });
        Assert.Contains("asked for a code", await on.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var account = await app.WithScopeAsync(async sp => await sp.GetRequiredService<Vigil.Data.VigilDbContext>().FamilyAccounts.SingleAsync(a => a.UserName == userName));
        Assert.Equal(secret, account.TotpSecret);
    }

    /// <summary>walk55: on a phone (390 px) the FLO's dashboard kept its three columns, the deadlines a word a line; it
    /// now stacks one card per case with its cells labelled, as her waiting and overdue lists do.</summary>
    [Fact]
    public async Task TheDashboard_StacksOneCardPerCase_OnAPhone()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = Forms.Parse(await flo.GetStringAsync("/liaison"));
        var row = Assert.Single(page.QuerySelectorAll("table.liaison.stack tbody tr"), r => r.TextContent.Contains(f.Case.Reference, StringComparison.Ordinal));
        Assert.Contains(f.Case.Reference, row.QuerySelector("td.card-title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["FLO", "Deadlines and flags"], row.QuerySelectorAll("td[data-label]").Select(td => td.GetAttribute("data-label")));
    }

    [Fact]
    public async Task DeployForm_OffersTheOfficersFullName_NotTheirLogin()
    {
        var f = await FamilyKit.CaseAsync(app);
        await app.WithDbAsync(async db =>
        {
            var flo = await db.Users.SingleAsync(u => u.Id == f.Flo.Id);
            flo.DisplayName = "DC Ada Quarry";
            // Not yet deployed here: the form is offered only to an officer who is not (walk31).
            db.FloDeployments.RemoveRange(await db.FloDeployments.Where(d => d.CaseId == f.Case.Id).ToListAsync());
            await db.SaveChangesAsync();
        });
        using var client = await app.SignedInClientAsync(f.Flo);
        var page = Forms.Parse(await client.GetStringAsync($"/cases/{f.Case.Id}/family"));
        Assert.Equal("DC Ada Quarry", page.QuerySelector("#officerName")!.GetAttribute("value"));
    }

    /// <summary>Round 31's walk-through: the deployed FLO was offered "Deploy me as FLO" again, and a second deployment
    /// listed her twice, to the staff and as the family's officers. An officer deployed on the case is neither offered
    /// the form nor deployed twice.</summary>
    [Fact]
    public async Task DeployedFlo_IsNotOfferedASecondDeployment_NorDeployedTwice()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        Assert.Null(Forms.Parse(await flo.GetStringAsync(page)).QuerySelector("form[action*='handler=Deploy']"));
        var again = await Forms.PostAsync(flo, page + "?handler=Deploy", new() { ["officerName"] = "DC Flo again", ["contactDetails"] = "07700 900009" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode); // the family file answers every refusal so
        var deployments = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Data.VigilDbContext>().FloDeployments.CountAsync(d => d.CaseId == f.Case.Id && d.OfficerUserId == f.Flo.Id));
        Assert.Equal(1, deployments);
    }

    /// <summary>walk31 left: a deployment posted from a page opened before the officer deployed in another tab was refused,
    /// but the page showed nothing, the form that would show it being gone. The refusal is shown where the form was.</summary>
    [Fact]
    public async Task ASecondDeploymentFromAStalePage_IsRefused_AndThePageSaysWhy()
    {
        var f = await FamilyKit.CaseAsync(app);
        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        // The post a browser sends from the form opened before deploying: its form key with it.
        var again = await Forms.PostAsync(flo, page + "?handler=Deploy",
            new() { ["__form"] = "deploy", ["officerName"] = "DC Flo again", ["contactDetails"] = "07700 900009" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var shown = Forms.Parse(await again.Content.ReadAsStringAsync());
        var summary = shown.QuerySelector("#details [data-error-summary]");
        Assert.NotNull(summary);
        Assert.Contains("You are already deployed as FLO on this case.", summary!.TextContent, StringComparison.Ordinal);
        Assert.Single(shown.QuerySelectorAll("[data-error-summary]"));
    }

    /// <summary>walk31 left: "1 question(s) from the family are overdue", "1 "tell the family" task(s) open" on the family
    /// file and the FLO's list. A count of one is singular, more plural. Round 49's walk: one late question read as two
    /// lines ("1 question from the family is overdue", "1 question unanswered"); the overdue are counted in their line.</summary>
    [Fact]
    public async Task Deadlines_SayOneQuestionAndOneTask_InTheSingular_EachOnOneLine()
    {
        var f = await FamilyKit.CaseAsync(app);
        await app.WithScopeAsync(async sp =>
        {
            var commands = sp.GetRequiredService<LiaisonCommands>();
            await commands.AddQuestionAsync(f.Case.Id, null, "When can we see him? " + f.Marker, "flo", DateTime.UtcNow.AddDays(-1), "recorded", default);
            var db = sp.GetRequiredService<Vigil.Data.VigilDbContext>();
            db.FamilyTasks.Add(new Vigil.Data.Family.FamilyTask { CaseId = f.Case.Id, Kind = "inquest-date", Description = "Tell them of the inquest date " + f.Marker, DueAt = DateTime.UtcNow.AddDays(3), CreatedAt = DateTime.UtcNow });
            db.FamilyTasks.Add(new Vigil.Data.Family.FamilyTask { CaseId = f.Case.Id, Kind = "post-mortem", Description = "Tell them of the post-mortem " + f.Marker, DueAt = DateTime.UtcNow.AddDays(-2), CreatedAt = DateTime.UtcNow.AddDays(-5) });
            await db.SaveChangesAsync();
            return true;
        });
        using var flo = await app.SignedInClientAsync(f.Flo);
        var flags = Forms.Parse(await flo.GetStringAsync($"/cases/{f.Case.Id}/family")).QuerySelector("ul.flags")!;
        var file = flags.TextContent;
        Assert.Contains("1 question from the family unanswered, 1 overdue", file, StringComparison.Ordinal);
        Assert.Contains("2 \"tell the family\" tasks open, 1 overdue", file, StringComparison.Ordinal);
        Assert.DoesNotContain("(s)", file, StringComparison.Ordinal);
        var lines = flags.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        Assert.Single(lines, l => l.Contains("question", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("tell the family", StringComparison.Ordinal));
        Assert.Equal(2, flags.QuerySelectorAll("li.alert").Length);
        var list = await flo.GetStringAsync("/liaison");
        Assert.Contains("1 question from the family unanswered, 1 overdue", list, StringComparison.Ordinal);
        Assert.DoesNotContain("(s)", list, StringComparison.Ordinal);
    }

    /// <summary>walk53 finding 20 (ADR 3245): the portal said "Next review of the case: not set yet" while the case had
    /// three reviews due. The family is told only the date their FLO chooses: without one the portal says who will tell
    /// them, and the FLO's page shows the case's scheduled reviews beside the field, one press to use a date.</summary>
    [Fact]
    public async Task TheNextReview_IsTheOneTheFloChooses_FromTheScheduleBesideTheField()
    {
        var f = await FamilyKit.CaseAsync(app);
        var (family, _) = await FamilyKit.FamilySessionAsync(app, f);
        Assert.Equal("Your family liaison officer will tell you when the case is next reviewed.",
            Forms.Parse(await family.GetStringAsync("/family")).QuerySelector("#next-review")!.TextContent);

        using var flo = await app.SignedInClientAsync(f.Flo);
        var page = $"/cases/{f.Case.Id}/family";
        var reviews = await app.WithDbAsync(db => db.CaseReviews.Where(r => r.CaseId == f.Case.Id && r.CompletedAt == null).OrderBy(r => r.DueAt).ToListAsync());
        Assert.NotEmpty(reviews);
        var opened = await flo.GetStringAsync(page);
        var buttons = Forms.Parse(opened).QuerySelectorAll("#scheduled-reviews button[name=reviewId]").Select(b => b.GetAttribute("value")!).ToList();
        Assert.Equal(reviews.Select(r => r.Id.ToString()), buttons);
        var chosen = reviews[^1];
        // The button is in the details form: its version goes with the press (ADR 3271).
        var used = await Forms.PostHeldAsync(flo, page, opened, "File", new() { ["reviewId"] = chosen.Id.ToString() }, handler: "NextReview");
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);

        var time = app.Services.GetRequiredService<Vigil.Web.Features.Shared.ForceTime>();
        Assert.Equal($"Next review of the case: {time.Show(chosen.DueAt)}", Forms.Parse(await family.GetStringAsync("/family")).QuerySelector("#next-review")!.TextContent);
        Assert.Equal(time.ForInput(chosen.DueAt), Forms.Parse(await flo.GetStringAsync(page)).QuerySelector("#nextReviewAt")!.GetAttribute("value"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LiaisonPagesTests_Sqlite(SqliteApp app) : LiaisonPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LiaisonPagesTests_Postgres(PostgresApp app) : LiaisonPagesTests(app);
