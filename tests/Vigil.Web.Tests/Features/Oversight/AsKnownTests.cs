using System.Globalization;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Data.Cases;
using Vigil.Data.Family;
using Vigil.Data.Identity;
using Vigil.Records;
using Vigil.Web.Features.Family;
using Vigil.Web.Features.Linkage.Outbox;
using Vigil.Web.Features.Oversight.AsKnown;
using Vigil.Web.Tests.Features.Enquiries;
using Vigil.Web.Tests.Features.Family;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Oversight;

/// <summary>A case rebuilt from the audit trail alone equals what was stored, now and at every earlier moment; the
/// page shows it marked with the moment, the changes and who made them, and never family data to a role that may
/// not read the family file.</summary>
public abstract class AsKnownTests(VigilAppFactory app)
{
    [Fact]
    public async Task RebuiltNow_EqualsTheStoredCase_AfterEditsActionsCustodyAndFamily()
    {
        var f = await FamilyKit.CaseAsync(app);
        var id = f.Case.Id;
        await OversightKit.EditAsync(app, f.Investigator, id, r => r with
        {
            Narrative = "Second account from the finder.", Manner = "suicide",
            People = [.. r.People!, new RecordPerson { Role = "present-at-death", Name = "Callum Reyes" }],
            Exhibits = [.. r.Exhibits!, new RecordExhibit { Type = "syringe", Description = "syringe by the wall", Tested = false }],
        });
        await OversightKit.RaiseAsync(app, f.Investigator, id, "Trace the caller", mandatory: true);
        await OversightKit.MoveAsync(app, f.Investigator, id, 1, "allocate", f.Investigator.UserName);
        await app.WithScopeAsync(async sp =>
        {
            var liaison = sp.GetRequiredService<LiaisonCommands>();
            await liaison.AddQuestionAsync(id, f.MemberId, "Who found him?", "DC Rowe", DateTime.UtcNow.AddDays(3), "recorded", default);
            await liaison.RecordDisclosureAsync(id, withheld: true, "The name of the caller", "Suspect not yet interviewed", "DC Rowe", default);
            return true;
        });
        await OversightKit.EditAsync(app, f.Investigator, id, r => r with { People = r.People!.Where(p => p.Role != "present-at-death").ToList() });
        var differences = await OversightKit.CompareNowAsync(app, id);
        Assert.True(differences.Count == 0, OversightKit.Show(differences));
    }

    [Fact]
    public async Task ComparedWhileAnotherOfficerKeepsEditing_ShowsNoDifference()
    {
        // Round 32's one failure: the rows were read, the linkage worker wrote to the case, and the rebuild of "now"
        // included its write. Each edit here waits for one comparison begun after it started to finish, so comparisons
        // and commits interleave however slow the host is. Pacing on the clock (150 ms an edit) let a loaded 2-core CI
        // run only 7 comparisons beside 8 edits, and the test failed without anything being wrong.
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var id = (await app.CreateCaseAsync(ivy)).Id;
        const int edits = 8;
        var compared = 0;
        // Only a bound for a hang (the edits wait on comparisons that always run): 2 min was within reach of 8 edits and
        // 16 rebuilds of the case's history on a loaded 2-core machine.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var editing = Task.Run(async () =>
        {
            for (var n = 1; n <= edits; n++)
            {
                var before = Volatile.Read(ref compared);
                await OversightKit.EditAsync(app, ivy, id, r => r with { Narrative = $"Account number {n}" });
                while (Volatile.Read(ref compared) < before + 2) await Task.Delay(5, stop.Token);
            }
        }, stop.Token);
        var found = new List<string>();
        try
        {
            while (!editing.IsCompleted)
            {
                var differences = await OversightKit.CompareNowAsync(app, id);
                Interlocked.Increment(ref compared);
                if (differences.Count > 0) found.Add(OversightKit.Show(differences));
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
        await editing;
        Assert.True(compared >= 2 * edits, $"only {compared} comparisons ran beside {edits} edits");
        Assert.True(found.Count == 0, $"{found.Count} of {compared} comparisons differed; first:\n{found.FirstOrDefault()}");
    }

    [Property(MaxTest = 4)]
    public Property RandomEditSequences_RebuiltAtEachMoment_EqualTheStateStoredThen(PositiveInt[] script) =>
        RandomEditsAsync(script.Select(p => p.Get).Take(7).ToArray()).GetAwaiter().GetResult().ToProperty();

    private async Task<bool> RandomEditsAsync(int[] script)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        string[] officers = [ivy.UserName, (await app.CreateUserAsync(Roles.Investigator, ivy.Team)).UserName, (await app.CreateUserAsync(Roles.Supervisor, ivy.Team)).UserName];
        var created = await app.CreateCaseAsync(ivy);
        var id = created.Id;
        var random = new Random(script.Sum());
        var taken = new List<(long Sequence, Dictionary<(string, string), System.Text.Json.Nodes.JsonObject> Stored)>();
        // The sequence and the rows are two reads: the worker, which compares an edit after its answer (ADR 2491), must
        // not commit between them, so each moment is taken once it has caught up.
        var worker = app.Services.GetRequiredService<LinkageWorker>();
        async Task TakeAsync()
        {
            await worker.CaughtUpAsync(null, default);
            taken.Add((await OversightKit.LastSequenceAsync(app), await app.WithScopeAsync(sp => sp.GetRequiredService<StoredRows>().LoadAsync(id, default))));
        }
        await TakeAsync();
        var actions = 0;
        foreach (var step in script)
        {
            switch (step % 5)
            {
                case 0:
                    await OversightKit.EditAsync(app, ivy, id, r => r with { Narrative = $"Account {random.Next()}", Manner = new[] { "pending", "suicide", "accident" }[random.Next(3)] });
                    break;
                case 1:
                    await OversightKit.EditAsync(app, ivy, id, r => r with { People = [.. r.People!, new RecordPerson { Role = "witness", Name = $"Witness {random.Next(1000)}" }] });
                    break;
                case 2:
                    await OversightKit.EditAsync(app, ivy, id, r => r with { People = r.People!.Skip(1).ToList(), SceneFeatures = random.Next(2) == 0 ? ["note-found"] : ["body-moved"] });
                    break;
                case 3:
                    await OversightKit.RaiseAsync(app, ivy, id, $"Action {random.Next(100)}", random.Next(2) == 0);
                    actions++;
                    break;
                default:
                    if (actions == 0) continue;
                    await OversightKit.MoveAsync(app, ivy, id, random.Next(1, actions + 1), "allocate", officers[random.Next(officers.Length)]);
                    break;
            }
            await TakeAsync();
        }
        foreach (var (sequence, stored) in taken)
        {
            var rebuilt = await app.WithScopeAsync(sp => sp.GetRequiredService<StoredRows>().RebuiltAsync(id, sequence, default));
            var differences = StoredRows.Differences(stored, rebuilt);
            Assert.True(differences.Count == 0, $"after entry #{sequence}:\n{OversightKit.Show(differences)}");
        }
        return true;
    }

    [Fact]
    public async Task ThePage_ShowsTheEarlierState_MarkedWithTheMoment_AndTheDifferenceWithWhoChangedIt()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy, Samples.Record() with { Narrative = "First account: found at dawn." });
        var before = await OversightKit.LastSequenceAsync(app);
        await OversightKit.EditAsync(app, ivy, created.Id, r => r with { Narrative = "Second account: found at midnight." });
        var after = await OversightKit.LastSequenceAsync(app);
        using var web = await app.SignedInClientAsync(ivy);
        var then = await web.GetStringAsync($"/cases/{created.Id}/as-known?seq={before}");
        Assert.Contains("As known on", then, StringComparison.Ordinal);
        Assert.Contains("First account: found at dawn.", then, StringComparison.Ordinal);
        Assert.DoesNotContain("Second account", then, StringComparison.Ordinal);
        var diff = await web.GetStringAsync($"/cases/{created.Id}/as-known/diff?from={before}&to={after}");
        Assert.Contains("Second account: found at midnight.", diff, StringComparison.Ordinal);
        Assert.Contains(ivy.UserName, diff, StringComparison.Ordinal);
        var slider = await web.GetStringAsync($"/cases/{created.Id}/as-known?moment=0");
        Assert.Contains("First account", slider, StringComparison.Ordinal);
    }

    /// <summary>ADR 3225: the moments, who had looked and what changed showed a login ("ivy (API)"). They say who as the
    /// audit history does: the officer's name beside the login, an API token by its name, the recorded actor in the title.</summary>
    [Fact]
    public async Task TheMomentsTheViewersAndWhatChanged_SayWhoAsTheAuditHistoryDoes()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var name = await app.NameAsync(ivy, "DC Ivy Moments");
        var created = await app.CreateCaseAsync(ivy, Samples.Record() with { Narrative = "First account." });
        var before = await OversightKit.LastSequenceAsync(app);
        await OversightKit.EditAsync(app, ivy, created.Id, r => r with { Narrative = "Second account." });
        using var web = await app.SignedInClientAsync(ivy);
        (await web.GetAsync($"/cases/{created.Id}")).EnsureSuccessStatusCode();
        var byToken = $"API token 'test' of {name} ({ivy.UserName})";

        var page = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known"));
        Assert.All(page.QuerySelectorAll(".moment-list li span.muted").Where(m => m.GetAttribute("title")!.StartsWith("token:", StringComparison.Ordinal)),
            m => Assert.Equal("by " + byToken, m.TextContent.Trim()));
        Assert.Contains(page.QuerySelectorAll(".moment-list li span.muted"), m => m.TextContent.Trim() == "by " + byToken);
        Assert.Contains(page.QuerySelectorAll("#viewed-h ~ table td[title]"), td => td.GetAttribute("title") == $"user:{ivy.Id}:{ivy.UserName}" && td.TextContent.Trim() == $"{name} ({ivy.UserName})");
        var diff = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known/diff?from={before}&to={await OversightKit.LastSequenceAsync(app)}"));
        Assert.Contains(diff.QuerySelectorAll("table.diff td[title]"), td => td.TextContent.StartsWith(byToken + ",", StringComparison.Ordinal));
    }

    /// <summary>walk53 findings 8 and 9: "what changed" read "added CaseDecision — At: 2026-12-06T12:10:28Z; BlockedBy: …;
    /// DecidedBy: investigator; Kind: override-requested", and the decisions as known "(investigator, investigator)". The
    /// record, its fields and values are said in words, the time in the force's time, the officer by name.</summary>
    [Fact]
    public async Task WhatChangedAndTheDecisionsThen_SayAnOverrideRequestInWords_InForceTime_ByName()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var name = await app.NameAsync(ivy, "DC Ivy Asks");
        var created = await app.CreateCaseAsync(ivy, EnquiryClient.PortLike());
        var before = await OversightKit.LastSequenceAsync(app);
        using (var api = app.ApiClient(ivy))
            Assert.Equal(HttpStatusCode.Accepted, (await EnquiryClient.ClassifyAsync(api, created.Id, "unexpected-not-suspicious", "Coroner's hearing tomorrow")).StatusCode);
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));

        var diff = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known/diff?from={before}&to={await OversightKit.LastSequenceAsync(app)}"));
        var row = Assert.Single(diff.QuerySelectorAll("table.diff tbody tr"), r => r.QuerySelector("td[title='CaseDecision']") is not null);
        Assert.Equal("A decision", row.QuerySelector("td[title='CaseDecision']")!.TextContent);
        var added = row.QuerySelector("td.after")!.TextContent;
        Assert.StartsWith($"Override requested → {CaseClassification.Describe("unexpected-not-suspicious")}; ", added, StringComparison.Ordinal);
        Assert.Contains($"Decided by: {name};", added, StringComparison.Ordinal);
        Assert.Matches(@"At: \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} (GMT|BST)", added);
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}T|DecidedBy|BlockedBy|override-requested", added);

        var then = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known"));
        var decision = Assert.Single(then.QuerySelectorAll("#decisions-h ~ ol.timeline li")).TextContent;
        Assert.Contains($"({name}, investigator)", decision, StringComparison.Ordinal);
    }

    /// <summary>Round 54 left "what changed" listing the derived search keys ("Deceased name search: zielinski marek",
    /// "Match key: …") and a notification's "Href" beside the facts they derive from (ADR 3251): a reviewer reads the name,
    /// the person and the notice, and the trail keeps the rest.</summary>
    [Fact]
    public async Task WhatChanged_LeavesOutTheDerivedSearchKeys_AndWhereANoticeLinks()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        await app.CreateUserAsync(Roles.Supervisor, ivy.Team); // told of the override asked for: a notification of the case
        var created = await app.CreateCaseAsync(ivy, EnquiryClient.PortLike(lastSeenWith: "Rowan Quillfeather"));
        var before = await OversightKit.LastSequenceAsync(app);
        await OversightKit.EditAsync(app, ivy, created.Id, r => r with { Deceased = r.Deceased! with { Name = "Marek Zielinski" } });
        using (var api = app.ApiClient(ivy))
            Assert.Equal(HttpStatusCode.Accepted, (await EnquiryClient.ClassifyAsync(api, created.Id, "unexpected-not-suspicious", "Coroner's hearing tomorrow")).StatusCode);
        var last = await OversightKit.LastSequenceAsync(app);
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));

        // The rename and the notice: the name changed, not its search form; the notice, not where it links.
        var changed = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known/diff?from={before}&to={last}"));
        var table = changed.QuerySelector("table.diff")!.TextContent;
        Assert.Contains("Marek Zielinski", table, StringComparison.Ordinal);
        Assert.NotEmpty(changed.QuerySelectorAll("td[title='Notification']"));
        Assert.Empty(changed.QuerySelectorAll("td[title='Deceased.NameSearch']"));
        foreach (var derived in new[] { "name search", "marek zielinski", "Href", $"/cases/{created.Id}" })
            Assert.DoesNotContain(derived, table, StringComparison.Ordinal);

        // The case as created: the person recorded, not their match key.
        var added = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known/diff?from=0&to={before}"));
        var person = Assert.Single(added.QuerySelectorAll("table.diff tbody tr"), r => r.QuerySelector("td[title='Person']") is not null
            && r.TextContent.Contains("Rowan Quillfeather", StringComparison.Ordinal)).TextContent;
        Assert.DoesNotContain("Match key", person, StringComparison.Ordinal);
        Assert.DoesNotContain("rowan quillfeather", person, StringComparison.Ordinal);
        Assert.DoesNotContain("ame search", added.QuerySelector("table.diff")!.TextContent, StringComparison.Ordinal);

        // walk55: the case's category by its name, and an action by its title first (it came seventh, cut off).
        var record = Assert.Single(added.QuerySelectorAll("table.diff tbody tr"), r => r.QuerySelector("td[title='DeathCase']") is not null).TextContent;
        Assert.Contains($"Classification: {CaseClassification.Describe(CaseClassification.UnderInvestigation)}", record, StringComparison.Ordinal);
        Assert.All(added.QuerySelectorAll("table.diff tbody tr").Where(r => r.QuerySelector("td[title='CaseAction']") is not null),
            r => Assert.StartsWith("Title: ", r.QuerySelector("td.after")!.TextContent, StringComparison.Ordinal));
    }

    /// <summary>walk55 findings 9 and 14 (ADR 3263): an alert added read "Explanation: {"probability":0.99998…" (the
    /// engine's JSON) and "Probability: 0.9999847…"; an action's changed trigger key was shown as stored.</summary>
    [Fact]
    public async Task WhatChanged_SaysAnAlertsProbabilityAsAPercent_WithoutItsJson_AndNoTriggerKey()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var earlier = await app.CreateCaseAsync(ivy);
        var created = await app.CreateCaseAsync(ivy, EnquiryClient.PortLike());
        var before = await OversightKit.LastSequenceAsync(app);
        await app.WithDbAsync(async db =>
        {
            // Should the linkage worker have scored the pair already, its alert is the one changed.
            var alert = await db.Set<Vigil.Data.Linkage.LinkCandidate>().FirstOrDefaultAsync(x => x.NewerCaseId == created.Id && x.EarlierCaseId == earlier.Id);
            if (alert is null) db.Add(alert = new Vigil.Data.Linkage.LinkCandidate { NewerCaseId = created.Id, EarlierCaseId = earlier.Id, Summary = "same finder", RaisedAt = DateTime.UtcNow });
            (alert.Probability, alert.Explanation) = (0.9999847, "{\"probability\":0.9999847,\"weight\":38.62}");
            var action = await db.CaseActions.Where(a => a.CaseId == created.Id && a.TriggerKey != null).OrderBy(a => a.Number).FirstAsync();
            action.TriggerKey += "-moved";
            action.Title += " (again)";
            await db.SaveChangesAsync();
        });
        var last = await OversightKit.LastSequenceAsync(app);
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        var table = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known/diff?from={before}&to={last}")).QuerySelector("table.diff")!.TextContent;
        Assert.Contains("100.0 %", table, StringComparison.Ordinal);
        Assert.Contains("(again)", table, StringComparison.Ordinal);
        // walk55 finding 10: a "to" beyond the trail was repeated in the heading; it names the last entry shown.
        var h1 = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known/diff?from={before}&to=999999999")).QuerySelector("h1")!.TextContent;
        var shown = long.Parse(h1[(h1.LastIndexOf('#') + 1)..], CultureInfo.InvariantCulture);
        Assert.InRange(shown, last, await OversightKit.LastSequenceAsync(app));
        foreach (var stored in new[] { "Explanation", "\"probability\"", "0.9999847", "Trigger key", "-moved" })
            Assert.DoesNotContain(stored, table, StringComparison.Ordinal);
    }

    /// <summary>walk57: from the start, "what changed" said a rule-raised action was "added" by the supervisor who later
    /// allocated it (the last to touch it), and began "From not recorded". An added row is said with who added it, and a
    /// start before the case's first entry says so (ADR 3276).</summary>
    [Fact]
    public async Task WhatChanged_SaysWhoAddedARow_NotWhoLastTouchedIt_AndAStartBeforeTheCase()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var (raiser, allocator) = (await app.NameAsync(ivy, "DC Ivy Records"), await app.NameAsync(sam, "DS Sam Allocates"));
        var before = await OversightKit.LastSequenceAsync(app);
        var created = await app.CreateCaseAsync(ivy, EnquiryClient.PortLike());
        using (var api = app.ApiClient(sam))
        {
            var first = (await EnquiryClient.ActionsAsync(api, created.Id))[0];
            (await EnquiryClient.MoveAsync(api, created.Id, first.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
        }
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));

        var diff = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known/diff?from={before}&to={await OversightKit.LastSequenceAsync(app)}"));
        var actions = diff.QuerySelectorAll("table.diff tbody tr").Where(r => r.QuerySelector("td[title='CaseAction']") is not null).ToList();
        Assert.NotEmpty(actions);
        Assert.All(actions, r => Assert.Equal("added", r.QuerySelector("td")!.TextContent));
        Assert.All(actions, r => Assert.Contains(raiser, r.QuerySelectorAll("td").Last().TextContent, StringComparison.Ordinal));
        Assert.All(actions, r => Assert.DoesNotContain(allocator, r.TextContent, StringComparison.Ordinal));
        var from = System.Text.RegularExpressions.Regex.Replace(diff.QuerySelector("h1 + p")!.TextContent, @"\s+", " ").Trim();
        Assert.StartsWith("From before the case was recorded to ", from, StringComparison.Ordinal);
    }

    /// <summary>"What changed" starts from the change before the one shown and ends at the one shown (round 29
    /// walk-through: for a reviewer, whose moments leave out the family file, a case whose newest entry was a family one
    /// had no "to" selected, so the browser took the first change and the default compared backwards).</summary>
    [Fact]
    public async Task WhatChanged_DefaultsFromThePreviousChange_ToTheOneShown()
    {
        var f = await FamilyKit.CaseAsync(app);
        await OversightKit.EditAsync(app, f.Investigator, f.Case.Id, r => r with { Narrative = "Second account." });
        await OversightKit.EditAsync(app, f.Investigator, f.Case.Id, r => r with { Narrative = "Third account." });
        await FamilyKit.InviteAsync(app, f); // the newest entry is the family file's, which a reviewer's moments leave out
        using var web = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Reviewer));
        foreach (var url in new[] { $"/cases/{f.Case.Id}/as-known", $"/cases/{f.Case.Id}/as-known?moment=1" })
        {
            var page = Forms.Parse(await web.GetStringAsync(url));
            var moments = page.QuerySelectorAll("#to option").Select(o => o.GetAttribute("value")).ToList();
            var shown = url.EndsWith("moment=1", StringComparison.Ordinal) ? 1 : moments.Count - 1;
            Assert.Equal(moments[shown], page.QuerySelector("#to option[selected]")?.GetAttribute("value"));
            Assert.Equal(moments[shown - 1], page.QuerySelector("#from option[selected]")?.GetAttribute("value"));
            Assert.Equal($"?seq={moments[shown]}", page.QuerySelector(".moment-list a[aria-current=true]")?.GetAttribute("href"));
        }
    }

    /// <summary>The page's h1 is its first heading in reading order, whether or not the case was recorded by the moment
    /// asked for (round 29 walk-through: heading navigation started at the "Moments" h2, above the h1).</summary>
    [Fact]
    public async Task ThePagesFirstHeading_IsItsH1_BeforeTheMoments()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy);
        using var web = await app.SignedInClientAsync(ivy);
        foreach (var url in new[] { $"/cases/{created.Id}/as-known", $"/cases/{created.Id}/as-known?at=2000-01-01T12:00" })
        {
            var page = Forms.Parse(await web.GetStringAsync(url));
            var headings = page.QuerySelector("main")!.QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => h.LocalName).ToList();
            Assert.Equal("h1", headings.FirstOrDefault());
            Assert.Single(headings, h => h == "h1");
            Assert.Contains("h2", headings); // the moments
        }
    }

    /// <summary>The case as known says the record's codes in words, as the case page does (ADR 0651; round 29
    /// walk-through: "sitting-propped", "body-moved, clothing-anomaly", "pending" and the roles were shown raw).</summary>
    [Fact]
    public async Task ThePage_SaysTheRecordsCodesInWords_AsTheCasePageDoes()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(ivy, Samples.Record() with
        {
            People = [new Vigil.Records.RecordPerson { Role = "last-seen-with", Name = "Tobin " + Guid.NewGuid().ToString("N")[..6] }],
        });
        using var web = await app.SignedInClientAsync(ivy);
        var death = Forms.Parse(await web.GetStringAsync($"/cases/{created.Id}/as-known"));
        var facts = death.QuerySelector("#facts-h")!.ParentElement!.TextContent;
        foreach (var words in new[] { "sitting, propped up", "body moved, clothing out of place", "pending (not yet decided)" })
            Assert.Contains(words, facts, StringComparison.Ordinal);
        foreach (var code in new[] { "sitting-propped", "clothing-anomaly", "body-moved" })
            Assert.DoesNotContain(code, facts, StringComparison.Ordinal);
        Assert.Equal("Last seen with", death.QuerySelector("#people-h")!.ParentElement!.QuerySelector("tbody td")!.TextContent);
        Assert.Equal("Bottle", death.QuerySelector("#exhibits-h")!.ParentElement!.QuerySelectorAll("tbody td")[1].TextContent);
    }

    [Fact]
    public async Task FamilyData_IsShownToLiaisonRoles_AndNeverToAnalystsOrReviewers()
    {
        var f = await FamilyKit.CaseAsync(app);
        using (var flo = await app.SignedInClientAsync(f.Flo))
            Assert.Contains("Sarah " + f.Marker, await flo.GetStringAsync($"/cases/{f.Case.Id}/as-known"), StringComparison.Ordinal);
        foreach (var role in new[] { Roles.Analyst, Roles.Reviewer })
        {
            using var web = await app.SignedInClientAsync(await app.CreateUserAsync(role));
            var page = await web.GetStringAsync($"/cases/{f.Case.Id}/as-known");
            Assert.DoesNotContain(f.Marker[1..], page.Replace("Anthony " + f.Marker, "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("not shown to your role", page, StringComparison.Ordinal);
            var diff = await web.GetStringAsync($"/cases/{f.Case.Id}/as-known/diff?from=1&to={await OversightKit.LastSequenceAsync(app)}");
            Assert.DoesNotContain("Sarah " + f.Marker, diff, StringComparison.Ordinal);
            Assert.DoesNotContain("DC Flo", diff, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnotherTeamsInvestigator_GetsNotFound()
    {
        var owner = await app.CreateUserAsync(Roles.Investigator);
        var created = await app.CreateCaseAsync(owner);
        using var outsider = await app.SignedInClientAsync(await app.CreateUserAsync(Roles.Investigator));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/cases/{created.Id}/as-known")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/cases/{created.Id}/as-known/diff?from=1&to=2")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AsKnownTests_Sqlite(SqliteApp app) : AsKnownTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AsKnownTests_Postgres(PostgresApp app) : AsKnownTests(app);
