using System.Xml.Linq;
using Hl7.Fhir.Model;

namespace Vigil.Web.Features.Fhir;

/// <summary>Free text in and out of FHIR's XHTML narrative, exactly: one paragraph, the text escaped.</summary>
public static class FhirText
{
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    public static Narrative Div(string text) => new()
    {
        Status = Narrative.NarrativeStatus.Additional,
        Div = new XElement(Xhtml + "div", new XElement(Xhtml + "p", text)).ToString(SaveOptions.DisableFormatting),
    };

    public static string? Read(Narrative? narrative)
    {
        if (narrative?.Div is not { } div) return null;
        var root = XElement.Parse(div, LoadOptions.PreserveWhitespace);
        var paragraphs = root.Elements(Xhtml + "p").ToList();
        return paragraphs.Count > 0 ? string.Join("\n", paragraphs.Select(p => p.Value)) : root.Value;
    }
}
