using Microsoft.EntityFrameworkCore;
using Vigil.Data;
using Vigil.Data.Enquiries;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Enquiries.Actions;

/// <summary>Raising and moving actions. Supervisors' reviews and "not pursued" decisions also go into the decision log.</summary>
public sealed class ActionCommands(VigilDbContext db, DecisionLog log, TimeProvider clock)
{
    public Task<List<CaseAction>> ForCaseAsync(Guid caseId, CancellationToken ct) =>
        db.CaseActions.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Number).ToListAsync(ct);

    public Task<CaseAction?> FindAsync(Guid caseId, int number, CancellationToken ct) =>
        db.CaseActions.FirstOrDefaultAsync(a => a.CaseId == caseId && a.Number == number, ct);

    public async Task<(CaseAction? Action, Refusal? Refused)> RaiseAsync(Guid caseId, NewAction request, Officer by, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Title)) return (null, Refusal.Invalid("An action needs a title."));
        if (!ActionPriority.All.Contains(request.Priority)) return (null, Refusal.Invalid($"Priority must be one of {string.Join(", ", ActionPriority.All)}."));
        var now = clock.GetUtcNow().UtcDateTime;
        var action = new CaseAction
        {
            CaseId = caseId, Number = await ActionNumbers.NextAsync(db, caseId, ct), Title = request.Title.Trim(), Detail = request.Detail?.Trim(),
            Source = "manual", Mandatory = request.Mandatory, Priority = request.Priority, RaisedAt = now, RaisedBy = by.UserName,
            DueAt = request.DueAt ?? now.AddDays(7),
        };
        db.CaseActions.Add(action);
        await db.SaveChangesAsync(ct);
        return (action, null);
    }

    /// <summary>Moves an action; <paramref name="expectedVersion"/> (from If-Match or the form) guards against a lost update.</summary>
    public async Task<Refusal?> MoveAsync(CaseAction action, ActionTransition move, Officer by, int? expectedVersion, CancellationToken ct)
    {
        if (expectedVersion is { } v && v != action.Version)
            return new Refusal(StatusCodes.Status412PreconditionFailed, $"{action.Label} has changed since you read it", $"It is now version {action.Version}; read it again.");
        if (ActionWorkflow.Refusal(action, move, by) is { } why) return Refusal.Conflict(why);
        ActionWorkflow.Apply(action, move, by, clock.GetUtcNow().UtcDateTime);
        if (move.To == ActionVerbs.Review)
            await log.AppendAsync(action.CaseId, DecisionKinds.ActionReviewed, $"{action.Label} result reviewed and accepted. {move.Text}".Trim(), by, ct, facts: action.Result);
        if (move.To == ActionVerbs.NotPursue)
            await log.AppendAsync(action.CaseId, DecisionKinds.ActionNotPursued, $"{action.Label} \"{action.Title}\" not pursued: {move.Text}", by, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Refusal(StatusCodes.Status412PreconditionFailed, $"{action.Label} was changed by someone else while you saved.");
        }
        return null;
    }
}

public sealed record NewAction(string Title, string? Detail, bool Mandatory, string Priority, DateTime? DueAt);
