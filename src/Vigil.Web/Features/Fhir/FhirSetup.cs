using Vigil.Web.Features.Fhir;

namespace Vigil.Web;

/// <summary>FHIR R4 in and out. No services of its own: its readers and writers are static, and a document is
/// imported by the import capability's.</summary>
public static class FhirSetup
{
    public static RouteGroupBuilder MapFhirApi(this RouteGroupBuilder api) => FhirApi.Map(api);
}
