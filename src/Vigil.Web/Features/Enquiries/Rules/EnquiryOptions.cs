namespace Vigil.Web.Features.Enquiries.Rules;

/// <summary>Settings of the enquiries capability (section "Vigil:Enquiries", or VIGIL__ENQUIRIES__* variables).</summary>
public sealed class EnquiryOptions
{
    public const string Section = "Vigil:Enquiries";

    /// <summary>A rules file to use instead of the built-in one (a force's local additions, reviewed like code).</summary>
    public string? RulesFile { get; set; }

    /// <summary>Turns rule evaluation off. Only for measuring what the rules cost an import; never in service.</summary>
    public bool RulesDisabled { get; set; }

    /// <summary>The supervision page counts a red flag's cases up to this many and then says "more than" it (ADR 1646):
    /// on a million deaths an exact count of the recurring-person flag took 8 s of every supervisor's landing page, and
    /// stopping at the first 1,001 took 0.1 s. The API's counts stay exact.</summary>
    public int FlagTileCountStopsAt { get; set; } = 1_000;

    /// <summary>Review points after a case is recorded, e.g. "24h,7d,28d".</summary>
    public string ReviewSchedule { get; set; } = "24h,7d,28d";

    /// <summary>True when <see cref="ReviewSchedule"/> reads as a list of hours and days.</summary>
    public bool ReviewScheduleIsValid()
    {
        try
        {
            return Reviews().Count > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public IReadOnlyList<(string Label, TimeSpan After)> Reviews() =>
        ReviewSchedule.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

    private static (string, TimeSpan) Parse(string label)
    {
        var n = int.Parse(label[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return label[^1] switch
        {
            'h' => (label, TimeSpan.FromHours(n)),
            'd' => (label, TimeSpan.FromDays(n)),
            _ => throw new FormatException($"review interval '{label}' must end in h or d"),
        };
    }

    public EnquiryRuleSet LoadRules()
    {
        if (RulesFile is null) return EnquiryRuleSet.BuiltIn();
        using var stream = File.OpenRead(RulesFile);
        return EnquiryRuleSet.Load(stream);
    }
}
