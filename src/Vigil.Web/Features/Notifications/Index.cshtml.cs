namespace Vigil.Web.Features.Notifications;

/// <summary>The notifications page: the unread first, then the rest, each newest first (ADR 3302); mark one or all as read.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(Inbox inbox, ForceTime time) : PageModel
{
    public Paged<Notification> Items { get; private set; } = null!;
    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }
    public ForceTime Time => time;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, int? size, CancellationToken ct) =>
        Items = await inbox.ListAsync(User, Unread, pageNumber, size, ct);

    public async Task<IActionResult> OnPostReadAsync(Guid? id, CancellationToken ct) =>
        await inbox.MarkReadAsync(User, id, ct) ? RedirectToPage(new { unread = Unread ? "true" : null }) : NotFound();

    public static string Describe(string kind) => kind switch
    {
        NotificationKinds.OverrideRequested => "Override to sign",
        NotificationKinds.FamilyQuestion => "Family question",
        NotificationKinds.FamilySubmission => "Family information",
        NotificationKinds.ActionAllocated => "Action allocated",
        NotificationKinds.NewInformation => "New information after a decision",
        NotificationKinds.LinkageAlert => "Possible links",
        NotificationKinds.LinkedSeries => "Linked series",
        NotificationKinds.WatchMatch => "Watched search",
        NotificationKinds.ContactOverdue => "Family contact overdue",
        NotificationKinds.ReviewDue => "Case review due",
        NotificationKinds.ActionOverdue => "Action overdue",
        NotificationKinds.QuestionOverdue => "Family question overdue",
        NotificationKinds.FamilyTaskOverdue => "Tell the family overdue",
        _ => kind,
    };
}
