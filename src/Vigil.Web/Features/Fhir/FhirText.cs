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

    /// <summary>The narrative's text, or why it cannot be read: another system's XHTML may not be well-formed (AFL++
    /// found mismatched and broken tags in round 41), and that is the sender's error to hear, not a failed request.</summary>
    public static bool TryRead(Narrative? narrative, out string? text, out string? problem)
    {
        text = problem = null;
        if (narrative?.Div is not { } div) return true;
        XElement root;
        try
        {
            root = XElement.Parse(div, LoadOptions.PreserveWhitespace);
        }
        catch (System.Xml.XmlException ex)
        {
            problem = $"the narrative is not well-formed XHTML: {ex.Message}";
            return false;
        }
        var paragraphs = root.Elements(Xhtml + "p").ToList();
        text = paragraphs.Count > 0 ? string.Join("\n", paragraphs.Select(p => p.Value)) : root.Value;
        return true;
    }
}
