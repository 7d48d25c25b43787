namespace Vigil.Records;

/// <summary>One broken rule of a record: the field's path in the format (e.g. <c>location.lat</c>, <c>people[0].role</c>) and why.</summary>
public readonly record struct FieldError(string Field, string Message);

/// <summary>The rules of death-record v1 beyond JSON shape: lengths, ranges and the closed lists.</summary>
public static class DeathRecordValidator
{
    public const int MaxRefLength = 64;
    public const int MaxTextLength = 100_000;

    /// <summary>The broken rules as messages that start with the field's path.</summary>
    public static IReadOnlyList<string> Validate(DeathRecord r) => ValidateFields(r).Select(e => e.Message).ToList();

    /// <summary>The broken rules with the field each belongs to, so that a preview can mark the cell that caused it.</summary>
    public static IReadOnlyList<FieldError> ValidateFields(DeathRecord r)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(r.Ref) || r.Ref.Length > MaxRefLength)
            errors.Add(new("ref", $"ref must be 1-{MaxRefLength} characters"));
        if (r.Location.Lat is < -90 or > 90 || double.IsNaN(r.Location.Lat)) errors.Add(new("location.lat", "location.lat must be between -90 and 90"));
        if (r.Location.Lon is < -180 or > 180 || double.IsNaN(r.Location.Lon)) errors.Add(new("location.lon", "location.lon must be between -180 and 180"));
        Check(errors, "location.setting", r.Location.Setting, Vocabulary.Settings);
        Check(errors, "deceased.sex", r.Deceased?.Sex, Vocabulary.Sexes);
        if (r.Deceased?.Age is < 0 or > 130) errors.Add(new("deceased.age", "deceased.age must be between 0 and 130"));
        Check(errors, "position", r.Position, Vocabulary.Positions);
        Check(errors, "manner", r.Manner, Vocabulary.Manners);
        if (r.Classification is not null && Vocabulary.MapClassification(r.Classification) is null)
            errors.Add(new("classification", $"classification '{Clip(r.Classification)}' is not a known category"));
        foreach (var feature in r.SceneFeatures ?? [])
            Check(errors, "scene_features", feature, Vocabulary.SceneFeatures);
        for (var i = 0; i < (r.People?.Count ?? 0); i++)
            Check(errors, $"people[{i}].role", r.People![i].Role, Vocabulary.PersonRoles);
        for (var i = 0; i < (r.Exhibits?.Count ?? 0); i++)
            Check(errors, $"exhibits[{i}].type", r.Exhibits![i].Type, Vocabulary.ExhibitTypes);
        for (var i = 0; i < (r.Toxicology?.Count ?? 0); i++)
            if (string.IsNullOrWhiteSpace(r.Toxicology![i].Substance)) errors.Add(new($"toxicology[{i}].substance", $"toxicology[{i}].substance is empty"));
        if ((r.Narrative?.Length ?? 0) > MaxTextLength) errors.Add(new("narrative", $"narrative is longer than {MaxTextLength:N0} characters"));
        if (r.ReportedAt is { } reported && reported < r.FoundAt.AddYears(-1))
            errors.Add(new("reported_at", "reported_at is more than a year before found_at"));
        return errors;
    }

    private static void Check(List<FieldError> errors, string field, string? value, IReadOnlySet<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
            errors.Add(new(field, $"{field} '{Clip(value)}' is not one of: {string.Join(", ", allowed)}"));
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
