using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Enquiries.Actions;

/// <summary>Raising and moving actions. Supervisors' reviews and "not pursued" decisions also go into the decision log.</summary>
public sealed class ActionCommands(VigilDbContext db, DecisionLog log, CaseOfficers officers, TimeProvider clock)
{
    /// <summary>The case's actions to show (read-only: move one after <see cref="FindAsync"/>).</summary>
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
        // A listed (untracked) action would be changed in memory and never saved: the demo's late allocation was lost so.
        if (db.Entry(action).State == EntityState.Detached)
            throw new InvalidOperationException($"{action.Label} was not read for change: load it with {nameof(FindAsync)} before moving it.");
        var (checkedMove, refused) = await CheckAsync(action, move, by, expectedVersion, ct);
        if (refused is not null) return refused;
        await ApplyAsync(action, checkedMove, by, ct);
        return await SaveAsync($"{action.Label} was changed by someone else while you saved.", ct);
    }

    /// <summary>Moves several actions, of any cases, by one officer in one save, each checked and applied as
    /// <see cref="MoveAsync"/> does (the demo's force working its cases a day at a time). The first refusal is returned
    /// before anything changes, so nothing is saved then.</summary>
    public async Task<Refusal?> MoveAllAsync(IReadOnlyList<(CaseAction Action, ActionTransition Move)> moves, Officer by, CancellationToken ct)
    {
        var checkedMoves = new List<(CaseAction Action, ActionTransition Move)>(moves.Count);
        foreach (var (action, move) in moves)
        {
            var (checkedMove, refused) = await CheckAsync(action, move, by, null, ct);
            if (refused is not null) return refused;
            checkedMoves.Add((action, checkedMove));
        }
        foreach (var (action, move) in checkedMoves) await ApplyAsync(action, move, by, ct);
        return await SaveAsync("One of these actions was changed by someone else while they were moved.", ct);
    }

    /// <summary>Allocates several actions of a case to one officer in one save (issue 9.3): each is checked against the
    /// version the officer saw; if any is refused, none is allocated, and the outcome says why for each action (ADR 1431).
    /// A stale version is a 409 here, not a 412: the versions travel in the request body, not in an If-Match header.</summary>
    public const int MaxAllocation = 200;

    public async Task<Allocation> AllocateManyAsync(Guid caseId, IReadOnlyCollection<(int Number, int Version)> picks, string? officer, Officer by, CancellationToken ct)
    {
        if (picks.Count == 0) return new([], Refusal.Invalid("Tick the actions to allocate."));
        if (picks.Count > MaxAllocation) return new([], Refusal.Invalid($"Allocate at most {MaxAllocation} actions at once."));
        if (picks.GroupBy(p => p.Number).FirstOrDefault(g => g.Count() > 1) is { } twice) return new([], Refusal.Invalid($"A{twice.Key} is listed twice."));
        if (string.IsNullOrWhiteSpace(officer)) return new([], Refusal.Invalid("Choose the officer to allocate them to."));
        var numbers = picks.Select(p => p.Number).ToList();
        var found = await db.CaseActions.Where(a => a.CaseId == caseId && numbers.Contains(a.Number)).ToListAsync(ct);
        var outcomes = new List<AllocationOutcome>();
        var moves = new List<(CaseAction Action, ActionTransition Move)>();
        foreach (var (number, version) in picks)
        {
            if (found.FirstOrDefault(a => a.Number == number) is not { } action)
            {
                outcomes.Add(new(number, null, Refusal.Invalid($"A{number} is not an action of this case.")));
                continue;
            }
            var (move, why) = await CheckAsync(action, new ActionTransition(ActionVerbs.Allocate, officer), by, version, ct);
            if (why is null) moves.Add((action, move));
            outcomes.Add(new(number, action, why is { Status: StatusCodes.Status412PreconditionFailed } ? why with { Status = StatusCodes.Status409Conflict } : why));
        }
        var refused = outcomes.Select(o => o.Refused).OfType<Refusal>().ToList();
        if (refused.Count == 1) return new(outcomes, refused[0] with { Title = "Nothing was allocated: " + refused[0].Title });
        if (refused.Count > 1)
            return new(outcomes, new Refusal(refused.Select(r => r.Status).Distinct().Count() == 1 ? refused[0].Status : StatusCodes.Status409Conflict,
                "Nothing was allocated: " + string.Join(" ", refused.Select(r => r.Title).Distinct(StringComparer.Ordinal))));
        foreach (var (action, move) in moves) await ApplyAsync(action, move, by, ct);
        var stale = await SaveAsync("One of these actions was changed by someone else while you saved; nothing was allocated.", ct);
        return new(outcomes, stale is null ? null : stale with { Status = StatusCodes.Status409Conflict });
    }

    /// <summary>Why this move may not happen now, or the move as it will be applied (an allocation names the officer by
    /// user name, whatever the form or the API sent).</summary>
    private async Task<(ActionTransition Move, Refusal? Refused)> CheckAsync(CaseAction action, ActionTransition move, Officer by, int? expectedVersion, CancellationToken ct)
    {
        if (expectedVersion is { } v && v != action.Version)
            return (move, new Refusal(StatusCodes.Status412PreconditionFailed, $"{action.Label} has changed since you read it", $"It is now version {action.Version}; read it again."));
        if (ActionWorkflow.Refusal(action, move, by) is { } why) return (move, Refusal.Conflict(why));
        if (move.To != ActionVerbs.Allocate) return (move, null);
        var choices = await officers.ForCaseAsync(action.CaseId, ct);
        if (CaseOfficers.Find(choices, move.AllocateTo) is { } officer) return (move with { AllocateTo = officer.UserName }, null);
        return (move, Refusal.Invalid($"No officer on this case is called \"{move.AllocateTo!.Trim()}\".",
            choices.Count == 0 ? "No active investigator or supervisor works on this case's team." : $"Allocate {action.Label} to one of: {string.Join("; ", choices.Select(o => o.Label))}."));
    }

    private async Task ApplyAsync(CaseAction action, ActionTransition move, Officer by, CancellationToken ct)
    {
        ActionWorkflow.Apply(action, move, by, clock.GetUtcNow().UtcDateTime);
        if (move.To == ActionVerbs.Review)
            await log.AppendAsync(action.CaseId, DecisionKinds.ActionReviewed, $"{action.Label} result reviewed and accepted. {move.Text}".Trim(), by, ct, facts: action.Result);
        if (move.To == ActionVerbs.ReviewAndClose)
            await log.AppendAsync(action.CaseId, DecisionKinds.ActionReviewed, $"{action.Label} result reviewed and accepted, and {action.Label} closed. {move.Text}".Trim(), by, ct, facts: action.Result);
        if (move.To == ActionVerbs.NotPursue)
            await log.AppendAsync(action.CaseId, DecisionKinds.ActionNotPursued, $"{action.Label} \"{action.Title}\" not pursued: {move.Text}", by, ct);
    }

    private async Task<Refusal?> SaveAsync(string whenStale, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Refusal(StatusCodes.Status412PreconditionFailed, whenStale);
        }
        return null;
    }
}

/// <summary>What became of one action of a bulk allocation: allocated when <see cref="Refused"/> is null and the
/// allocation as a whole went through, else held back with the rest.</summary>
public sealed record AllocationOutcome(int Number, CaseAction? Action, Refusal? Refused);

/// <summary>A bulk allocation: every action's outcome and, when nothing was allocated, why as a whole.</summary>
public sealed record Allocation(IReadOnlyList<AllocationOutcome> Actions, Refusal? Refused);

public sealed record NewAction(string Title, string? Detail, bool Mandatory, string Priority, DateTime? DueAt);
