namespace Vigil.Data.Enquiries;

/// <summary>The id of the marker migration (both providers) after which stored unnamed-person action keys are renumbered.</summary>
public static class UnnamedActionKeysMarker
{
    public const string Id = "90000000001631_RenumberUnnamedActionKeys";
}
