namespace Vigil.Web.Features.Enquiries.Actions;

/// <summary>The exhibit an action is for. The rules raise an action per exhibit keyed "{rule}|exhibit:{reference}"
/// ("paraphernalia-forensic|exhibit:VGL-2023-000003/EX-01"); such an action's work is the exhibit's submission to a
/// laboratory, which its chain of custody records, so its result is taken from there (ADR 3324).</summary>
public static class ExhibitLink
{
    private const string Marker = "|exhibit:";

    /// <summary>How a result taken from the chain of custody begins: such a result is the custody's to bring up to date.</summary>
    public const string ResultPrefix = "From the chain of custody: ";

    /// <summary>The exhibit's reference, or null for an action that is not for one exhibit.</summary>
    public static string? Of(CaseAction a)
    {
        var at = a.TriggerKey?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : a.TriggerKey![(at + Marker.Length)..];
    }

    /// <summary>The key suffix of the actions raised for <paramref name="reference"/>, to find them in the store.</summary>
    public static string KeyEnding(string reference) => Marker + reference;
}
