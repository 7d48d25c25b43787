using System.Linq.Expressions;
using Vigil.Web.Hosting;

namespace Vigil.Web.Features.Enquiries;

public sealed record RedFlagKind(string Id, string Title);

/// <summary>Contradictions between how a death is classified and its facts. Computed by query, never stored, so a
/// flag cannot go stale or be cleared except by dealing with its cause (ADR 0204).</summary>
public static class RedFlags
{
    public static readonly RedFlagKind SuicideContradiction = new("suicide-contradiction", "Suicide recorded with a person present or a clothing anomaly");
    public static readonly RedFlagKind NoteUnexamined = new("note-unexamined", "Note found but no handwriting examination result");
    public static readonly RedFlagKind UntestedParaphernalia = new("untested-paraphernalia", "Untested drug paraphernalia on a death called not suspicious");
    // In words, as every other title: the supervision tile read "last-seen-with person" (walk53), and the rule also
    // counts a person present at the death (RecurringRoles), which the title left out.
    public static readonly RedFlagKind RecurringPerson = new("recurring-person", "Finder, caller, or person last seen with or present at death, also in another death");
    public static readonly IReadOnlyList<RedFlagKind> All = [SuicideContradiction, NoteUnexamined, UntestedParaphernalia, RecurringPerson];

    // Public so that a case rebuilt "as known on" a date (Oversight) applies the same rules in memory.
    public static readonly string[] Paraphernalia = ["syringe", "bottle", "drug-wrap", "medication"];
    public static readonly string[] RecurringRoles = ["finder", "caller", "last-seen-with", "present-at-death"];
    public static readonly string[] Examined = [ActionStatus.ResultSubmitted, ActionStatus.Reviewed, ActionStatus.Closed];

    /// <summary>The cases (of those given) that carry the flag.</summary>
    public static IQueryable<DeathCase> Having(VigilDbContext db, IQueryable<DeathCase> cases, RedFlagKind kind) =>
        cases.Where(ExpressionSplice.Bind(Rule(kind), db));

    /// <summary>Each rule once, over one case and the store it is asked of: <see cref="Having"/> binds the store it is
    /// given, and the case page's compiled presence statement (<see cref="Cases.CasePanelRows"/>, ADR 2581) splices the
    /// rule into its own query with the compiled query's own context, so the two cannot drift apart.</summary>
    internal static Expression<Func<VigilDbContext, DeathCase, bool>> Rule(RedFlagKind kind) => kind.Id switch
    {
        "suicide-contradiction" => SuicideRule,
        "note-unexamined" => NoteRule,
        "untested-paraphernalia" => ParaphernaliaRule,
        "recurring-person" => RecurringRule,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind.Id, "unknown red flag"),
    };

    private static readonly Expression<Func<VigilDbContext, DeathCase, bool>> SuicideRule = (db, c) => c.Manner == "suicide"
        && (c.SceneFeatures.Contains("clothing-anomaly") || c.People.Any(p => p.Role == "present-at-death"));

    private static readonly Expression<Func<VigilDbContext, DeathCase, bool>> NoteRule = (db, c) =>
        (c.SceneFeatures.Contains("note-found") || c.Exhibits.Any(e => e.Type == "note"))
        && !db.CaseActions.Any(a => a.CaseId == c.Id && a.Source == "note-handwriting" && Examined.Contains(a.Status));

    private static readonly Expression<Func<VigilDbContext, DeathCase, bool>> ParaphernaliaRule = (db, c) =>
        c.Classification == CaseClassification.NotSuspicious
        && c.Exhibits.Any(e => Paraphernalia.Contains(e.Type) && e.Tested != true && !db.ForensicSubmissions.Any(s => s.ExhibitId == e.Id));

    private static readonly Expression<Func<VigilDbContext, DeathCase, bool>> RecurringRule = (db, c) =>
        c.People.Any(p => RecurringRoles.Contains(p.Role) && db.CasePeople.Any(o => o.PersonId == p.PersonId && o.CaseId != c.Id && RecurringRoles.Contains(o.Role)));

    public static async Task<List<RedFlagKind>> ForCaseAsync(VigilDbContext db, Guid caseId, CancellationToken ct)
    {
        // One statement for the four rules (four before: ADR 2193); each is the same query as Having's, as a subquery.
        var one = db.Cases.Where(c => c.Id == caseId);
        var (suicide, note, paraphernalia, recurring) = (Having(db, one, SuicideContradiction), Having(db, one, NoteUnexamined),
            Having(db, one, UntestedParaphernalia), Having(db, one, RecurringPerson));
        var found = await db.Cases.Where(c => c.Id == caseId)
            .Select(c => new Found(suicide.Any(), note.Any(), paraphernalia.Any(), recurring.Any())).FirstOrDefaultAsync(ct);
        if (found is null) return [];
        bool[] hits = [found.Suicide, found.Note, found.Paraphernalia, found.Recurring];
        return All.Where((_, i) => hits[i]).ToList();
    }

    private sealed record Found(bool Suicide, bool Note, bool Paraphernalia, bool Recurring);

    public static RedFlagKind? Find(string id) => All.FirstOrDefault(k => k.Id == id);
}
