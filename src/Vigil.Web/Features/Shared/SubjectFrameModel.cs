namespace Vigil.Web.Features.Shared;

/// <summary>A page that draws one subject — a death, a person or a series (?case=|person=|series=) — from the API, in
/// the site or, with embed=1, in a frame of a case or series page. The chart and the timeline are such pages.</summary>
public abstract class SubjectFrameModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "case")] public Guid? Case { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Person { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Series { get; set; }
    [BindProperty(SupportsGet = true)] public bool Embed { get; set; }

    /// <summary>The subject as the API's query string.</summary>
    protected string SubjectQuery => Case is { } c ? $"case={c}" : Person is { } p ? $"person={p}" : $"series={Series}";
}
