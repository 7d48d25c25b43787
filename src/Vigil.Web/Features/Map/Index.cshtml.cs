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
        Error = Filter.Problems().Select(p => p.Message).FirstOrDefault();
    }
}
