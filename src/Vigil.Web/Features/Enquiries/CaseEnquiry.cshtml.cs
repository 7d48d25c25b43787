using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Cases;
using Vigil.Web.Features.Auth;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Web.Features.Enquiries.Reviews;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Enquiries;

/// <summary>The form posts of the case page's enquiry panels. Each runs the same command as the API, then returns to
/// the case with what happened (or why it was refused) at the top of the panel.</summary>
[Authorize(Policy = Policies.EditCases)]
public sealed class CaseEnquiryModel(CaseAccess access, ForceTime time) : PageModel
{
    public IActionResult OnGet(Guid id) => Redirect($"/cases/{id}");

    public Task<IActionResult> OnPostClassifyAsync(Guid id, string to, string? rationale, string? facts, string? overrideReason,
        [FromServices] ClassificationCommands commands, CancellationToken ct) =>
        RunAsync(id, "decisions", async c =>
        {
            var (outcome, why) = await commands.DecideAsync(c, new ClassificationRequest(to, rationale ?? "", facts, overrideReason), Me, ct);
            return (why, outcome == DecisionOutcome.AwaitingSignOff ? "Override asked for: a supervisor must sign it." : "Decision recorded.");
        }, ct);

    public Task<IActionResult> OnPostSignAsync(Guid id, Guid decisionId, string? text, [FromServices] ClassificationCommands commands, CancellationToken ct) =>
        RunAsync(id, "decisions", async c => ((await commands.SignAsync(c, decisionId, text ?? "", Me, ct)).Refused, "Override signed and applied."), ct);

    public Task<IActionResult> OnPostRaiseAsync(Guid id, string? title, string? detail, bool mandatory, string? priority, DateTime? dueAt,
        [FromServices] ActionCommands actions, CancellationToken ct) =>
        RunAsync(id, "actions", async c =>
        {
            var (a, why) = await actions.RaiseAsync(c.Id, new NewAction(title ?? "", detail, mandatory, priority ?? "medium", dueAt is { } d ? time.ToUtc(d) : null), Me, ct);
            return (why, $"{a?.Label} raised.");
        }, ct);

    public Task<IActionResult> OnPostMoveAsync(Guid id, int number, int version, string to, string? allocateTo, string? text,
        [FromServices] ActionCommands actions, CancellationToken ct) =>
        RunAsync(id, "actions", async c =>
        {
            if (await actions.FindAsync(c.Id, number, ct) is not { } a) return (Refusal.NotFound, "");
            return (await actions.MoveAsync(a, new ActionTransition(to, allocateTo, text), Me, version, ct), $"{a.Label} is now {a.Status}.");
        }, ct);

    public Task<IActionResult> OnPostMovementAsync(Guid id, Guid exhibitId, string? movedBy, string? from, string? to, string? reason, string? sealNumber,
        [FromServices] CustodyCommands custody, CancellationToken ct) =>
        RunAsync(id, "custody", async c => c.Exhibits.FirstOrDefault(e => e.Id == exhibitId) is { } e
            ? (await custody.MoveAsync(e, new NewMovement(null, movedBy ?? "", from ?? "", to ?? "", reason ?? "", sealNumber), Me, ct), "Movement recorded.")
            : (Refusal.NotFound, ""), ct);

    public Task<IActionResult> OnPostSubmitAsync(Guid id, Guid exhibitId, string? laboratory, string? examination, [FromServices] CustodyCommands custody, CancellationToken ct) =>
        RunAsync(id, "custody", async c => c.Exhibits.FirstOrDefault(e => e.Id == exhibitId) is { } e
            ? ((await custody.SubmitAsync(e, new NewSubmission(laboratory ?? "", examination ?? "", null), Me, ct)).Item2, "Submission recorded.")
            : (Refusal.NotFound, ""), ct);

    public Task<IActionResult> OnPostResultAsync(Guid id, Guid exhibitId, Guid submissionId, string? text, [FromServices] CustodyCommands custody,
        [FromServices] VigilDbContext db, CancellationToken ct) =>
        RunAsync(id, "custody", async c =>
        {
            var e = c.Exhibits.FirstOrDefault(x => x.Id == exhibitId);
            var s = await db.ForensicSubmissions.FirstOrDefaultAsync(x => x.Id == submissionId && x.ExhibitId == exhibitId, ct);
            return e is null || s is null ? (Refusal.NotFound, "") : (await custody.RecordResultAsync(e, s, text ?? "", Me, ct), "Result recorded.");
        }, ct);

    public Task<IActionResult> OnPostExaminationAsync(Guid id, string kind, string? text, [FromServices] CustodyCommands custody, CancellationToken ct) =>
        RunAsync(id, "custody", async c => (await custody.RecordExaminationAsync(c.Id, new NewExamination(kind, text ?? "", null), Me, ct), $"{kind} result recorded."), ct);

    public Task<IActionResult> OnPostReviewAsync(Guid id, Guid reviewId, string? text, [FromServices] ReviewCommands reviews, CancellationToken ct) =>
        RunAsync(id, "reviews", async c => (await reviews.CompleteAsync(c.Id, reviewId, text ?? "", Me, ct), "Review outcome recorded."), ct);

    private Officer Me => Officer.From(User);

    private async Task<IActionResult> RunAsync(Guid id, string anchor, Func<DeathCase, Task<(Refusal? Refused, string Done)>> command, CancellationToken ct)
    {
        var (c, refused) = await CaseGuard.EditableAsync(access, id, ct);
        if (c is null) return refused!.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        var (why, done) = await command(c);
        if (why is not null) TempData["EnquiryError"] = why.Detail is null ? why.Title : $"{why.Title} {why.Detail}";
        else TempData["EnquiryMessage"] = done;
        return Redirect($"/cases/{id}#{(why is null ? anchor : "decisions")}");
    }
}
