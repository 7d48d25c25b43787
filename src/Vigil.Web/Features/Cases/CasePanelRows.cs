using System.Linq.Expressions;
using Vigil.Web.Features.Enquiries;

namespace Vigil.Web.Features.Cases;

/// <summary>The tables the case page's panels and timeline read, one flag each.</summary>
[Flags]
public enum PanelTable
{
    None = 0,
    TimelineEvents = 1 << 0,
    Actions = 1 << 1,
    Decisions = 1 << 2,
    Movements = 1 << 3,
    Submissions = 1 << 4,
    Examinations = 1 << 5,
    Reviews = 1 << 6,
    FamilyFile = 1 << 7,
    FamilyContacts = 1 << 8,
    FamilyQuestions = 1 << 9,
    Disclosures = 1 << 10,
    FamilySubmissions = 1 << 11,
    FloDeployments = 1 << 12,
    FamilyTasks = 1 << 13,
    OpenLinkCandidates = 1 << 14,
    PendingLinkage = 1 << 15,
    SeriesMembers = 1 << 16,
    /// <summary>Not a panel's table: one of the case's people is in another death (the people section's "other deaths").</summary>
    PeopleInOtherDeaths = 1 << 17,
    /// <summary>Read by no panel on its own: a family member recorded starts the contact clock (ADR 3224).</summary>
    FamilyMembers = 1 << 18,
}

/// <summary>Which of the case page's panel tables hold rows for its case, asked in the statement that reads the case's
/// row (ADR 2461; in the case's own statement since ADR 3199). Most cases have no actions, family file, link candidates
/// or series: each of those panel reads was a statement that came back empty. A reader asks <see cref="None"/> and skips
/// its statement when the answer is known; anywhere else (nothing read for that case in this request) the answer is "not
/// known" and every read runs as before.</summary>
/// <remarks>Nothing is cached across requests. The rows are asked a few statements before the panels read them, as each
/// panel's statement was its own snapshot before: a row written in between may be shown or not, as it might have been.
/// Not sealed: <c>CasePanelRowsTests</c> renders the page with every read sent (nothing known) to compare it.</remarks>
public class CasePanelRows(VigilDbContext db)
{
    private (Guid CaseId, PanelTable Present, List<RedFlagKind> Flags)? known;

    /// <summary>The case page's case, with what <see cref="CaseApi.LoadAsync"/> includes, if the reader may read it (the
    /// same scope check on the row: <see cref="CaseAccess.LoadReadableAsync{T}"/>), and, in the case row's own statement,
    /// which panel tables hold rows of it and which red flags it carries (ADR 2193: each rule's own query as a subquery
    /// of the same row). One round trip fewer than asking them after the case (ADR 3199). Nothing is known when the
    /// case is not found or not readable.</summary>
    public virtual async Task<DeathCase?> LoadCaseAsync(CaseAccess access, Guid id, CancellationToken ct)
    {
        var read = await access.LoadReadableAsync(id, CaseAndRows, r => r.Case, ct);
        known = read is null ? null : (read.Case.Id, read.Rows.Present, read.Rows.Flags);
        return read?.Case;
    }

    /// <summary>The same statement for a case asked about outside a reader's request (no scope check; only
    /// <see cref="None"/> and <see cref="RedFlagsOf"/> answer from it): the red-flag rules' test.</summary>
    public async Task ReadAsync(Guid caseId, CancellationToken ct)
    {
        var read = await CaseAndRows.For(db)(db, caseId, ct);
        known = read is null ? null : (caseId, read.Rows.Present, read.Rows.Flags);
    }

    /// <summary>Compiled once (ADRs 2561, 2581): the case as <see cref="CaseApi.LoadAsync"/> reads it (split: its row, then
    /// people, toxicology and exhibits), its row's statement carrying eighteen subqueries, the other-deaths one and the
    /// four red-flag rules (<see cref="RedFlags.Rule"/>'s own, spliced in for the <c>Flag</c> markers; each asked of the
    /// case's own row, as <see cref="RedFlags.ForCaseAsync"/> asks it of the one-case query).</summary>
    private static readonly Hosting.CompiledPerModel<Func<VigilDbContext, Guid, CancellationToken, Task<CaseRows?>>> CaseAndRows = new(() =>
        EF.CompileAsyncQuery(WithRules<Func<VigilDbContext, Guid, CancellationToken, CaseRows?>>((db, caseId, ct) => db.Cases.Where(c => c.Id == caseId)
            .Include(c => c.People).ThenInclude(p => p.Person)
            .Include(c => c.Toxicology).Include(c => c.Exhibits).Include(c => c.Team).Include(c => c.OfficerInCharge)
            .AsSplitQuery()
            .Select(c => new CaseRows(c, new Rows(
                db.Set<TimelineEvent>().Any(x => x.CaseId == caseId),
                db.Set<CaseAction>().Any(x => x.CaseId == caseId),
                db.Set<CaseDecision>().Any(x => x.CaseId == caseId),
                db.Set<ExhibitMovement>().Any(x => x.CaseId == caseId),
                db.Set<ForensicSubmission>().Any(x => x.CaseId == caseId),
                db.Set<ExaminationResult>().Any(x => x.CaseId == caseId),
                db.Set<CaseReview>().Any(x => x.CaseId == caseId),
                db.Set<FamilyFile>().Any(x => x.CaseId == caseId),
                db.Set<FamilyContact>().Any(x => x.CaseId == caseId),
                db.Set<FamilyQuestion>().Any(x => x.CaseId == caseId),
                db.Set<Disclosure>().Any(x => x.CaseId == caseId),
                db.Set<FamilySubmission>().Any(x => x.CaseId == caseId),
                db.Set<FloDeployment>().Any(x => x.CaseId == caseId),
                db.Set<FamilyTask>().Any(x => x.CaseId == caseId),
                // Each reader's own filter where it has one: the open candidates, the outbox rows not done.
                db.Set<LinkCandidate>().Any(x => x.Status == LinkStatus.Open && (x.NewerCaseId == caseId || x.EarlierCaseId == caseId)),
                db.Set<LinkageOutboxRow>().Any(x => x.CaseId == caseId && x.DoneAt == null),
                db.Set<LinkedSeriesMember>().Any(x => x.CaseId == caseId),
                // The page's other-deaths read, as a question: a person of this case in any other case.
                db.CasePeople.Any(p => p.CaseId == caseId && db.CasePeople.Any(o => o.PersonId == p.PersonId && o.CaseId != caseId)),
                db.Set<FamilyMember>().Any(x => x.CaseId == caseId),
                Flag(0, db, c), Flag(1, db, c), Flag(2, db, c), Flag(3, db, c)))).FirstOrDefault())));

    /// <summary>A marker for red-flag rule <paramref name="rule"/> of <see cref="RedFlags.All"/> over the case; never
    /// called: <see cref="WithRules"/> replaces it with the rule's body before EF sees the query.</summary>
    private static bool Flag(int rule, VigilDbContext db, DeathCase c) =>
        throw new InvalidOperationException($"red flag {rule} of case {c.Id} in {db.GetType().Name} was not spliced in");

    private static Expression<T> WithRules<T>(Expression<T> query) => (Expression<T>)new RuleSplicer().Visit(query);

    private sealed class RuleSplicer : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.Name == nameof(Flag) && node.Method.DeclaringType == typeof(CasePanelRows)
                ? Hosting.ExpressionSplice.Inline(RedFlags.Rule(RedFlags.All[(int)((ConstantExpression)node.Arguments[0]).Value!]), node.Arguments[1], node.Arguments[2])
                : base.VisitMethodCall(node);
    }

    /// <summary>True only when <see cref="LoadCaseAsync"/> asked about this case in this request and <paramref name="table"/>
    /// had none of its rows: the reader may answer empty without a statement.</summary>
    public bool None(Guid caseId, PanelTable table) => known is { } k && k.CaseId == caseId && (k.Present & table) == 0;

    /// <summary>The case's red flags as <see cref="RedFlags.ForCaseAsync"/> answers them, if read for this case in this request.</summary>
    public List<RedFlagKind>? RedFlagsOf(Guid caseId) => known is { } k && k.CaseId == caseId ? k.Flags : null;

    private sealed record CaseRows(DeathCase Case, Rows Rows);

    private sealed record Rows(bool TimelineEvents, bool Actions, bool Decisions, bool Movements, bool Submissions, bool Examinations, bool Reviews,
        bool FamilyFile, bool FamilyContacts, bool FamilyQuestions, bool Disclosures, bool FamilySubmissions, bool FloDeployments, bool FamilyTasks,
        bool OpenLinkCandidates, bool PendingLinkage, bool SeriesMembers, bool PeopleInOtherDeaths, bool FamilyMembers, bool Suicide, bool Note, bool Paraphernalia, bool Recurring)
    {
        public PanelTable Present
        {
            get
            {
                bool[] has = [TimelineEvents, Actions, Decisions, Movements, Submissions, Examinations, Reviews, FamilyFile, FamilyContacts,
                    FamilyQuestions, Disclosures, FamilySubmissions, FloDeployments, FamilyTasks, OpenLinkCandidates, PendingLinkage, SeriesMembers,
                    PeopleInOtherDeaths, FamilyMembers];
                var flags = PanelTable.None;
                for (var i = 0; i < has.Length; i++) if (has[i]) flags |= (PanelTable)(1 << i);
                return flags;
            }
        }

        public List<RedFlagKind> Flags
        {
            get
            {
                bool[] hits = [Suicide, Note, Paraphernalia, Recurring];
                return RedFlags.All.Where((_, i) => hits[i]).ToList();
            }
        }
    }
}

/// <summary>Skips a panel read whose table holds no rows of the case (<see cref="CasePanelRows"/>).</summary>
public static class PanelReads
{
    public static async Task<List<T>> UnlessNone<T>(this CasePanelRows rows, Guid caseId, PanelTable table, Func<Task<List<T>>> read) =>
        rows.None(caseId, table) ? [] : await read();
}
