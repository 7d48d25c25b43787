namespace Vigil.Web.Features.Cases;

[Authorize(Policy = Policies.EditCases)]
public sealed class EditModel(CaseAccess access, CaseCommands commands, ForceTime time) : CaseEditorModel(time)
{
    public Guid Id { get; private set; }
    public string Reference { get; private set; } = "";
    public bool Conflict { get; private set; }
    public bool Locked { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var c = await CaseApi.LoadAsync(access, id, ct);
        if (c is null || !await access.CanEditAsync(c, ct)) return NotFound();
        (Id, Reference) = (c.Id, c.Reference);
        Form = CaseForm.From(c, Time);
        if (await commands.RefuseEditAsync(c, ct) is { } refused) Refuse(refused);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var c = await CaseApi.LoadAsync(access, id, ct);
        if (c is null || !await access.CanEditAsync(c, ct)) return NotFound();
        (Id, Reference) = (c.Id, c.Reference);
        var refused = await commands.RefuseEditAsync(c, ct);
        if (refused is null)
        {
            if (Rearranged() || !Validate()) return Page();
            refused = await commands.UpdateAsync(c, Form.ToRecord(Time, c.Source, c.SourceRef), Form.Version, ct);
            if (refused is null) return Redirect($"/cases/{c.Id}");
        }
        if (refused == CaseCommands.Stale) Conflict = true;
        else Refuse(refused);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The case may not be changed at all now (closed): say why and offer no form.</summary>
    private void Refuse(Refusal refused)
    {
        Locked = true;
        ModelState.AddRefusal(refused);
    }
}
