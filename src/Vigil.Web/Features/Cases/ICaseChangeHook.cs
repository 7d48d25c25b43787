namespace Vigil.Web.Features.Cases;

/// <summary>What kind of change a save is. It decides what the <see cref="CaseWriter"/> may set: an edit never sets the
/// classification (a category changes only by a recorded decision, ADR 0203); an import is the source's own record;
/// <see cref="RulesApplied"/> is `vigil rules apply` raising the current rules' missing actions on an open case whose
/// facts it leaves as they are, so nothing derived from the facts (search documents, linkage, watches) is redone (ADR 3147).</summary>
public enum CaseChangeKind { Created, Edited, Imported, RulesApplied }

/// <summary>How other capabilities react to a case being created, edited or imported, through the
/// <see cref="CaseSavePipeline"/>: enquiry rules raise actions in the same transaction (<see cref="BeforeSaveAsync"/>);
/// linkage compares after the commit (<see cref="AfterSaveAsync"/>). Hooks run in <see cref="Order"/>, never in
/// registration order.</summary>
public interface ICaseChangeHook
{
    /// <summary>Lower runs first, before and after the save; one of <see cref="CaseHookOrder"/>'s slots.</summary>
    int Order { get; }

    Task BeforeSaveAsync(VigilDbContext db, IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) => Task.CompletedTask;

    Task AfterSaveAsync(IReadOnlyList<DeathCase> cases, CaseChangeKind kind, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The order of the case hooks, in one place so the sequence of a save can be read without running it.</summary>
public static class CaseHookOrder
{
    /// <summary>Raise the actions a case's facts call for (enquiry rules), so a case is never saved without them.</summary>
    public const int Actions = 100;

    /// <summary>Schedule the reviews of new cases under investigation.</summary>
    public const int Reviews = 200;

    /// <summary>Publish case events (a re-import changed the category) that listeners act on in the same transaction.</summary>
    public const int Events = 300;

    /// <summary>Rewrite the case's search documents, in the case's transaction (ADR 0701).</summary>
    public const int Search = 400;

    /// <summary>After the commit: compare with earlier deaths (a slow comparison never holds the case's transaction).</summary>
    public const int Linkage = 900;

    /// <summary>After linkage (which classifies the new deaths' kinds): run watched searches and map filters over them.</summary>
    public const int Watches = 950;
}

/// <summary>A capability that may refuse any change to an existing case, whatever its path (form, API, import):
/// enquiries refuse to change a closed case until a decision reopens it.</summary>
public interface ICaseChangeGate
{
    /// <summary>For each of <paramref name="caseIds"/> that may not change now, why not (in words an officer can act on).</summary>
    Task<IReadOnlyDictionary<Guid, string>> RefusalsAsync(IReadOnlyCollection<Guid> caseIds, CancellationToken ct);
}
