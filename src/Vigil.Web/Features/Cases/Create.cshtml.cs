namespace Vigil.Web.Features.Cases;

[Audit.NoCaseData]
[Authorize(Policy = Policies.EditCases)]
public sealed class CreateModel(CaseAccess access, CaseCommands commands, VigilDbContext db, ForceTime time) : CaseEditorModel(time)
{
    public List<Team> Teams { get; private set; } = [];

    /// <summary>Set by the officer after seeing <see cref="Duplicates"/>: this is a different death.</summary>
    [BindProperty] public bool NotADuplicate { get; set; }
    public IReadOnlyList<LikelyDuplicates.Match> Duplicates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadTeamsAsync(ct);
        Form.TeamId = Teams.FirstOrDefault()?.Id ?? Guid.Empty;
        Form.Pad();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadTeamsAsync(ct);
        if (Rearranged()) return Page();
        if (!await access.CanCreateInTeamAsync(Form.TeamId, ct)) ModelState.AddModelError("Form.TeamId", "Choose one of your own teams");
        if (!Validate()) return Page();
        if (!NotADuplicate)
        {
            Duplicates = await LikelyDuplicates.FindAsync(await access.VisibleAsync(ct), Form.DeceasedName, Time.ToUtc(Form.FoundAt!.Value),
                Form.Latitude!.Value, Form.Longitude!.Value, ct);
            if (Duplicates.Count > 0) return Page();
        }
        var c = await commands.CreateAsync(Form.ToRecord(Time, CaseCommands.VigilSource, "new"), Form.TeamId, ct, OfficerInChargeCommands.DefaultFor(User));
        return Redirect($"/cases/{c.Id}");
    }

    private async Task LoadTeamsAsync(CancellationToken ct)
    {
        var scope = await access.ScopeAsync(ct);
        var ids = scope.TeamIds;
        Teams = await db.Teams.Where(t => ids.Contains(t.Id)).OrderBy(t => t.Name).ToListAsync(ct);
    }
}
