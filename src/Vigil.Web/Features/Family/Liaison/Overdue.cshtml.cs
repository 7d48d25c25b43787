namespace Vigil.Web.Features.Family.Liaison;

/// <summary>One thing a family is owed and has not had by its due date: a question unanswered, or a "tell the family"
/// task not done. Href: its row on the case's family page.</summary>
public sealed record FamilyOwedRow(Guid CaseId, string CaseReference, Guid Id, string What, string? Who, DateTime DueAt, bool AwaitingApproval)
{
    public string Href(string list) => list == OverdueFamilyLists.Questions ? $"/cases/{CaseId}/family#question-{Id}" : $"/cases/{CaseId}/family#tasks";
}

/// <summary>The lists of what families are owed past its due date, each event a row (ADR 3178): a due-event digest of
/// unanswered questions or overdue "tell the family" tasks links here, so the list must show each event it counts
/// (ADR 3165). The liaison dashboard counts them per case. (A task raised before ADR 3365 may be on a case with no
/// family, which the dashboard leaves out; since, a task is raised only where the family is known.)</summary>
public static class OverdueFamilyLists
{
    public const string Questions = "questions";
    public const string Tasks = "tasks";

    public static string Href(string list) => $"/liaison/overdue/{list}";

    public static string? Title(string list) => list switch
    {
        Questions => "Family questions unanswered past their due date",
        Tasks => "\"Tell the family\" tasks overdue",
        _ => null,
    };

    /// <summary>The list's rows on the <paramref name="visible"/> cases, oldest due first: the dashboards' rule
    /// (<see cref="LiaisonStatus"/>: open and past its due date), which is the due-event sweep's too.</summary>
    public static IQueryable<FamilyOwedRow> Query(VigilDbContext db, string list, IQueryable<DeathCase> visible, DateTime now) => list == Questions
        ? UnansweredQuestions(db, now).Join(visible, q => q.CaseId, c => c.Id, (q, c) => new { q, c })
            .OrderBy(x => x.q.DueAt).ThenBy(x => x.q.Id)
            .Select(x => new FamilyOwedRow(x.c.Id, x.c.Reference, x.q.Id, x.q.Text, x.q.OwnerName, x.q.DueAt, x.q.DraftAnswer != null))
        : OverdueTasks(db, now).Join(visible, t => t.CaseId, c => c.Id, (t, c) => new { t, c })
            .OrderBy(x => x.t.DueAt).ThenBy(x => x.t.Id)
            .Select(x => new FamilyOwedRow(x.c.Id, x.c.Reference, x.t.Id, x.t.Description, null, x.t.DueAt, false));

    /// <summary>Questions unanswered past their due date (an answer awaiting approval is not an answer the family has read).</summary>
    public static IQueryable<FamilyQuestion> UnansweredQuestions(VigilDbContext db, DateTime now) =>
        db.FamilyQuestions.Where(q => q.AnsweredAt == null && q.DueAt < now);

    /// <summary>"Tell the family" tasks not done by their due date.</summary>
    public static IQueryable<FamilyTask> OverdueTasks(VigilDbContext db, DateTime now) =>
        db.FamilyTasks.Where(t => t.DoneAt == null && t.DueAt < now);
}

/// <summary>A list of <see cref="OverdueFamilyLists"/> over the family cases the reader may see.</summary>
[Authorize(Policy = Policies.Liaise)]
public sealed class OverdueModel(VigilDbContext db, CaseAccess access, TimeProvider clock, ForceTime time) : PageModel
{
    public string List { get; private set; } = "";
    public string Title { get; private set; } = "";
    public Paged<FamilyOwedRow> Rows { get; private set; } = null!;
    public ForceTime Time => time;

    public async Task<IActionResult> OnGetAsync(string list, [FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct)
    {
        if (OverdueFamilyLists.Title(list) is not { } title) return NotFound();
        (List, Title) = (list, title);
        var rows = OverdueFamilyLists.Query(db, list, await access.LiaisonVisibleAsync(ct), clock.GetUtcNow().UtcDateTime);
        Rows = await Paged<FamilyOwedRow>.OfAsync(rows, pageNumber, size, ct);
        return Page();
    }
}
