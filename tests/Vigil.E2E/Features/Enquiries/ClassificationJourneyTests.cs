using Microsoft.Playwright;
using Vigil.E2E.Infrastructure;

namespace Vigil.E2E.Features.Enquiries;

/// <summary>The Port failure, replayed: a note, a syringe and a man last seen with the deceased; the death cannot be
/// written off as not suspicious until a supervisor signs an override, and the log and timeline show who did it.</summary>
[Collection(E2ECollection.Name)]
public sealed class ClassificationJourneyTests(E2EFixture app)
{
    [Fact]
    public async Task Investigator_IsRefusedNotSuspicious_SupervisorOverrides_LogAndTimelineShowIt()
    {
        var page = await app.SignInAsync("investigator");
        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        var surname = "Albright" + Guid.NewGuid().ToString("N")[..5];
        await page.GetByLabel("Deceased's name").FillAsync($"Anthony {surname}");
        await page.GetByLabel("Sex", new() { Exact = true }).SelectOptionAsync("male");
        await page.GetByLabel("Age", new() { Exact = true }).FillAsync("23");
        await page.GetByLabel("Found at", new() { Exact = false }).First.FillAsync("2014-08-13T07:10");
        await page.GetByLabel("Latitude", new() { Exact = true }).FillAsync("51.5390");
        await page.GetByLabel("Longitude", new() { Exact = true }).FillAsync("0.0810");
        await page.GetByLabel("Setting", new() { Exact = true }).SelectOptionAsync("residential-exterior");
        await page.GetByLabel("Area", new() { Exact = true }).FillAsync("Barking and Dagenham");
        await page.GetByLabel("Note found").CheckAsync();
        await page.GetByLabel("Person 1: role").SelectOptionAsync("last-seen-with");
        await page.Locator("#person-name-0").FillAsync("Rowan Vale");
        await page.GetByLabel("Exhibit 1: type").SelectOptionAsync("syringe");
        await page.Locator("#exhibit-desc-0").FillAsync("used syringe beside the body");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add exhibit" }).ClickAsync();
        await page.GetByLabel("Exhibit 2: type").SelectOptionAsync("note");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(surname);
        var caseUrl = page.Url;

        var actions = page.Locator("table.actions");
        await Assertions.Expect(actions).ToContainTextAsync("Handwriting and authorship examination of the note");
        await Assertions.Expect(actions).ToContainTextAsync("Forensic submission of exhibit");
        await Assertions.Expect(actions).ToContainTextAsync("Trace, interview, eliminate (TIE): last seen with Rowan Vale");

        var decision = page.GetByLabel("Decision", new() { Exact = true });
        await decision.SelectOptionAsync("unexpected-not-suspicious");
        // The chosen decision is read whole: in a 14rem grid cell (225 px) it was cut to "Classify: Unexpected de…" (walk51).
        var shown = await decision.EvaluateAsync<double[]>("s => { const c = document.createElement('canvas').getContext('2d'); c.font = getComputedStyle(s).font; return [c.measureText(s.options[s.selectedIndex].text).width, s.clientWidth]; }");
        Assert.True(shown[0] + 40 <= shown[1], $"the decision's words are {shown[0]:F0} px in a list {shown[1]:F0} px wide");
        await page.GetByLabel("Rationale").FillAsync("Looks like an accidental overdose.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        var refusal = page.Locator("#decisions .error-summary");
        await Assertions.Expect(refusal).ToContainTextAsync("is refused");
        await Assertions.Expect(refusal).ToContainTextAsync("mandatory actions still open");
        await Assertions.Expect(refusal).ToContainTextAsync("post-mortem result is not recorded");
        await Assertions.Expect(page.GetByLabel("Rationale")).ToHaveValueAsync("Looks like an accidental overdose.");
        await Assertions.Expect(page.GetByLabel("Decision", new() { Exact = true })).ToHaveValueAsync("unexpected-not-suspicious");
        await Assertions.Expect(page.Locator(".badge").First).ToContainTextAsync("under investigation");
        await E2EFixture.ScreenshotAsync(page, "enquiries-refused");
        await E2EFixture.SectionScreenshotsAsync(page, "#decisions", "friction/decision-refused");

        // The override is asked for by the investigator and signed by a supervisor: never one officer's say-so (ADR 0505).
        await page.GetByLabel("Decision", new() { Exact = true }).SelectOptionAsync("unexpected-not-suspicious");
        await page.GetByLabel("Rationale").FillAsync("Interim category for the coroner.");
        await page.GetByLabel("Override reason", new() { Exact = false }).FillAsync("Coroner's interim hearing tomorrow");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Assertions.Expect(page.Locator("#decisions")).ToContainTextAsync("Override asked for");

        var supervisor = await app.SignInAsync("supervisor");
        // Her landing tile of overdue actions says how many are mandatory, and opens them (ADR 3291).
        var mandatory = supervisor.Locator("ul.dashboard a.mandatory");
        await Assertions.Expect(mandatory).ToContainTextAsync("of them mandatory");
        await mandatory.ClickAsync();
        await Assertions.Expect(supervisor.Locator("h1")).ToContainTextAsync("Overdue mandatory actions");
        await supervisor.GotoAsync(caseUrl);
        await supervisor.GetByLabel("Your reason (signing or declining)").FillAsync("Coroner's interim hearing tomorrow; all enquiries continue");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Sign override" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("#decisions")).ToContainTextAsync("Override signed and applied");

        var log = supervisor.Locator("table.decisions");
        await Assertions.Expect(log.Locator("tr", new() { HasText = "Override signed" })).ToContainTextAsync("Coroner's interim hearing tomorrow");
        await Assertions.Expect(log.Locator("tr", new() { HasText = "Override signed" })).ToContainTextAsync("supervisor");
        await Assertions.Expect(supervisor.Locator("#gate")).ToContainTextAsync("under an override signed by");
        await Assertions.Expect(log).ToContainTextAsync("mandatory actions still open");
        await Assertions.Expect(supervisor.Locator("ol.timeline")).ToContainTextAsync("override signed");
        await Assertions.Expect(supervisor.Locator("ol.timeline")).ToContainTextAsync("A1 raised");
        await E2EFixture.ScreenshotAsync(supervisor, "enquiries-overridden");
        await E2EFixture.SectionScreenshotsAsync(supervisor, "#decisions", "friction/decision-overridden");
        await E2EFixture.SectionScreenshotsAsync(supervisor, "#actions", "friction/actions-steps");

        // Her inbox says the override she was asked to sign is done, and by whom; it is not left "unread" (ADR 3301).
        await supervisor.GotoAsync(new Uri(new Uri(caseUrl), "/notifications").ToString());
        var notice = supervisor.Locator(".notifications li", new() { HasText = "Interim category for the coroner." });
        await Assertions.Expect(notice).ToHaveClassAsync("done");
        await Assertions.Expect(notice).ToContainTextAsync("Done: Signed by DS Owen Pryce");
        await E2EFixture.ScreenshotAsync(supervisor, "notifications-override-done");
        await supervisor.GotoAsync(caseUrl);

        // Several actions allocated at once, to an officer picked from the case's team, never a typed name (issue 9.3).
        await supervisor.Locator("#actions summary", new() { HasText = "Allocate several actions" }).ClickAsync();
        var many = supervisor.Locator("form.allocate-many");
        await many.Locator("input[name=Pick]").Nth(0).CheckAsync();
        await many.Locator("input[name=Pick]").Nth(1).CheckAsync();
        await many.GetByLabel("Officer", new() { Exact = true }).SelectOptionAsync("investigator");
        await many.GetByRole(AriaRole.Button, new() { Name = "Allocate the ticked actions" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("#actions [data-flash]")).ToContainTextAsync("2 actions allocated to DC Amira Haddad");
        // Allocated, an action's form starts on its next step: a result typed and sent is not taken for a re-allocation (ADR 3312).
        await Assertions.Expect(supervisor.Locator("#move-to-1")).ToHaveValueAsync("submit-result");
        // The officer column (6th) names the officer by full name; the move forms' pickers list every officer in each row.
        await Assertions.Expect(supervisor.Locator("table.actions tbody tr > td:nth-child(6)", new() { HasText = "DC Amira Haddad" })).ToHaveCountAsync(2);
        await E2EFixture.SectionScreenshotsAsync(supervisor, "#actions", "friction/actions-allocated");

        // The investigator who reported the death leads it; the supervisor names another officer in charge from the
        // case's officers, never a typed name (ADR 1401), and the case list shows who it is.
        await Assertions.Expect(supervisor.Locator("#oic-name")).ToHaveTextAsync("DC Amira Haddad");
        await supervisor.Locator("#officer-in-charge summary", new() { HasText = "Change the officer in charge" }).ClickAsync();
        await supervisor.GetByLabel("Officer in charge", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "DS Owen Pryce (supervisor)" });
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Save officer in charge" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("#officer-in-charge [data-flash]")).ToContainTextAsync("DS Owen Pryce is now the officer in charge");
        await Assertions.Expect(supervisor.Locator("#oic-name")).ToHaveTextAsync("DS Owen Pryce");
        await E2EFixture.SectionScreenshotsAsync(supervisor, "#officer-in-charge", "oic/case-header");
        // Now the officer in charge, the supervisor may not sign the investigator's next override, but may decline it
        // on the page as by the API: one rule in CaseAccess (ADR 1631).
        await page.GotoAsync(caseUrl);
        await page.GetByLabel("Decision", new() { Exact = true }).SelectOptionAsync("closed");
        await page.GetByLabel("Rationale").FillAsync("Close it now.");
        await page.GetByLabel("Override reason", new() { Exact = false }).FillAsync("File it before the review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Assertions.Expect(page.Locator("#decisions")).ToContainTextAsync("Override asked for");
        await supervisor.ReloadAsync();
        await Assertions.Expect(supervisor.Locator("#decisions .alert", new() { HasText = "File it before the review" })).ToContainTextAsync("You are the officer in charge of this case");
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Button, new() { Name = "Sign override" })).ToHaveCountAsync(0);
        await E2EFixture.SectionScreenshotsAsync(supervisor, "#decisions", "friction/decline-override");
        await supervisor.GetByLabel("Your reason for declining").FillAsync("Mandatory actions are still open: not closing yet");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Decline override" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("#decisions [data-flash]")).ToContainTextAsync("Override declined");
        await Assertions.Expect(log.Locator("tr", new() { HasText = "Override declined" })).ToContainTextAsync("not closing yet");
        await E2EFixture.SectionScreenshotsAsync(supervisor, "#decisions", "friction/decline-override-done");
        await supervisor.GotoAsync(new Uri(new Uri(caseUrl), $"/cases?q=Anthony+{surname}").ToString());
        await Assertions.Expect(supervisor.Locator("table.cases td[data-label='Officer in charge']")).ToHaveTextAsync("DS Owen Pryce");
        await E2EFixture.SectionScreenshotsAsync(supervisor, "table.cases", "oic/case-list");

        await supervisor.GetByRole(AriaRole.Link, new() { Name = "Supervision" }).ClickAsync();
        await supervisor.GetByRole(AriaRole.Link, new() { Name = "Exhibits never submitted for testing" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("table.work-list")).ToContainTextAsync("used syringe beside the body");

        await ForensicSubmissionInCustody_ThenReviewAndClose(page, supervisor, caseUrl);
    }

    /// <summary>walk61 findings 5 and 6: the syringe's submission recorded once, in its chain of custody, gives its action
    /// its result (ADR 3324); the supervisor reviews and closes a result in one post (ADR 3325). The shots (1366 × 900)
    /// are taken before the checks, so a run on code without the change shows what it did.</summary>
    private static async Task ForensicSubmissionInCustody_ThenReviewAndClose(IPage investigator, IPage supervisor, string caseUrl)
    {
        await investigator.GotoAsync(caseUrl);
        var forensic = investigator.Locator("table.actions tbody tr", new() { HasText = "Forensic submission of exhibit" });
        var number = (await forensic.GetAttributeAsync("id"))!["action-".Length..];
        await E2EFixture.SectionScreenshotAsync(investigator, $"#action-{number}", "flow62/inv-forensic-action-before-submission", 1366);
        var custody = investigator.Locator("#custody details").First;
        await custody.Locator("summary").ClickAsync();
        await custody.GetByLabel("Laboratory").FillAsync("LGC Forensics");
        await custody.GetByLabel("Examination asked for").FillAsync("Toxicology and DNA");
        await custody.GetByRole(AriaRole.Button, new() { Name = "Submit for testing" }).ClickAsync();
        await Assertions.Expect(investigator.Locator("#custody [data-flash]")).ToContainTextAsync("Submission recorded.");
        var said = await investigator.Locator("#custody [data-flash]").InnerTextAsync();
        await E2EFixture.SectionScreenshotAsync(investigator, "#custody", "flow62/inv-custody-submitted", 1366);
        await E2EFixture.SectionScreenshotAsync(investigator, "#exhibits", "flow62/inv-exhibits-submitted", 1366);
        await E2EFixture.SectionScreenshotAsync(investigator, $"#action-{number}", "flow62/inv-forensic-action-submitted", 1366);
        // A1, allocated to her above: her typed result, for the supervisor's one step.
        await investigator.Locator("#move-text-1").FillAsync("Examiner's opinion: the note was written by the deceased.");
        await investigator.GetByRole(AriaRole.Button, new() { Name = "Apply to A1" }).ClickAsync();
        await Assertions.Expect(investigator.Locator("#actions [data-flash]")).ToContainTextAsync("A1 is now result submitted");
        await supervisor.GotoAsync(caseUrl);
        await E2EFixture.SectionScreenshotAsync(supervisor, "#actions", "flow62/sup-actions-results-submitted", 1366);

        Assert.Contains($"A{number} has its result from it, awaiting a supervisor's review.", said, StringComparison.Ordinal);
        await Assertions.Expect(investigator.Locator("#exhibits")).ToContainTextAsync("submitted to LGC Forensics, awaiting the result");
        await Assertions.Expect(forensic).ToContainTextAsync("Result: From the chain of custody:");
        await Assertions.Expect(supervisor.Locator("#move-to-1")).ToHaveValueAsync("review-and-close");
        await Assertions.Expect(supervisor.Locator($"#move-to-{number}")).ToHaveValueAsync("review-and-close");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Apply to A1" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("#actions [data-flash]")).ToContainTextAsync("A1 is now closed.");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = $"Apply to A{number}" }).ClickAsync();
        await Assertions.Expect(supervisor.Locator("#actions [data-flash]")).ToContainTextAsync($"A{number} is now closed.");
        await E2EFixture.SectionScreenshotAsync(supervisor, "#actions", "flow62/sup-actions-reviewed-and-closed", 1366);

        // The laboratory's result comes back after the action was closed on its submission and the death was called not
        // suspicious: it raises an action to consider it, which holds the case open (ADR 3337).
        await investigator.GotoAsync(caseUrl);
        var result = investigator.Locator("#custody form[action$='handler=Result']");
        await result.Locator("textarea[name=Text]").FillAsync("Fentanyl; a second person's DNA on the plunger.");
        await result.GetByRole(AriaRole.Button, new() { Name = "Record result" }).ClickAsync();
        await E2EFixture.SectionScreenshotAsync(investigator, "#custody", "flow63/inv-late-result-recorded", 1366);
        await Assertions.Expect(investigator.Locator("#custody [data-flash]")).ToContainTextAsync("It came after a decision taken without it:");
        await Assertions.Expect(investigator.Locator("#custody [data-flash]")).ToContainTextAsync("Consider the laboratory's result for");
        await supervisor.GotoAsync(caseUrl);
        await E2EFixture.SectionScreenshotAsync(supervisor, "#decisions", "flow63/sup-gate-after-late-result", 1366);
        await Assertions.Expect(supervisor.Locator("#gate")).ToContainTextAsync("Consider the laboratory's result for");
        await Assertions.Expect(supervisor.Locator("#decisions")).ToContainTextAsync("New information after the decision: the laboratory's result for");

        // So does the toxicology result, recorded after the death was called not suspicious (ADR 3356).
        await investigator.GotoAsync(caseUrl);
        var examination = investigator.Locator("#custody form[action$='handler=Examination']");
        await examination.GetByLabel("Result of").SelectOptionAsync("toxicology");
        await examination.GetByLabel("Summary of the result").FillAsync("Fentanyl 0.02 mg/L and GHB 310 mg/L.");
        await examination.GetByRole(AriaRole.Button, new() { Name = "Record result" }).ClickAsync();
        await Assertions.Expect(investigator.Locator("#custody [data-flash]")).ToContainTextAsync("Toxicology result recorded. It came after a decision taken without it:");
        await Assertions.Expect(investigator.Locator("#custody [data-flash]")).ToContainTextAsync("“Consider the toxicology result” is raised");
        await supervisor.GotoAsync(caseUrl);
        await Assertions.Expect(supervisor.Locator("#gate")).ToContainTextAsync("Consider the toxicology result");
        await Assertions.Expect(supervisor.Locator("#decisions")).ToContainTextAsync("New information after the decision: the toxicology result was recorded after the case was called");

        // The laboratory amends its report: the officer corrects the result on record; the earlier stays, struck through,
        // with who superseded it and why (ADR 3368), and the corrected substances become the case's findings (ADR 3369).
        await investigator.GotoAsync(caseUrl);
        var standing = investigator.Locator("#custody li[data-status=current]", new() { HasText = "Fentanyl 0.02 mg/L and GHB 310 mg/L." });
        await standing.Locator("summary").ClickAsync();
        await standing.GetByLabel("The result as it should read").FillAsync("Amended report: fentanyl 0.2 mg/L and GHB 310 mg/L.");
        await standing.GetByLabel("Substances found", new() { Exact = false }).FillAsync("fentanyl, 0.2\nGHB, 310");
        await standing.GetByLabel("Why it is corrected", new() { Exact = false }).FillAsync("The laboratory's amended report: fentanyl was misread by a factor of ten.");
        await standing.GetByRole(AriaRole.Button, new() { Name = "Record the correction" }).ClickAsync();
        await E2EFixture.SectionScreenshotAsync(investigator, "#custody", "exam66/inv-toxicology-corrected", 1366);
        await Assertions.Expect(investigator.Locator("#custody [data-flash]")).ToContainTextAsync("Toxicology result corrected: the earlier stays in the history.");
        var struck = investigator.Locator("#custody li[data-status=superseded]");
        await Assertions.Expect(struck.Locator("del")).ToContainTextAsync("Fentanyl 0.02 mg/L and GHB 310 mg/L.");
        await Assertions.Expect(struck).ToContainTextAsync("The laboratory's amended report: fentanyl was misread by a factor of ten.");
        await Assertions.Expect(investigator.Locator("#custody li[data-status=current]", new() { HasText = "Amended report: fentanyl 0.2 mg/L" })).ToHaveCountAsync(1);
    }
}
