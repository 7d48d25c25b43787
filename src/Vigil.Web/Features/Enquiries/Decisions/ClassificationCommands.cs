namespace Vigil.Web.Features.Enquiries.Decisions;

/// <summary>A proposed change of category (or closure), with the officer's rationale and, where the gate refuses,
/// an override reason. <see cref="To"/> is a category, or <see cref="ClassificationCommands.Close"/>.</summary>
public sealed record ClassificationRequest(string To, string Rationale, string? Facts, string? OverrideReason);

/// <summary>How an accepted classification request ended: applied now, or waiting for a second supervisor (ADR 0505).</summary>
public enum DecisionOutcome { Applied, AwaitingSignOff }

/// <summary>Classification and closure as decisions (ADR 0203): gated, logged, overridable only by a supervisor's
/// signed reason, and never signed by the officer who asked for the override (a supervisor asking included).</summary>
public sealed class ClassificationCommands(VigilDbContext db, ClassificationGate gate, ClosedCaseGate closure, DecisionLog log, CaseEvents events, TimeProvider clock)
{
    public const string Close = "closed";
    public const string Reopen = "reopened";
    /// <summary>What a decision may be: a category, closing the case or reopening it.</summary>
    public static readonly IReadOnlyList<string> Decisions = [.. CaseClassification.All, Close, Reopen];

    /// <summary>The gate's refusal says what may be done about it, to whoever reads it: the API's problem detail keeps
    /// this one sentence for every caller; the case page says it to its reader (<see cref="OverrideAdvice"/>).</summary>
    public const string GateAdvice = "A supervisor may override with a written reason; an investigator may ask for that override.";

    /// <summary>The case changed (a decision or an edit) since the decision's page or If-Match was read: seen by the
    /// page's version check (ADR 3015), or by the database at the save when the other officer's decision landed in the
    /// same milliseconds (the case's <c>DecisionVersion</c> and <c>Version</c> tokens, ADR 3246). A 409 on the API, as
    /// any concurrent change the database catches (ADR 1261); the ETag may be unchanged (a closure moves no version).</summary>
    public static readonly Refusal Overtaken = Refusal.Conflict("The case has changed since you opened it.",
        "Another officer has recorded a decision or changed the case: read it again, then decide.");

    /// <summary>The refusal of a signature over a gate that holds more than the override was asked over (ADR 3371).</summary>
    public const string GateChangedSinceAsked = "The gate has changed since this override was asked for: decline it and ask again.";

    public async Task<(DecisionOutcome Outcome, Refusal? Refused)> DecideAsync(DeathCase c, ClassificationRequest r, Officer by, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.To)) return (default, Refusal.Invalid("Choose the decision to record."));
        if (string.IsNullOrWhiteSpace(r.Rationale)) return (default, Refusal.Invalid("Write the rationale for this decision."));
        var closed = await closure.IsClosedAsync(c.Id, ct);
        if (r.To == Reopen) return closed ? await ApplyAsync(c, r, by, null, ct) : (default, Refusal.Conflict("The case is not closed."));
        if (closed) return (default, Refusal.Conflict("The case is closed: reopen it (with a rationale) before changing its classification."));
        if (r.To != Close && !CaseClassification.All.Contains(r.To))
            return (default, Refusal.Invalid($"Unknown category '{r.To}'; use one of {string.Join(", ", CaseClassification.All)}."));
        if (r.To == c.Classification) return (default, Refusal.Conflict($"The case is already \"{CaseClassification.Describe(c.Classification)}\"."));
        var blockers = r.To == Close || ClassificationGate.GatedCategories.Contains(r.To) ? await gate.BlockersAsync(c.Id, ct) : [];
        if (blockers.Count == 0) return await ApplyAsync(c, r, by, null, ct);
        var explained = ClassificationGate.Explain(blockers);
        if (string.IsNullOrWhiteSpace(r.OverrideReason))
            return (default, Refusal.Conflict($"{Describe(r.To)} is refused: {ClassificationGate.Listed(blockers)}.",
                GateAdvice));
        // Everyone's override, a supervisor's too, is a request another supervisor signs: no one overrides the gate
        // on their own say-so (README; issue 8, finding 11; ADR 0505).
        await log.AppendAsync(c.Id, DecisionKinds.OverrideRequested, $"{r.Rationale.Trim()} Override asked for because: {r.OverrideReason!.Trim()}", by, ct, c.Classification, r.To, Facts(r), explained);
        return await SavedFirstAsync(c, ct) ? (DecisionOutcome.AwaitingSignOff, null) : (default, Overtaken);
    }

    /// <summary>A supervisor signs an officer's override request; neither the requester nor the case's officer in charge
    /// can sign it (issue 8, finding 11): the signature is a second, independent view (ADR 0505, 1402).</summary>
    public async Task<(DecisionOutcome Outcome, Refusal? Refused)> SignAsync(DeathCase c, Guid requestId, string reason, Officer by, CancellationToken ct)
    {
        var (request, answer, refused) = await PendingRequestAsync(c, requestId, by, ct);
        if (request is null) return (default, refused);
        if (answer!.WhyNotSign is { } notYours) return (default, notYours);
        // Stale: the request was to move the case from a category it no longer has, so signing it means nothing.
        if (request.FromCategory != c.Classification)
            return (default, Refusal.Conflict("The case's category has changed since the override was asked for: decline this request and ask again."));
        if (string.IsNullOrWhiteSpace(reason)) return (default, Refusal.Invalid("Write the reason you sign this override."));
        // Signed over a blocker that came after the ask (a late result's action, an exhibit sent since), it would pass what
        // no one named: the request is answered by declining it and asking again over the gate as it is (ADR 3371).
        if (await gate.NotAskedOverAsync(c.Id, request, ct) is { Count: > 0 } arisen)
            return (default, Refusal.Conflict(GateChangedSinceAsked, $"Not in the request: {ClassificationGate.Listed(arisen)}."));
        var signed = await log.AppendAsync(c.Id, DecisionKinds.OverrideSigned, reason, by, ct, request.FromCategory, request.ToCategory, blockedBy: request.BlockedBy, signs: request.Id);
        var original = new ClassificationRequest(request.ToCategory!, request.Rationale, request.FactsReliedOn, request.Rationale);
        // The decision applied is the asker's, in their role: a supervisor's request was logged "(investigator)" (ADR 3263).
        return await ApplyAsync(c, original, new Officer(request.DecidedBy, request.DecidedByRole == "supervisor"), signed, ct);
    }

    /// <summary>A supervisor declines an override request with a reason the requester reads; nothing else changes. The
    /// supervisor who asked (withdrawing it) and the officer in charge may decline too. A stale request (the case has
    /// since changed category) can still be declined, so it never stays pending for ever.</summary>
    public async Task<Refusal?> DeclineAsync(DeathCase c, Guid requestId, string reason, Officer by, CancellationToken ct)
    {
        var (request, answer, refused) = await PendingRequestAsync(c, requestId, by, ct);
        if (request is null) return refused;
        if (answer!.WhyNotDecline is { } notYours) return notYours;
        if (string.IsNullOrWhiteSpace(reason)) return Refusal.Invalid("Write why you decline this override: the officer who asked reads it.");
        await log.AppendAsync(c.Id, DecisionKinds.OverrideDeclined, reason, by, ct, request.FromCategory, request.ToCategory, blockedBy: request.BlockedBy, signs: request.Id);
        return await SavedFirstAsync(c, ct) ? null : Overtaken;
    }

    /// <summary>An override request of this case that no supervisor has answered (signed or declined) yet, and what this
    /// officer may do with it (<see cref="CaseAccess.AnswerOverride"/>).</summary>
    private async Task<(CaseDecision? Request, OverrideAnswer? Answer, Refusal? Refused)> PendingRequestAsync(DeathCase c, Guid requestId, Officer by, CancellationToken ct)
    {
        var request = await db.CaseDecisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == requestId && d.CaseId == c.Id && d.Kind == DecisionKinds.OverrideRequested, ct);
        if (request is null) return (null, null, new Refusal(StatusCodes.Status404NotFound, "No such override request on this case."));
        var inCharge = c.OfficerInChargeId is null ? null
            : await db.Users.Where(u => u.Id == c.OfficerInChargeId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        var answer = CaseAccess.AnswerOverride(by, request.DecidedBy, inCharge);
        if (await db.CaseDecisions.AnyAsync(d => d.SignsDecisionId == requestId, ct))
            return (null, null, Refusal.Conflict("This override has already been answered (signed or declined)."));
        return (request, answer, null);
    }

    private async Task<(DecisionOutcome, Refusal?)> ApplyAsync(DeathCase c, ClassificationRequest r, Officer by, CaseDecision? signed, CancellationToken ct)
    {
        var kind = r.To switch { Close => DecisionKinds.Closure, Reopen => DecisionKinds.Reopened, _ => DecisionKinds.Classification };
        var from = c.Classification;
        var entry = await log.AppendAsync(c.Id, kind, r.Rationale, by, ct, from, kind == DecisionKinds.Classification ? r.To : null, Facts(r),
            signs: signed?.Id);
        if (kind == DecisionKinds.Classification)
        {
            c.Classification = r.To;
            c.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            c.Version++;
        }
        // Listeners (the family told, reviews rescheduled) act in this save, so a decision the database refuses as
        // overtaken leaves nothing behind them either (ADR 3359).
        await events.PublishAsync(db, kind switch
        {
            DecisionKinds.Closure => CaseEvent.Closed(c.Id, entry.Sequence, by.UserName),
            DecisionKinds.Reopened => CaseEvent.Reopened(c.Id, entry.Sequence, by.UserName),
            _ => CaseEvent.ClassificationChanged(c.Id, from, r.To, by.UserName),
        }, ct);
        return await SavedFirstAsync(c, ct) ? (DecisionOutcome.Applied, null) : (default, Overtaken);
    }

    /// <summary>Saves a decision with the case row: <c>DecisionVersion</c> moves, and the UPDATE holds only where it and
    /// <c>Version</c> are as this request read them (the closed check, the pending request, the page's version or the
    /// If-Match were all judged on that reading). A decision that landed in between makes it match no row: false,
    /// nothing written (ADR 3246).</summary>
    private async Task<bool> SavedFirstAsync(DeathCase c, CancellationToken ct)
    {
        c.DecisionVersion++;
        return await db.SavedFirstAsync(ct);
    }

    private static string Describe(string to) => to == Close ? "Closing the case" : $"Classifying it \"{CaseClassification.Describe(to)}\"";

    private static string? Facts(ClassificationRequest r) => string.IsNullOrWhiteSpace(r.Facts) ? null : r.Facts;
}
