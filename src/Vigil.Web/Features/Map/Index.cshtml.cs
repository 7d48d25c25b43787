namespace Vigil.Web.Features.Map;

/// <summary>The map of deaths: filters here, the drawing in wwwroot/js/death-map.js from /api/v1/map.</summary>
// The page is a frame: its data comes from the API, which records each read.
[Authorize(Policy = Policies.ReadCases), Audit.NoCaseData]
public sealed class IndexModel(MapSettings settings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public MapFilter Filter { get; set; } = new();
    public MapSettings Settings => settings;
    public string? Error { get; private set; }

    public void OnGet()
    {
        if (!Filter.KindIsValid) Error = "Choose a kind of death from the list.";
        else if (Filter.From is { } from && Filter.To is { } to && to < from) Error = "The end of the period is before its start.";
    }
}
