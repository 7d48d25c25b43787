using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Features.Enquiries.Reviews;
using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Enquiries;

/// <summary>The form posts of the case page's enquiry panels. Each runs the same command as the API, then returns to
/// the section acted on: with a success message there, or with the form as it was typed and why it was refused
/// (ADR 0650, 0659).</summary>
[Authorize(Policy = Policies.EditCases)]
public sealed class CaseEnquiryModel(CaseAccess access, ForceTime time) : PageModel
{
    public IActionResult OnGet(Guid id) => Redirect($"/cases/{id}");

    /// <summary>The form carries the case's version as the officer saw it: a decision made on a page that another officer's
    /// classification (or edit) has since overtaken is refused, not recorded over it (ADR 3015), as the API's If-Match does.</summary>
    public Task<IActionResult> OnPostClassifyAsync(Guid id, int? version, string? to, string? rationale, string? facts, string? overrideReason,
        [FromServices] ClassificationCommands commands, [FromServices] VigilDbContext db, CancellationToken ct) =>
        RunAsync(id, "decisions", async c =>
        {
            if (version is { } seen && seen != c.Version) return (ClassificationCommands.Overtaken, "");
            var (outcome, why) = await commands.DecideAsync(c, new ClassificationRequest(to ?? "", rationale ?? "", facts, overrideReason), Me, ct);
            // The gate's advice, said to this officer (walk53 finding 2).
            if (why is { Detail: ClassificationCommands.GateAdvice }) why = why with { Detail = await OverrideAdvice.ForAsync(db, c, Me, ct) };
            return (why, outcome == DecisionOutcome.AwaitingSignOff ? "Override asked for: a supervisor must sign it." : "Decision recorded.");
        }, ct, Required("To", to, "Choose the decision to record."), Required("Rationale", rationale, "Write the rationale for this decision."));

    public Task<IActionResult> OnPostSignAsync(Guid id, Guid decisionId, string? text, [FromServices] ClassificationCommands commands, CancellationToken ct) =>
        RunAsync(id, "decisions", async c => ((await commands.SignAsync(c, decisionId, text ?? "", Me, ct)).Refused, "Override signed and applied."), ct,
            Required("Text", text, "Write the reason you sign this override."));

    public Task<IActionResult> OnPostDeclineAsync(Guid id, Guid decisionId, string? text, [FromServices] ClassificationCommands commands, CancellationToken ct) =>
        RunAsync(id, "decisions", async c => (await commands.DeclineAsync(c, decisionId, text ?? "", Me, ct), "Override declined: the category is unchanged."), ct,
            Required("Text", text, "Write why you decline this override: the officer who asked reads it."));

    public Task<IActionResult> OnPostRaiseAsync(Guid id, string? title, string? detail, bool mandatory, string? priority, DateTime? dueAt,
        [FromServices] ActionCommands actions, CancellationToken ct) =>
        RunAsync(id, "actions", async c =>
        {
            var (a, why) = await actions.RaiseAsync(c.Id, new NewAction(title ?? "", detail, mandatory, priority ?? "medium", dueAt is { } d ? time.ToUtc(d) : null), Me, ct);
            return (why, $"{a?.Label} raised.");
        }, ct, Required("Title", title, "Give the action a title."));

    public Task<IActionResult> OnPostMoveAsync(Guid id, int number, int version, string? to, string? allocateTo, string? text,
        [FromServices] ActionCommands actions, CancellationToken ct) =>
        RunAsync(id, "actions", async c =>
        {
            if (await actions.FindAsync(c.Id, number, ct) is not { } a) return (Refusal.NotFound, "");
            return (await actions.MoveAsync(a, new ActionTransition(to ?? "", allocateTo, text), Me, version, ct), $"{a.Label} is now {Words.Of(a.Status)}.");
        }, ct, Required("To", to, "Choose the next step."));

    /// <summary>Several actions allocated to one officer at once; each ticked box carries "number:version".
    /// The message names the officer as the actions table does ("DC Amira Haddad"), not by her login (walk61).</summary>
    public Task<IActionResult> OnPostAllocateAsync(Guid id, string[]? pick, string? allocateTo, [FromServices] ActionCommands actions,
        [FromServices] Cases.CaseOfficers officers, CancellationToken ct) =>
        RunAsync(id, "actions", async c =>
        {
            var picks = (pick ?? []).Select(p => p.Split(':')).Where(p => p.Length == 2 && int.TryParse(p[0], out _) && int.TryParse(p[1], out _))
                .Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
            var refused = (await actions.AllocateManyAsync(c.Id, picks, allocateTo, Me, ct)).Refused;
            var name = refused is null && (await officers.NamesAsync([allocateTo], ct)).TryGetValue(allocateTo!, out var n) ? n : allocateTo;
            return (refused, $"{Plural.Count(picks.Count, "action", "actions")} allocated to {name}.");
        }, ct, Required("AllocateTo", allocateTo, "Choose the officer to allocate them to."), Required("Pick", pick?.FirstOrDefault(), "Tick the actions to allocate."));

    public Task<IActionResult> OnPostMovementAsync(Guid id, Guid exhibitId, string? movedBy, string? from, string? to, string? reason, string? sealNumber,
        [FromServices] CustodyCommands custody, CancellationToken ct) =>
        RunAsync(id, "custody", async c => c.Exhibits.FirstOrDefault(e => e.Id == exhibitId) is { } e
            ? (await custody.MoveAsync(e, new NewMovement(null, movedBy ?? "", from ?? "", to ?? "", reason ?? "", sealNumber), Me, ct), "Movement recorded.")
            : (Refusal.NotFound, ""), ct);

    public Task<IActionResult> OnPostSubmitAsync(Guid id, Guid exhibitId, string? laboratory, string? examination, [FromServices] CustodyCommands custody, CancellationToken ct) =>
        RunAsync(id, "custody", async c =>
        {
            if (c.Exhibits.FirstOrDefault(e => e.Id == exhibitId) is not { } e) return (Refusal.NotFound, "");
            var (_, refused, followed) = await custody.SubmitAsync(e, new NewSubmission(laboratory ?? "", examination ?? "", null), Me, ct);
            return (refused, "Submission recorded." + Followed(followed));
        }, ct);

    public Task<IActionResult> OnPostResultAsync(Guid id, Guid exhibitId, Guid submissionId, string? text, [FromServices] CustodyCommands custody,
        [FromServices] VigilDbContext db, CancellationToken ct) =>
        RunAsync(id, "custody", async c =>
        {
            var e = c.Exhibits.FirstOrDefault(x => x.Id == exhibitId);
            var s = await db.ForensicSubmissions.FirstOrDefaultAsync(x => x.Id == submissionId && x.ExhibitId == exhibitId, ct);
            if (e is null || s is null) return (Refusal.NotFound, "");
            var (refused, followed, raised) = await custody.RecordResultAsync(e, s, text ?? "", Me, ct);
            return (refused, "Result recorded." + Followed(followed) + Raised(raised));
        }, ct);

    /// <summary>The actions a custody entry moved on, said where it was recorded: the officer sees her action's work done
    /// and whose turn it is now (ADR 3324).</summary>
    private static string Followed(IReadOnlyList<CaseAction> actions) => actions.Count == 0 ? "" :
        $" {string.Join(" and ", actions.Select(a => a.Label))} {(actions.Count == 1 ? "has its result" : "have their results")} from it, awaiting a supervisor's review.";

    /// <summary>A result that came after a decision taken without it: the officer who recorded it is told what it set off
    /// (ADRs 3337, 3344, 3356), as the officer in charge and the supervisors are by their notices.</summary>
    private static string Raised(LateResult? raised) => raised is not { Action: var a } ? "" :
        $" It came after a decision taken without it: {(raised.Reopened is null ? "" : "the case is reopened, ")}{a.Label} “{a.Title}” is raised{(a.AllocatedTo is null ? "" : " and allocated")}; the decision log says so, and the team's supervisors are told.";

    public Task<IActionResult> OnPostExaminationAsync(Guid id, string kind, string? text, [FromServices] CustodyCommands custody, CancellationToken ct) =>
        RunAsync(id, "custody", async c =>
        {
            var (refused, raised) = await custody.RecordExaminationAsync(c.Id, new NewExamination(kind, text ?? "", null), Me, ct);
            return (refused, $"{Words.Capitalised(kind)} result recorded." + Raised(raised));
        }, ct);

    /// <summary>A result corrected or withdrawn on the page, as on the API (ADR 3368). The substances are read only for a
    /// toxicology correction; a result another officer corrected since the page was read is refused, with its history.</summary>
    public Task<IActionResult> OnPostCorrectExaminationAsync(Guid id, Guid resultId, string? kind, string? text, string? reason, bool withdraw, string? substances,
        [FromServices] ExaminationCorrector corrector, CancellationToken ct) =>
        RunAsync(id, "custody", async c =>
        {
            if (await corrector.FindAsync(c.Id, resultId, ct) is not { } before) return (Refusal.NotFound, "");
            var given = withdraw || kind != ExaminationKinds.Toxicology ? null : ExaminationCorrectionRules.ParseSubstances(substances);
            var (refused, current, raised) = await corrector.CorrectAsync(c, before, new ExaminationCorrection(kind, text, null, reason, withdraw, given), Me, ct);
            return (refused, $"{Words.Capitalised(before.Kind)} result {(current is null ? "withdrawn" : "corrected")}: the earlier stays in the history." + Raised(raised));
        }, ct, Required("Reason", reason, ExaminationCorrectionRules.ReasonMissing));

    public Task<IActionResult> OnPostReviewAsync(Guid id, Guid reviewId, string? text, [FromServices] ReviewCommands reviews, CancellationToken ct) =>
        RunAsync(id, "reviews", async c => (await reviews.CompleteAsync(c.Id, reviewId, text ?? "", Me, ct), "Review outcome recorded."), ct,
            Required("Text", text, "Write the outcome of the review."));

    private Officer Me => Officer.From(User);

    private static CarriedError? Required(string field, string? value, string message) =>
        string.IsNullOrWhiteSpace(value) ? new CarriedError(field, message) : null;

    /// <summary>Runs a command unless a required field is empty; returns to the section with its message, or with the
    /// form carried back and the reason it was refused.</summary>
    private async Task<IActionResult> RunAsync(Guid id, string section, Func<DeathCase, Task<(Refusal? Refused, string Done)>> command, CancellationToken ct,
        params CarriedError?[] missing)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        var errors = missing.OfType<CarriedError>().ToList();
        if (errors.Count == 0)
        {
            var (why, done) = await command(c);
            if (why is null) return this.RedirectToSection($"/cases/{id}", section, done);
            errors.Add(new CarriedError("", why.Detail is null ? why.Title : $"{why.Title} {why.Detail}"));
        }
        CarriedForm.From(Request, errors).Keep(TempData);
        return Redirect($"/cases/{id}#{section}");
    }
}
