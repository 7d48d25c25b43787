using Vigil.Web.Features.Import.Mapping;

namespace Vigil.Web.Features.Import.Page;

/// <summary>/import/{upload}: the file's columns and first rows, the mapping form, a preview of the first 50 records
/// with every problem marked, saving the mapping, and the import itself (with progress the page polls).</summary>
[Authorize(Policy = Policies.ImportCases)]
public sealed class MapModel(ImportUploads uploads, ImportService importer, CaseAccess access, SavedMappings mappings,
    VigilDbContext db, ForceTime time, TimeProvider clock) : PageModel
{
    public const int SampleRows = 5;
    public const int PreviewRows = 50;

    [BindProperty] public MappingForm Form { get; set; } = new();
    [BindProperty] public string? MappingName { get; set; }
    [BindProperty] public Guid? TeamId { get; set; }
    [BindProperty] public Guid Job { get; set; } = Guid.NewGuid();

    public Vigil.Data.Interop.ImportUpload Upload { get; private set; } = null!;
    public IReadOnlyList<string> Columns { get; private set; } = [];
    public List<TabularRow> Sample { get; private set; } = [];
    public List<Team> Teams { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public List<MappedRow>? Preview { get; private set; }
    public ImportSummary? Summary { get; private set; }
    public string? Message { get; private set; }
    public ForceTime Time => time;

    /// <summary>Which reading options apply to a field, for the page's script to show only those.</summary>
    public static string OptionsFor(MappingField f) => string.Join(' ', new[]
    {
        f.IsPerson ? "person" : null, f.IsExhibitPart ? "item" : null, f.TakesFormats ? "formats" : null,
        f.TakesValueMap ? "values" : null, f.IsList ? "split" : null, f.Kind == FieldKind.ToxicologyConcentration ? "substance" : null,
    }.Where(o => o is not null));

    public static string ExtraFor(string column) =>
        MappingFields.ExtraPrefix + new string(column.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray()).Trim('_');

    private string Owner => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task<IActionResult> OnGetAsync(Guid upload, Guid? mapping, CancellationToken ct)
    {
        // Only a mapping of the importer's teams (or one from before mappings had a team): ADR 2905.
        var saved = mapping is { } id ? await mappings.FindAsync(id, ct) : null;
        var start = saved is null ? null : ImportMapping.Parse(saved.Json);
        if (!await LoadAsync(upload, start?.Sheet, ct)) return NotFound();
        Form = MappingForm.For(Columns, start);
        if (saved is not null) (MappingName, TeamId) = (saved.Name, saved.TeamId ?? TeamId);
        return Page();
    }

    /// <summary>The form sent to the page's own address (no button's handler) previews, as Enter in a field does in a
    /// browser (the first button is the preview's). With no handler the page was rendered unloaded: a 500 (ADR 3362).</summary>
    public Task<IActionResult> OnPostAsync(Guid upload, CancellationToken ct) => OnPostPreviewAsync(upload, ct);

    public async Task<IActionResult> OnPostPreviewAsync(Guid upload, CancellationToken ct)
    {
        if (!await LoadAsync(upload, Form.Sheet, ct)) return NotFound();
        var mapping = Form.ToMapping();
        Problems = mapping.Problems(Columns);
        if (Problems.Count == 0) Preview = await WithFileAsync(reader => new RowMapper(mapping, reader.Columns, time.Zone).Preview(reader, PreviewRows), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid upload, CancellationToken ct)
    {
        if (!await LoadAsync(upload, Form.Sheet, ct)) return NotFound();
        var mapping = Form.ToMapping();
        Problems = mapping.Problems(Columns);
        var name = MappingName?.Trim() ?? "";
        if (name.Length is 0 or > SavedMappingConfiguration.MaxNameLength) Problems = [.. Problems, $"give the mapping a name of 1-{SavedMappingConfiguration.MaxNameLength} characters"];
        // Saved for one of the importer's teams, replacing only that team's mapping of the name (ADR 2905).
        var team = await mappings.TeamForAsync(TeamId, Teams, ct);
        if (team is null) Problems = [.. Problems, "choose one of your teams to keep the mapping for"];
        if (Problems.Count > 0) return Page();
        await mappings.SaveAsync(team!.Value, name, mapping.ToJson(), User.Identity!.Name!, clock.GetUtcNow().UtcDateTime, ct);
        Message = $"Mapping \"{name}\" saved for {Teams.First(t => t.Id == team).Name}. Choose it when you upload the next file in this layout.";
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(Guid upload, CancellationToken ct)
    {
        if (!await LoadAsync(upload, Form.Sheet, ct)) return NotFound();
        var mapping = Form.ToMapping();
        Problems = mapping.Problems(Columns);
        // The one place that decides who may import where (ADR 0501): an importing role and membership of the team.
        if (TeamId is not { } team || !await access.CanImportIntoTeamAsync(team, ct)) Problems = [.. Problems, "choose one of your teams to own the new cases"];
        if (Problems.Count > 0) return Page();
        await using (var file = await uploads.OpenAsync(Upload, ct))
        using (var reader = TabularReader.Open(file, mapping.Sheet))
        {
            var mapper = new RowMapper(mapping, reader.Columns, time.Zone);
            ImportProgressReport? latest = null;
            var importing = importer.ImportAsync(mapper.Lines(reader), new ImportOptions(TeamId!.Value, mapping.Source ?? "import"), s =>
                Volatile.Write(ref latest, new ImportProgressReport(s.Lines, s.Accepted, s.Rejected.Count, (int)(100 * file.Position / Math.Max(1, file.Length)))), ct);
            // The counts go to the store, where the page's poll reads them on whichever node answers it (ADR 1622).
            while (await Task.WhenAny(importing, Task.Delay(ProgressEvery, ct)) != importing)
                if (Interlocked.Exchange(ref latest, null) is { } report) await uploads.ReportAsync(Upload, Job, report, ct);
            Summary = await importing;
        }
        await uploads.DeleteAsync(Upload, ct);
        return Page();
    }

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>GET ?handler=Progress&amp;job=…: the running import's counts, for the page's progress bar.</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid job, CancellationToken ct) =>
        new JsonResult(await uploads.ProgressAsync(Owner, job, ct) ?? new ImportProgressReport(0, 0, 0, 0));

    private async Task<bool> LoadAsync(Guid id, string? sheet, CancellationToken ct)
    {
        if (await uploads.FindAsync(id, Owner, ct) is not { } upload) return false;
        Upload = upload;
        Teams = await db.UserTeams.Where(ut => ut.UserId == Owner).Join(db.Teams, ut => ut.TeamId, t => t.Id, (_, t) => t)
            .AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        try
        {
            (Columns, Sample) = await WithFileAsync(reader => (reader.Columns, reader.Rows().Take(SampleRows).ToList()), ct, sheet);
        }
        catch (InvalidDataException ex)
        {
            Problems = [ex.Message];
        }
        return true;
    }

    private async Task<T> WithFileAsync<T>(Func<TabularReader, T> read, CancellationToken ct, string? sheet = null)
    {
        await using var file = await uploads.OpenAsync(Upload, ct);
        using var reader = TabularReader.Open(file, sheet ?? Form.Sheet);
        return read(reader);
    }
}
