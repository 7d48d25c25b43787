namespace Vigil.Web.Features.Cases;

/// <summary>/cases/{id}/audit: a case's full audit history, newest first, a hundred entries a page, without the entries
/// the reader may not see (<see cref="Audit.AuditSensitivity"/>); the case page shows only the newest few (ADR 2101).
/// The read is audited as a view of the case by the default page entry (the route is under /cases/{id}).</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class AuditHistoryModel(CaseAccess access, Audit.CaseAuditTrail audit, ForceTime time) : PageModel
{
    public Guid CaseId { get; private set; }
    public string Reference { get; private set; } = "";
    public Paged<Audit.AuditLine> Entries { get; private set; } = null!;
    public ForceTime Time => time;

    public async Task<IActionResult> OnGetAsync(Guid id, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var reference = await (await access.VisibleAsync(ct)).Where(c => c.Id == id).Select(c => c.Reference).FirstOrDefaultAsync(ct);
        if (reference is null) return NotFound();
        (CaseId, Reference) = (id, reference);
        Entries = await audit.PageAsync(id, User, pageNumber, ct);
        return Page();
    }
}

/// <summary>The model of <c>_AuditTable</c>: the entries to list and the force's clock to show their times in.</summary>
public sealed record AuditTable(IEnumerable<Audit.AuditLine> Entries, ForceTime Time);
