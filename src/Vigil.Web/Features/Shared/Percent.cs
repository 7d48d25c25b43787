namespace Vigil.Web.Features.Shared;

/// <summary>A share as a whole percentage that never breaks from its sign: "91 %" with a no-break space, so a narrow
/// cell cannot leave "Series 91" on one line and "%" on the next (walk51).</summary>
public static class Percent
{
    public static string Of(double share) => share.ToString("P0", CultureInfo.InvariantCulture).Replace(' ', '\u00A0');
}
