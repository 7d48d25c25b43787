using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Web.Features.Shared;

namespace Vigil.Web.Features.Cases;

/// <summary>What the create and edit pages share: the bound form, the force's clock and field-level checks.</summary>
public abstract class CaseEditorModel(ForceTime time) : PageModel
{
    [BindProperty] public CaseForm Form { get; set; } = new();
    public ForceTime Time => time;

    /// <summary>Runs the checks that attributes cannot express; true when the form can be saved.</summary>
    protected bool Validate()
    {
        foreach (var (key, message) in Form.Check()) ModelState.AddModelError(key, message);
        Form.Pad();
        return ModelState.IsValid;
    }
}
