using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Data.Audit;

internal static class AuditJson
{
    /// <summary>Stable output: the hash covers these bytes, so they must not change between versions.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}
