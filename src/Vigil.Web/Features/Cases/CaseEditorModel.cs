namespace Vigil.Web.Features.Cases;

/// <summary>What the create and edit pages share: the bound form, the force's clock and field-level checks.</summary>
public abstract class CaseEditorModel(ForceTime time) : PageModel
{
    [BindProperty] public CaseForm Form { get; set; } = new();
    public ForceTime Time => time;

    /// <summary>"Add person", "Add exhibit", "Add substance" without a script: the form comes back with one more row.</summary>
    [BindProperty] public string? AddRow { get; set; }

    /// <summary>A row's "Remove" without a script: "list:index".</summary>
    [BindProperty] public string? RemoveRow { get; set; }

    /// <summary>True when the post only added or removed a row: nothing is saved or checked, the form comes back as typed
    /// with its rows renumbered (the model state is cleared so each field shows its row's value, not its old index's).</summary>
    protected bool Rearranged()
    {
        if (AddRow is null && RemoveRow is null) return false;
        if (AddRow is not null) Form.AddRow(AddRow);
        if (RemoveRow is not null) Form.RemoveRow(RemoveRow);
        ModelState.Clear();
        Form.Pad();
        return true;
    }

    /// <summary>Runs the checks that attributes cannot express; true when the form can be saved.</summary>
    protected bool Validate()
    {
        foreach (var (key, message) in Form.Check()) ModelState.AddModelError(key, message);
        Form.Pad();
        return ModelState.IsValid;
    }
}
