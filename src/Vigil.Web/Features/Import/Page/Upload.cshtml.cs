namespace Vigil.Web.Features.Import.Page;

/// <summary>/import: upload a CSV or .xlsx file (optionally starting from a saved mapping), then map it.</summary>
[Authorize(Policy = Policies.ImportCases)]
[RequestSizeLimit(ImportApi.MaxImportBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportApi.MaxImportBytes)]
public sealed class UploadModel(ImportUploads uploads, SavedMappings mappings, VigilDbContext db, ForceTime time) : PageModel
{
    [BindProperty] public IFormFile? Spreadsheet { get; set; }
    [BindProperty] public Guid? MappingId { get; set; }
    public List<SavedMapping> Saved { get; private set; } = [];
    public ForceTime Time => time;
    public string? Error { get; private set; }

    public string? Done { get; private set; }

    public async Task OnGetAsync(bool? deleted, CancellationToken ct)
    {
        if (deleted == true) Done = "The mapping was deleted.";
        Saved = await SavedAsync(ct);
    }

    /// <summary>Deletes a saved mapping the importer may delete (ADR 3013); anything else answers 404.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct) =>
        await mappings.DeleteAsync(id, User, ct) is null ? NotFound() : Redirect("/import?deleted=true");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Spreadsheet is null) Error = "Choose a CSV or .xlsx file to upload.";
        else
        {
            var (upload, refusal) = await uploads.SaveAsync(Spreadsheet, User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
            if (upload is not null) return Redirect($"/import/{upload.Id}" + (MappingId is { } m ? $"?mapping={m}" : ""));
            Error = refusal;
        }
        Saved = await SavedAsync(ct);
        return Page();
    }

    /// <summary>A saved mapping as a JSON file, for <c>vigil import --mapping</c>.</summary>
    public async Task<IActionResult> OnGetMappingAsync(Guid id, CancellationToken ct)
    {
        var saved = await mappings.FindAsync(id, ct);
        if (saved is null) return NotFound();
        return File(System.Text.Encoding.UTF8.GetBytes(saved.Json), "application/json", Family.Portal.UploadStore.DisplayName(saved.Name) + ".mapping.json");
    }

    /// <summary>The importer's teams' mappings (and those from before mappings had a team), with their team's name.</summary>
    private async Task<List<SavedMapping>> SavedAsync(CancellationToken ct)
    {
        var saved = await (await mappings.ReadableAsync(ct)).OrderBy(m => m.Name).ToListAsync(ct);
        var ids = saved.Where(m => m.TeamId is not null).Select(m => m.TeamId!.Value).Distinct().ToList();
        TeamNames = await db.Teams.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        Deletable = await mappings.DeletableAsync(saved, User, ct);
        return saved;
    }

    /// <summary>The listed mappings this importer may delete.</summary>
    public HashSet<Guid> Deletable { get; private set; } = [];

    /// <summary>The team each listed mapping is kept for.</summary>
    public Dictionary<Guid, string> TeamNames { get; private set; } = [];

    public string TeamOf(SavedMapping m) => m.TeamId is { } t ? TeamNames.GetValueOrDefault(t, "") : "every team (saved before mappings had a team)";
}
