using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Cases;

/// <summary>The case header's "officer in charge" picker posts here (ADR 1401): a supervisor of the case's team names
/// one of the case's officers; the page returns to the header with the outcome.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class OfficerInChargeModel(CaseAccess access, OfficerInChargeCommands naming) : PageModel
{
    /// <summary>The id of the case header, where the picker, its message and its errors are.</summary>
    public const string Section = "officer-in-charge";

    public IActionResult OnGet(Guid id) => Redirect($"/cases/{id}#{Section}");

    public async Task<IActionResult> OnPostAsync(Guid id, string? officerInCharge, int version, CancellationToken ct)
    {
        var c = await CaseApi.LoadAsync(access, id, ct);
        if (c is null) return NotFound();
        if (!await access.CanNameOfficerInChargeAsync(c, ct)) return Forbid();
        if (await naming.NameAsync(c, officerInCharge, version, ct) is { } refused)
        {
            // Back to the header with the choice as it was made and why it was refused, beside the picker (ADR 0659).
            CarriedForm.From(Request, [new CarriedError("OfficerInCharge", refused.Detail is null ? refused.Title : $"{refused.Title} {refused.Detail}")]).Keep(TempData);
            return Redirect($"/cases/{id}#{Section}");
        }
        return this.RedirectToSection($"/cases/{id}", Section, c.OfficerInCharge is { } o
            ? $"{(o.DisplayName.Length > 0 ? o.DisplayName : o.UserName)} is now the officer in charge." : "No officer in charge is named now.");
    }
}
