using Vigil.Data.People;

namespace Vigil.Web.Features.People;

/// <summary>/people/{id}: the person's deaths, phones, addresses and associates; analysts merge and split records here.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class DetailsModel(PersonProfiles profiles, PersonRecords records, VigilDbContext db, IAuthorizationService authz, ForceTime time) : PageModel
{
    public PersonProfile Profile { get; private set; } = null!;
    public bool CanChange { get; private set; }
    public ForceTime Time => time;
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        Done = done switch { "merged" => "The records were merged.", "split" => "The appearances were split into a new record.", _ => null };
        return await ShowAsync(id, ct);
    }

    public async Task<IActionResult> OnPostMergeAsync(Guid id, Guid? other, string? reason, CancellationToken ct)
    {
        if (!await MayChangeAsync()) return Forbid();
        if (other is null) return await ShowAsync(id, ct, "Choose the record that is the same person.");
        var (outcome, why) = await records.MergeAsync(id, other.Value, reason, Me, ct);
        return outcome switch
        {
            PersonChangeOutcome.Done => Redirect($"/people/{id}?done=merged"),
            PersonChangeOutcome.NotFound => NotFound(),
            PersonChangeOutcome.Conflict => await ShowAsync(id, ct, why, StatusCodes.Status409Conflict),
            _ => await ShowAsync(id, ct, why),
        };
    }

    public async Task<IActionResult> OnPostSplitAsync(Guid id, List<Guid> appearance, string? reason, CancellationToken ct)
    {
        if (!await MayChangeAsync()) return Forbid();
        var (outcome, why, created) = await records.SplitAsync(id, appearance, reason, Me, ct);
        return outcome switch
        {
            PersonChangeOutcome.Done => Redirect($"/people/{created}?done=split"),
            PersonChangeOutcome.NotFound => NotFound(),
            PersonChangeOutcome.Conflict => await ShowAsync(id, ct, why, StatusCodes.Status409Conflict),
            _ => await ShowAsync(id, ct, why),
        };
    }

    private string Me => User.Identity?.Name ?? User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<bool> MayChangeAsync() => (await authz.AuthorizeAsync(User, Policies.Analyse)).Succeeded;

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct, string? error = null, int status = StatusCodes.Status200OK)
    {
        var profile = await profiles.LoadAsync(id, ct);
        if (profile is null) return NotFound();
        // A merged record sends its reader on to the record it was merged into only when that one is in their reach: the
        // redirect would otherwise say the record exists and name the other (ADR 3012).
        if (profile.Person.MergedIntoId is { } survivor)
            return await profiles.LoadAsync(survivor, ct) is null ? NotFound() : Redirect($"/people/{survivor}");
        Profile = profile;
        CanChange = await MayChangeAsync();
        Error = error;
        // A person page discloses where someone appears across deaths: a view, on the audit trail.
        Audit.ReadAudit.Record(HttpContext, db, Audit.ReadAudit.View, nameof(Person), id.ToString(), null, """{"via":"web"}""");
        await db.SaveChangesAsync(ct);
        Response.StatusCode = error is null ? StatusCodes.Status200OK : status == StatusCodes.Status200OK ? StatusCodes.Status400BadRequest : status;
        return Page();
    }
}
