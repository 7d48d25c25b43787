using Microsoft.AspNetCore.Html;
using QRCoder;

namespace Vigil.Web.Features.Shared;

/// <summary>QR codes as inline SVG (QRCoder): no image request, no data: URI, nothing for a content security policy
/// to refuse, and sharp at any size and in print. The SVG is an image with a text alternative; the same text is
/// always on the page beside it, for anyone who cannot scan.</summary>
public static class QrCode
{
    public static IHtmlContent Svg(string text, string label)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var renderer = new SvgQRCode(data);
        var svg = renderer.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        // QRCoder writes the XML prolog-free <svg …>; mark it as one image with a name for assistive technology.
        var named = svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\" class=\"qr\" focusable=\"false\" ", StringComparison.Ordinal);
        return new HtmlString(named);
    }
}
