using System.Text.RegularExpressions;
using Vigil.Web.Features.Shared.Forms;

namespace Vigil.Web.Features.Cases;

/// <summary>The element a case form error's summary link goes to. Most fields carry Razor's id for their name; a row's
/// role or type keeps its short id ("person-role-0"), which the rows' script renumbers, so the summary is told it here.</summary>
public static partial class CaseFormFieldIds
{
    public static string Of(string key)
    {
        var row = RowField().Match(key);
        if (!row.Success) return FormErrors.FieldId(key);
        return (row.Groups["list"].Value, row.Groups["field"].Value) switch
        {
            ("People", "Role") => "person-role-" + row.Groups["i"].Value,
            ("Exhibits", "Type") => "exhibit-type-" + row.Groups["i"].Value,
            _ => FormErrors.FieldId(key),
        };
    }

    [GeneratedRegex(@"^Form\.(?<list>People|Exhibits)\[(?<i>\d+)\]\.(?<field>\w+)$")]
    private static partial Regex RowField();
}
