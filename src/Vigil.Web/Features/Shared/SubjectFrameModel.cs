namespace Vigil.Web.Features.Shared;

/// <summary>A page that draws one subject — a death, a person or a series (?case=|person=|series=) — from the API, in
/// the site or, with embed=1, in a frame of a case or series page. The chart and the timeline are such pages.</summary>
public abstract class SubjectFrameModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "case")] public Guid? Case { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Person { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Series { get; set; }
    [BindProperty(SupportsGet = true)] public bool Embed { get; set; }
    /// <summary>A case reference typed on the page shown when no subject is given.</summary>
    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }

    /// <summary>No subject was given: the page asks for one (walk53 finding 24: a 400 "Something in the request was not
    /// right", where nothing had been entered).</summary>
    public bool Choosing { get; private set; }

    /// <summary>Why the typed reference was not drawn, said beside the field.</summary>
    public string? NotDrawn { get; private set; }

    /// <summary>What the page does with its subject, to finish "Choose a case or a person to …".</summary>
    public abstract string Draws { get; }

    /// <summary>The subject as the API's query string.</summary>
    protected string SubjectQuery => Case is { } c ? $"case={c}" : Person is { } p ? $"person={p}" : $"series={Series}";

    protected bool HasSubject => Case is not null || Person is not null || Series is not null;

    /// <summary>Without a subject: a typed case reference the reader may see opens this page on it; otherwise the page
    /// says what it draws and how to choose (status 200: nothing was wrong with the request).</summary>
    protected async Task<IActionResult> ChooseAsync(CaseAccess access, CancellationToken ct)
    {
        var typed = Reference?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(typed))
        {
            var id = await (await access.VisibleAsync(ct)).Where(c => c.Reference == typed).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (id is { } found) return Redirect($"{Request.Path}?case={found}");
            NotDrawn = $"No death with the reference {typed} that you may see. Check the reference, or search by name.";
        }
        Choosing = true;
        return Page();
    }
}
