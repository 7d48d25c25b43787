namespace Vigil.Web.Features.Import.Page;

/// <summary>/import: upload a CSV or .xlsx file (optionally starting from a saved mapping), then map it.</summary>
[Authorize(Policy = Policies.ImportCases)]
[RequestSizeLimit(ImportApi.MaxImportBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportApi.MaxImportBytes)]
public sealed class UploadModel(ImportUploads uploads, VigilDbContext db, ForceTime time) : PageModel
{
    [BindProperty] public IFormFile? Spreadsheet { get; set; }
    [BindProperty] public Guid? MappingId { get; set; }
    public List<SavedMapping> Saved { get; private set; } = [];
    public ForceTime Time => time;
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Saved = await SavedAsync(ct);

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
        var saved = await db.SavedMappings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (saved is null) return NotFound();
        return File(System.Text.Encoding.UTF8.GetBytes(saved.Json), "application/json", Family.Portal.UploadStore.DisplayName(saved.Name) + ".mapping.json");
    }

    private Task<List<SavedMapping>> SavedAsync(CancellationToken ct) => db.SavedMappings.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
}
