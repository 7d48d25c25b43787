using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Vigil.Web.Features.Fhir;

/// <summary>FHIR JSON through Firely's System.Text.Json converters (strict: an unknown element is an error).</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    public static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Options);

    public static void Write(Stream output, Resource resource) => JsonSerializer.Serialize(output, resource, resource.GetType(), Options);

    /// <summary>The bundle, or the parser's reasons it is not valid FHIR R4 JSON.</summary>
    public static (Bundle? Bundle, string? Error) ParseBundle(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<Bundle>(json, Options), null);
        }
        catch (DeserializationFailedException ex)
        {
            return (null, string.Join("; ", ex.Exceptions.Take(10).Select(e => e.Message)));
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or InvalidOperationException or FormatException or OverflowException or NotSupportedException)
        {
            // Firely's deserializer itself fails on some malformed input (an index out of range, a "no default constructor" for an abstract resource: found by AFL++ in
            // round 41): still not a bundle, said as such, not a 500.
            return (null, $"the FHIR parser could not read it ({ex.GetType().Name})");
        }
    }
}
