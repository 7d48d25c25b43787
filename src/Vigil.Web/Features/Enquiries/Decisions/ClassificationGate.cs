namespace Vigil.Web.Features.Enquiries.Decisions;

/// <summary>What stands between a death and "not suspicious" (or "expected", or closure): open mandatory actions,
/// missing post-mortem or toxicology results (a superseded or withdrawn one is not a result the case stands on, ADR
/// 3368), and exhibits sent to a laboratory whose result is not back. The Port deaths were called non-suspicious on
/// the day the bodies were found, their syringes and a bottle never tested.</summary>
public sealed class ClassificationGate(VigilDbContext db, ForceTime time)
{
    /// <summary>Moving to these is a conclusion that the death needs no more investigation, so it is gated.</summary>
    public static readonly IReadOnlySet<string> GatedCategories = new HashSet<string>([CaseClassification.NotSuspicious, CaseClassification.Expected], StringComparer.Ordinal);

    public async Task<List<string>> BlockersAsync(Guid caseId, CancellationToken ct)
    {
        var open = await db.CaseActions.AsNoTracking()
            .Where(a => a.CaseId == caseId && a.Mandatory && ActionStatus.Open.Contains(a.Status))
            .OrderBy(a => a.Number).Select(a => new OpenAction(a.Number, a.Title, a.Status)).ToListAsync(ct);
        return Blockers(open, await ResultsAsync(caseId, ct), await AwaitingAsync(caseId, ct), time);
    }

    private Task<List<string>> ResultsAsync(Guid caseId, CancellationToken ct) =>
        db.ExaminationResults.AsNoTracking().Where(r => r.CaseId == caseId && r.SupersededAt == null).Select(r => r.Kind).Distinct().ToListAsync(ct);

    private Task<List<AwaitingLaboratory>> AwaitingAsync(Guid caseId, CancellationToken ct) =>
        db.ForensicSubmissions.AsNoTracking().Where(s => s.CaseId == caseId && s.Result == null)
            .Join(db.Exhibits, s => s.ExhibitId, e => e.Id, (s, e) => new AwaitingLaboratory(e.Reference, e.Type, s.Laboratory, s.SubmittedAt)).ToListAsync(ct);

    /// <summary>What holds the gate now that the override <paramref name="request"/> was not asked over: a mandatory action
    /// raised since it was asked (a late result's, ADRs 3337, 3356; the rules'), and any other blocker its words do not
    /// name (an exhibit sent to a laboratory since, ADR 3336). Blockers gone since (a result recorded) are not. An override
    /// signs the gate it was asked over; signed over a blocker nobody named, a second supervisor's "yes" passed what no
    /// one had seen (review66, ADR 3371). Actions are told by when they were raised, as the request lists only the first
    /// ten by number and says each with its state, which moves on.</summary>
    public async Task<List<string>> NotAskedOverAsync(Guid caseId, CaseDecision request, CancellationToken ct)
    {
        var raised = await db.CaseActions.AsNoTracking()
            .Where(a => a.CaseId == caseId && a.Mandatory && ActionStatus.Open.Contains(a.Status) && a.RaisedAt > request.At)
            .OrderBy(a => a.Number).Select(a => new OpenAction(a.Number, a.Title, a.Status)).ToListAsync(ct);
        var named = request.BlockedBy ?? "";
        var others = Blockers([], await ResultsAsync(caseId, ct), await AwaitingAsync(caseId, ct), time).Where(b => !named.Contains(b, StringComparison.Ordinal));
        return [.. raised.Select(Said), .. others];
    }

    /// <summary>The same rule on a case's records already read (the case page's panels read them all: ADR 2193).</summary>
    public static List<string> Blockers(IEnumerable<CaseAction> actions, IEnumerable<ExaminationResult> examinations,
        IEnumerable<Exhibit> exhibits, IEnumerable<ForensicSubmission> submissions, ForceTime time) =>
        Blockers(actions.Where(a => a.Mandatory && ActionStatus.Open.Contains(a.Status)).OrderBy(a => a.Number).Select(a => new OpenAction(a.Number, a.Title, a.Status)).ToList(),
            Exhibits.ExaminationCorrectionRules.Standing(examinations).Select(r => r.Kind).Distinct().ToList(), AwaitingLaboratory.Of(exhibits, submissions), time);

    private static List<string> Blockers(List<OpenAction> open, List<string> results, List<AwaitingLaboratory> awaiting, ForceTime time)
    {
        var blockers = new List<string>();
        if (open.Count > 0)
            blockers.Add($"{Plural.Count(open.Count, "mandatory action", "mandatory actions")} still open: " + string.Join("; ", open.Take(10).Select(Said)) + (open.Count > 10 ? "; …" : ""));
        if (!results.Contains(ExaminationKinds.PostMortem)) blockers.Add("the post-mortem result is not recorded");
        if (!results.Contains(ExaminationKinds.Toxicology)) blockers.Add("the toxicology result is not recorded");
        blockers.AddRange(awaiting.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Reference, StringComparer.Ordinal).Select(a => a.Says(time)));
        return blockers;
    }

    private sealed record OpenAction(int Number, string Title, string Status);

    private static string Said(OpenAction a) => $"A{a.Number} {a.Title}{Waiting(a.Status)}";

    /// <summary>Whose turn an open mandatory action is when it is no longer its officer's: walk61's investigator had
    /// submitted every result and read only "4 mandatory actions still open", with nothing on the page to say the
    /// supervisor's review (and, after it, closing) was what the decision waited for (ADR 3313).</summary>
    private static string Waiting(string status) => status switch
    {
        ActionStatus.ResultSubmitted => " (result submitted, awaiting a supervisor's review)",
        ActionStatus.Reviewed => " (reviewed, not yet closed)",
        _ => "",
    };

    public static string Explain(IReadOnlyList<string> blockers) => "Refused because " + Listed(blockers) + ".";

    /// <summary>"A; B; and C": "and" once, before the last (walk55 finding 8 read "A; and B; and C"). Semicolons, since
    /// the open actions' blocker lists its actions with commas in their titles.</summary>
    public static string Listed(IReadOnlyList<string> blockers) =>
        blockers.Count <= 1 ? string.Join("", blockers) : string.Join("; ", blockers.Take(blockers.Count - 1)) + "; and " + blockers[^1];
}

/// <summary>An exhibit sent to a laboratory whose result is not yet recorded in its chain of custody. Since ADR 3324 its
/// forensic action could be reviewed and closed on the submission alone, so the gate let a death be called not
/// suspicious with the syringe's result still to come: the Port failure (ADR 3336). Each submission still awaiting
/// its result holds the gate, whatever its action's state and whatever the exhibit's "tested" flag says: a further
/// examination asked for is as outstanding as the first.</summary>
public sealed record AwaitingLaboratory(string Reference, string Type, string Laboratory, DateTime SubmittedAt)
{
    public static List<AwaitingLaboratory> Of(IEnumerable<Exhibit> exhibits, IEnumerable<ForensicSubmission> submissions)
    {
        var byId = exhibits.ToDictionary(e => e.Id);
        // A submission whose exhibit the caller did not read still holds the gate: unnamed rather than left out.
        return [.. submissions.Where(s => s.Result is null).Select(s => byId.GetValueOrDefault(s.ExhibitId) is { } e
            ? new AwaitingLaboratory(e.Reference, e.Type, s.Laboratory, s.SubmittedAt) : new AwaitingLaboratory("An exhibit", "", s.Laboratory, s.SubmittedAt))];
    }

    /// <summary>"…/EX-01 (syringe) submitted to LGC Forensics on 03 Dec 2026, awaiting the laboratory's result".</summary>
    public string Says(ForceTime time) =>
        $"{Reference}{(Type.Length > 0 ? $" ({Type})" : "")} submitted to {Laboratory} on {time.Day(SubmittedAt)}, awaiting the laboratory's result";
}
