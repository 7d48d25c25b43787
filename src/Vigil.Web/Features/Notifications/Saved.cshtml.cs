namespace Vigil.Web.Features.Notifications;

/// <summary>A user's saved searches and map filters: run, watch or stop watching, delete. Only the owner sees them.</summary>
// Only the user's own saved queries: no case data.
[Authorize(Policy = Policies.ReadCases), Audit.NoCaseData]
public sealed class SavedModel(VigilDbContext db, TimeProvider clock) : PageModel
{
    public List<SavedSearch> Items { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Items = await MineAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync(string? kind, string? query, string? name, bool watch, CancellationToken ct)
    {
        if (kind is not (SavedSearchKinds.Search or SavedSearchKinds.Map) || string.IsNullOrWhiteSpace(query) || string.IsNullOrWhiteSpace(name) || name.Length > 200 || query.Length > 2000)
        {
            Error = "A saved search needs a name (up to 200 characters) and a search or map filter to save.";
            Items = await MineAsync(ct);
            return Page();
        }
        db.SavedSearches.Add(new SavedSearch { UserId = Inbox.Me(User), Kind = kind, Query = query.TrimStart('?'), Name = name.Trim(), Watch = watch, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostWatchAsync(Guid id, bool watch, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } s) return NotFound();
        s.Watch = watch;
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } s) return NotFound();
        db.SavedSearches.Remove(s);
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    public static string Href(SavedSearch s) => (s.Kind == SavedSearchKinds.Map ? "/map?" : "/search?") + s.Query;

    private Task<List<SavedSearch>> MineAsync(CancellationToken ct)
    {
        var me = Inbox.Me(User);
        return db.SavedSearches.AsNoTracking().Where(s => s.UserId == me).OrderBy(s => s.Name).ToListAsync(ct);
    }

    private Task<SavedSearch?> FindAsync(Guid id, CancellationToken ct)
    {
        var me = Inbox.Me(User);
        return db.SavedSearches.FirstOrDefaultAsync(s => s.Id == id && s.UserId == me, ct);
    }
}
