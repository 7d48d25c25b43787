using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Data.Linkage;
using Vigil.Web.Features.Oversight.Missed;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>The missed-opportunity report reads the audit trail: a signal never acted on comes first, a late action
/// shows its delay and officer, a linkage alert names both deaths and what became of it.</summary>
public abstract class MissedReportTests(VigilAppFactory app)
{
    private Task<MissedReport?> CaseReportAsync(Guid id) =>
        app.WithScopeAsync(sp => AsReviewer.MissedOpportunities(sp).ForCaseAsync(id, true, default));

    [Fact]
    public async Task AnActionNeverActedOn_ComesFirst_AndALateOneShowsItsDelayAndOfficer()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        await OversightKit.RaiseAsync(app, ivy, created.Id, "Trace the man last seen with him", mandatory: true, due: DateTime.UtcNow.AddDays(-2));
        await OversightKit.RaiseAsync(app, ivy, created.Id, "Test the bottle", mandatory: true, due: DateTime.UtcNow.AddDays(-1));
        var numbers = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().CaseActions.Where(a => a.CaseId == created.Id)
            .ToDictionaryAsync(a => a.Title, a => a.Number));
        await OversightKit.MoveAsync(app, ivy, created.Id, numbers["Test the bottle"], "allocate", ivy.UserName);

        var report = await app.WithScopeAsync(sp => AsReviewer.MissedOpportunities(sp).ForCaseAsync(created.Id, true, default));
        var never = report!.NeverActedOn.ToList();
        Assert.Contains(never, s => s.Title.Contains("Trace the man", StringComparison.Ordinal));
        Assert.DoesNotContain(never, s => s.Title.Contains("Test the bottle", StringComparison.Ordinal));
        var late = report.Signals.Single(s => s.Title.Contains("Test the bottle", StringComparison.Ordinal));
        Assert.True(late.Late(report.AsOf));
        Assert.Equal(ivy.UserName, late.Officer);
        Assert.NotNull(late.Delay);

        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var page = await web.GetStringAsync($"/cases/{created.Id}/missed");
        Assert.True(page.IndexOf("Trace the man", StringComparison.Ordinal) < page.IndexOf("Chronology", StringComparison.Ordinal), "never-acted-on signals lead the report");
        Assert.Contains("LATE", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALinkageAlertNeverOpened_ComesFirst_AndARejectedOneGivesTheReason_AcrossTheSeries()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        // Deaths no model links (different kinds, places, years; nobody in common): the two alerts are the story set
        // below. Three identical samples sharing a finder and phone are rightly linked by the engine, and whether it
        // then raised a third alert (c with a) or proposed them as one candidate series depended on the model and on
        // every other death in the store, not on the report this test is about.
        var a = await app.CreateCaseAsync(ivy, Unalike(0, "GHB toxicity"));
        var b = await app.CreateCaseAsync(ivy, Unalike(1, "hanging"));
        var c = await app.CreateCaseAsync(ivy, Unalike(2, "pneumonia"));
        var seriesId = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var now = DateTime.UtcNow;
            // Should the linkage hook have scored these deaths anyway, take its candidate and set the story on it.
            var rejected = await CandidateAsync(db, b.Id, a.Id);
            (rejected.Probability, rejected.Summary, rejected.RaisedAt, rejected.Status) = (0.04, "same finder", now.AddDays(-9), LinkStatus.Rejected);
            var unopened = await CandidateAsync(db, c.Id, b.Id);
            (unopened.Probability, unopened.Summary, unopened.RaisedAt, unopened.Status) = (0.09, "same churchyard", now.AddDays(-5), LinkStatus.Open);
            db.Add(new LinkDecision { CandidateId = rejected.Id, Confirmed = false, Reason = "Drug deaths are common there", DecidedBy = "analyst-x", DecidedAt = now.AddDays(-3) });
            var series = new LinkedSeries { Reference = "LS-T-" + Guid.NewGuid().ToString("N")[..6], CreatedAt = now, CreatedBy = "analyst-x" };
            db.Add(series);
            foreach (var id in new[] { a.Id, b.Id, c.Id }) db.Add(new LinkedSeriesMember { SeriesId = series.Id, CaseId = id, AddedAt = now, AddedBy = "analyst-x" });
            await db.SaveChangesAsync();
            return series.Id;
        });
        var report = await app.WithScopeAsync(sp => AsReviewer.MissedOpportunities(sp).ForSeriesAsync(seriesId, true, default));
        Assert.Equal(3, report!.Cases.Count);
        var alerts = report.Signals.Where(s => s.Kind == SignalKind.LinkageAlert).ToList();
        Assert.Equal(2, alerts.Count); // each alert once, though it names two members
        var first = report.NeverActedOn.First(s => s.Kind == SignalKind.LinkageAlert);
        Assert.Contains("never opened", first.Sentence, StringComparison.Ordinal);
        Assert.Contains(c.Reference, first.Sentence, StringComparison.Ordinal);
        var rejectedAlert = alerts.Single(s => s.Sentence.Contains("rejected", StringComparison.Ordinal));
        Assert.Contains("Drug deaths are common there", rejectedAlert.Sentence, StringComparison.Ordinal);
        Assert.Contains(a.Reference, rejectedAlert.Sentence, StringComparison.Ordinal);

        // The rebuilt earlier death knows the alert a later death raised about it.
        var asKnown = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Web.Features.Oversight.AsKnown.CaseHistory>().AtAsync(a.Id, DateTime.UtcNow, null, false, default));
        Assert.Single(asKnown!.Candidates);
    }

    [Fact]
    public async Task ADecisionTakenWithMandatoryActionsOpen_IsReported_WithWhatWasOpenAndShowing()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy, Enquiries.EnquiryClient.PortLike());
        using var asker = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
        using var signer = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
        var signed = await Enquiries.EnquiryClient.ClassifySignedAsync(asker, signer, created.Id, new Vigil.Web.Features.Enquiries.Decisions.ClassifyRequest(
            "unexpected-not-suspicious", "Overdose on the evidence so far", "Syringe at scene", "Coroner asks for an interim category"));
        signed.EnsureSuccessStatusCode();

        var report = await CaseReportAsync(created.Id);
        var decisions = report!.Signals.Where(s => s.Kind == SignalKind.Decision).ToList();
        Assert.NotEmpty(decisions);
        var signedOff = decisions.Last();
        Assert.Contains("mandatory actions", signedOff.Sentence, StringComparison.Ordinal);
        Assert.Contains("open", signedOff.Sentence, StringComparison.Ordinal);
        Assert.Contains(Vigil.Web.Features.Enquiries.RedFlags.NoteUnexamined.Title, signedOff.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(report.NeverActedOn, s => s.Kind == SignalKind.Decision);
    }

    /// <summary>walk51 finding 11: the chronology said "Decision: override-requested → unexpected-not-suspicious" and
    /// named the officer by login. It says the decision as the case page's log does, and the officer's name (ADR 3218).</summary>
    [Fact]
    public async Task ADecision_IsSaidInWords_AndByTheOfficersName()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy, Enquiries.EnquiryClient.PortLike());
        var ann = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var name = "Sgt Ann Example " + Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == ann.Id)).DisplayName = name;
            await db.SaveChangesAsync();
        });
        using var asker = app.ApiClient(ann);
        using var signer = app.ApiClient(await app.CreateUserAsync(Roles.Supervisor, ivy.Team));
        (await Enquiries.EnquiryClient.ClassifySignedAsync(asker, signer, created.Id, new Vigil.Web.Features.Enquiries.Decisions.ClassifyRequest(
            "unexpected-not-suspicious", "Overdose on the evidence so far", "Syringe at scene", "Coroner asks for an interim category"))).EnsureSuccessStatusCode();

        var asked = (await CaseReportAsync(created.Id))!.Signals.Where(s => s.Kind == SignalKind.Decision).First(s => s.Title.Contains("requested", StringComparison.Ordinal));
        Assert.Equal("Decision: override requested → Unexpected death – investigated, not suspicious", asked.Title);
        Assert.Contains($"override requested → Unexpected death – investigated, not suspicious by {name} ", asked.Sentence, StringComparison.Ordinal);
    }

    /// <summary>walk53 finding 13: the report read "1 minutes" and "Rule or threshold: rule note-handwriting", "red flag
    /// note-unexamined". A count agrees with its noun, and a rule is said by its title (its id kept in the title).</summary>
    [Fact]
    public async Task TheReport_SaysOneMinute_AndEachRuleByItsTitle()
    {
        var f = await FamilyKit.CaseAsync(app);
        var note = await app.CreateCaseAsync(f.Investigator, Enquiries.EnquiryClient.PortLike());
        // An action not yet due is in the report once acted on (ADR 3261): the handwriting examination is allocated.
        var handwritingAction = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == note.Id && a.Source == "note-handwriting").Select(a => a.Number).SingleAsync());
        await OversightKit.MoveAsync(app, f.Investigator, note.Id, handwritingAction, "allocate", f.Investigator.UserName);
        var identified = DateTime.UtcNow.AddMinutes(-10);
        await app.WithScopeAsync(async sp =>
        {
            var liaison = sp.GetRequiredService<Vigil.Web.Features.Family.LiaisonCommands>();
            await liaison.SaveFileAsync(f.Case.Id, identified, null, null, false, f.Flo.UserName, default);
            Assert.Null(await liaison.LogContactAsync(new FamilyContact
            {
                CaseId = f.Case.Id, FamilyMemberId = f.MemberId, At = identified.AddMinutes(1), Method = "visit", By = f.Flo.UserName, Summary = "Visited the sister.",
            }, null, default));
            return true;
        });
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));

        var contact = Forms.Parse(await web.GetStringAsync($"/cases/{f.Case.Id}/missed")).QuerySelectorAll("table.report tbody tr")
            .Single(r => r.TextContent.Contains("First contact with the family", StringComparison.Ordinal));
        Assert.Equal("1 minute", contact.QuerySelector("td[data-label=Delay]")!.TextContent.Trim());

        var rules = Forms.Parse(await web.GetStringAsync($"/cases/{note.Id}/missed")).QuerySelectorAll("td[data-label='Rule or threshold']").ToList();
        var handwriting = Assert.Single(rules, td => td.GetAttribute("title") == "rule note-handwriting");
        Assert.Equal("the enquiry rule “Handwriting and authorship examination of the note”", handwriting.TextContent);
        var flag = Assert.Single(rules, td => td.GetAttribute("title") == $"red flag {Vigil.Web.Features.Enquiries.RedFlags.NoteUnexamined.Id}");
        Assert.Equal($"red flag “{Vigil.Web.Features.Enquiries.RedFlags.NoteUnexamined.Title}”", flag.TextContent);
    }

    /// <summary>walk51: a case an hour old led its report with its 24h, 7d and 28d reviews as "never acted on", each
    /// "was due" a day to a month ahead, "it was not completed", "0 minutes and counting". A review not yet due is no
    /// signal yet; once past due and not done, it is one.</summary>
    [Fact]
    public async Task AReviewNotYetDue_IsNotAMissedSignal_UntilItsTimePasses()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        var report = (await CaseReportAsync(created.Id))!;
        Assert.DoesNotContain(report.Signals, s => s.Kind == SignalKind.Review && s.DueAt > report.AsOf);
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        Assert.DoesNotContain("review of " + created.Reference + " was due", await web.GetStringAsync($"/cases/{created.Id}/missed"), StringComparison.Ordinal);

        // Two days on, the 24h review is past its time and not done: a missed signal. The 7d and 28d are still ahead.
        var later = (await app.WithScopeAsync(sp => AsReviewer.MissedOpportunities(sp, new TwoDaysOn()).ForCaseAsync(created.Id, true, default)))!;
        var missed = Assert.Single(later.NeverActedOn, s => s.Kind == SignalKind.Review);
        Assert.Equal("Case review 24h", missed.Title);
        Assert.Contains("was due", missed.Sentence, StringComparison.Ordinal);
    }

    /// <summary>walk55 finding 5 (ADR 3261, amending ADR 3217): a death recorded a minute earlier led its report with
    /// "Signals never acted on 6", five of them actions due in 1–3 days. An action untouched before its due time is no
    /// missed signal; once its time passes it is, and one acted on early is shown with its response.</summary>
    [Fact]
    public async Task AnActionNotYetDue_IsNotAMissedSignal_UntilItsTimePasses()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await OversightKit.RaiseAsync(app, ivy, created.Id, "Trace the caller " + tag, mandatory: true, due: DateTime.UtcNow.AddDays(1));
        await OversightKit.RaiseAsync(app, ivy, created.Id, "Seize the phone " + tag, mandatory: true, due: DateTime.UtcNow.AddDays(1));
        await OversightKit.RaiseAsync(app, ivy, created.Id, "Find the finder " + tag, mandatory: true, due: DateTime.UtcNow.AddHours(-1));
        var phone = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == created.Id && a.Title == "Seize the phone " + tag).Select(a => a.Number).SingleAsync());
        await OversightKit.MoveAsync(app, ivy, created.Id, phone, "allocate", ivy.UserName);

        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/missed"));
        var never = page.QuerySelector("ol.never")?.TextContent ?? "";
        Assert.Contains("Find the finder " + tag, never, StringComparison.Ordinal);
        Assert.DoesNotContain("Trace the caller " + tag, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Seize the phone " + tag, never, StringComparison.Ordinal);
        Assert.Contains("Seize the phone " + tag, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Two days on, the untouched action is past its time: a missed signal.
        var later = (await app.WithScopeAsync(sp => AsReviewer.MissedOpportunities(sp, new TwoDaysOn()).ForCaseAsync(created.Id, true, default)))!;
        Assert.Contains(later.NeverActedOn, s => s.Title.Contains("Trace the caller " + tag, StringComparison.Ordinal));
    }

    /// <summary>ADR 3228 (round 53): a family never contacted inside the first-contact window is a signal of the report,
    /// by the rule of the family page and the sweep (ADR 3224), with what started the clock, the deadline and when (if
    /// ever) contact was made. The reviewer, who may not read family records, sees it (the deadline and the FLO's name,
    /// as on the case page), never the family member's name. A family whose first contact is not yet due is no signal.</summary>
    [Fact]
    public async Task AFamilyNeverContactedInTheWindow_IsAMissedSignal_WithWhatStartedTheClock_AndALateContactIsItsResponse()
    {
        var never = await Family.FamilyKit.CaseAsync(app);
        var late = await Family.FamilyKit.CaseAsync(app);
        var notYet = await Family.FamilyKit.CaseAsync(app);
        var now = DateTime.UtcNow;
        var (neverDeployed, lateDeployed) = (now.AddHours(-30), now.AddHours(-50));
        await app.WithDbAsync(async db =>
        {
            await db.FloDeployments.Where(d => d.CaseId == never.Case.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DeployedAt, neverDeployed));
            await db.FloDeployments.Where(d => d.CaseId == late.Case.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DeployedAt, lateDeployed));
        });
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<Vigil.Web.Features.Family.LiaisonCommands>().LogContactAsync(
            new FamilyContact { CaseId = late.Case.Id, At = now.AddHours(-20), Method = "visit", By = late.Flo.UserName, Summary = "first visit" }, null, default));
        var time = app.Services.GetRequiredService<Vigil.Web.Features.Shared.ForceTime>();

        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var page = Forms.Parse(await web.GetStringAsync($"/cases/{never.Case.Id}/missed"));
        var first = System.Text.RegularExpressions.Regex.Replace(page.QuerySelector("ol.never")?.TextContent ?? "", @"\s+", " ");
        Assert.Contains($"The family of {never.Case.Reference} was owed a first contact by {time.Show(neverDeployed.AddHours(24))}, 24 hours after DC Flo {never.Marker} "
            + $"was deployed as FLO ({time.Show(neverDeployed)}); none was made.", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Sarah " + never.Marker, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("first contact within 24 hours", page.QuerySelector("table.report")!.TextContent, StringComparison.Ordinal);

        var report = (await CaseReportAsync(late.Case.Id))!;
        var contact = Assert.Single(report.Signals, s => s.Kind == SignalKind.FirstContact);
        Assert.DoesNotContain(contact, report.NeverActedOn);
        Assert.Equal(lateDeployed.AddHours(24), contact.DueAt!.Value, TimeSpan.FromSeconds(1));
        Assert.True(contact.Late(report.AsOf));
        Assert.Contains($"it was made {time.Show(now.AddHours(-20))} by ", contact.Sentence, StringComparison.Ordinal);
        Assert.Contains("30 hours after the clock started, after the deadline.", contact.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain((await CaseReportAsync(notYet.Case.Id))!.Signals, s => s.Kind == SignalKind.FirstContact);
    }

    /// <summary>The reports set their title in a partial, whose ViewData is its own copy: the browser's tab, history and
    /// a screen reader's page name read "– Vigil" (walk51).</summary>
    [Fact]
    public async Task TheCaseAndSeriesReports_NameThemselvesInTheTitle()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        var seriesId = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<VigilDbContext>();
            var series = new LinkedSeries { Reference = "LS-T-" + Guid.NewGuid().ToString("N")[..6], CreatedAt = DateTime.UtcNow, CreatedBy = "analyst-x" };
            db.Add(series);
            db.Add(new LinkedSeriesMember { SeriesId = series.Id, CaseId = created.Id, AddedAt = DateTime.UtcNow, AddedBy = "analyst-x" });
            await db.SaveChangesAsync();
            return series.Id;
        });
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        foreach (var (path, report) in new[]
        {
            ($"/cases/{created.Id}/missed", await CaseReportAsync(created.Id)),
            ($"/series/{seriesId}/missed", await app.WithScopeAsync(sp => AsReviewer.MissedOpportunities(sp).ForSeriesAsync(seriesId, true, default))),
        })
        {
            var page = Forms.Parse(await web.GetStringAsync(path));
            Assert.Equal($"{report!.Title} – Vigil", page.Title);
        }
    }

    [Fact]
    public async Task AReaderWithoutLiaison_SeesNoFamilyQuestion()
    {
        var f = await Family.FamilyKit.CaseAsync(app);
        Assert.Null(await app.WithScopeAsync(async sp => await sp.GetRequiredService<Vigil.Web.Features.Family.LiaisonCommands>()
            .AddQuestionAsync(f.Case.Id, f.MemberId, "Why was the bottle not tested " + f.Marker, "DC Rowe", DateTime.UtcNow.AddDays(-1), "recorded", default)));
        using (var flo = await app.SignedInClientAsync(f.Flo))
            Assert.Contains("Why was the bottle not tested", await flo.GetStringAsync($"/cases/{f.Case.Id}/missed"), StringComparison.Ordinal);
        using var reviewer = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var page = await reviewer.GetStringAsync($"/cases/{f.Case.Id}/missed");
        Assert.DoesNotContain("Why was the bottle not tested", page, StringComparison.Ordinal);
        Assert.Contains("shown only to family liaison roles", page, StringComparison.Ordinal);
    }

    /// <summary>A finder in 62 deaths: the red flag "same person in another death" shows on the second death from the
    /// moment it recorded them, however the store returns the person's rows. Before round 35 the report dated a person
    /// from the first 60 deaths the store returned; with the first two returned last, the flag never showed here.</summary>
    [Fact]
    public async Task APersonInManyDeaths_RecursFromTheSecondDeathThatRecordedThem_WhateverOrderTheStoreKeeps()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var finder = Linkage.LinkageSamples.UniqueFinder();
        var first = await app.CreateCaseAsync(ivy, Linkage.LinkageSamples.Victim(finder, 0, "Recurs First"));
        var second = await app.CreateCaseAsync(ivy, Linkage.LinkageSamples.Victim(finder, 30, "Recurs Second"));
        var later = Enumerable.Range(0, 60).Select(i => Linkage.LinkageSamples.Victim(finder, 60 + 10 * i, $"Recurs Later {i}")).ToArray();
        var imported = await app.WithScopeAsync(sp => sp.GetRequiredService<Vigil.Web.Features.Import.ImportService>()
            .ImportAsync(Linkage.Outbox.LinkageOutboxTests.Lines(later), new Vigil.Web.Features.Import.ImportOptions(ivy.TeamId, "recurs-" + finder.Phone), null, default));
        Assert.Equal(60, imported.Created);
        // The first two deaths' rows of the finder moved to the end of the table, as updates and vacuums move rows
        // in PostgreSQL; the audit trail is untouched.
        await app.WithDbAsync(async db =>
        {
            var ids = string.Join(",", (await db.CasePeople.Where(p => p.CaseId == first.Id || p.CaseId == second.Id).Select(p => p.Id).ToListAsync())
                .Select(id => $"'{(app.Provider == "postgres" ? id.ToString() : id.ToString().ToUpperInvariant())}'"));
            await db.Database.OpenConnectionAsync(); // one session: the temporary table lives in it
            foreach (var sql in new[] { $"CREATE TEMP TABLE moved AS SELECT * FROM case_people WHERE \"Id\" IN ({ids})",
                $"DELETE FROM case_people WHERE \"Id\" IN ({ids})", "INSERT INTO case_people SELECT * FROM moved", "DROP TABLE moved" })
                await db.Database.ExecuteSqlRawAsync(sql);
            await db.Database.CloseConnectionAsync();
        });

        var recordedAt = await app.WithScopeAsync(sp => sp.GetRequiredService<VigilDbContext>().AuditEntries
            .Where(e => e.CaseId == second.Id && e.EntityType == "DeathCase" && e.Action == "create").Select(e => e.At).SingleAsync());
        var report = await CaseReportAsync(second.Id);
        var flag = Assert.Single(report!.Signals, s => s.Rule == $"red flag {Vigil.Web.Features.Enquiries.RedFlags.RecurringPerson.Id}");
        Assert.Equal(recordedAt, flag.RaisedAt);
    }

    private static Vigil.Records.DeathRecord Unalike(int i, string cause)
    {
        var tag = Guid.NewGuid().ToString("N");
        var (lat, lon, area) = Linkage.LinkageSamples.PlaceOf(tag);
        return Samples.Record(name: $"Unalike {tag[..6]}", foundAt: new DateTimeOffset(2012 + 2 * i, 1 + 4 * i, 10, 9, 0, 0, TimeSpan.Zero), area: area) with
        {
            Location = new Vigil.Records.RecordLocation { Lat = lat, Lon = lon, Setting = i == 2 ? "home-own" : "street", Area = area, Description = "unalike" },
            Deceased = new Vigil.Records.RecordDeceased { Name = $"Unalike {tag[..6]}", Sex = i == 1 ? "female" : "male", Age = 20 + 30 * i },
            Toxicology = i == 0 ? [new Vigil.Records.RecordToxicology { Substance = "GHB", ConcentrationMgL = 300 }] : [],
            CauseOfDeath = cause, SceneFeatures = [], Exhibits = [], People = [],
        };
    }

    private static async Task<LinkCandidate> CandidateAsync(VigilDbContext db, Guid newer, Guid earlier)
    {
        if (await db.Set<LinkCandidate>().FirstOrDefaultAsync(x => x.NewerCaseId == newer && x.EarlierCaseId == earlier) is { } existing) return existing;
        var created = new LinkCandidate { NewerCaseId = newer, EarlierCaseId = earlier };
        db.Add(created);
        return created;
    }

    private sealed class TwoDaysOn : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddDays(2);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MissedReportTests_Sqlite(SqliteApp app) : MissedReportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MissedReportTests_Postgres(PostgresApp app) : MissedReportTests(app);
