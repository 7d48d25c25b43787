namespace Vigil.Records;

/// <summary>The rules of death-record v1 beyond JSON shape: lengths, ranges and the closed lists.</summary>
public static class DeathRecordValidator
{
    public const int MaxRefLength = 64;
    public const int MaxTextLength = 100_000;

    public static IReadOnlyList<string> Validate(DeathRecord r)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(r.Ref) || r.Ref.Length > MaxRefLength)
            errors.Add($"ref must be 1-{MaxRefLength} characters");
        if (r.Location.Lat is < -90 or > 90 || double.IsNaN(r.Location.Lat)) errors.Add("location.lat must be between -90 and 90");
        if (r.Location.Lon is < -180 or > 180 || double.IsNaN(r.Location.Lon)) errors.Add("location.lon must be between -180 and 180");
        Check(errors, "location.setting", r.Location.Setting, Vocabulary.Settings);
        Check(errors, "deceased.sex", r.Deceased?.Sex, Vocabulary.Sexes);
        if (r.Deceased?.Age is < 0 or > 130) errors.Add("deceased.age must be between 0 and 130");
        Check(errors, "position", r.Position, Vocabulary.Positions);
        Check(errors, "manner", r.Manner, Vocabulary.Manners);
        if (r.Classification is not null && Vocabulary.MapClassification(r.Classification) is null)
            errors.Add($"classification '{Clip(r.Classification)}' is not a known category");
        foreach (var feature in r.SceneFeatures ?? [])
            Check(errors, "scene_features", feature, Vocabulary.SceneFeatures);
        for (var i = 0; i < (r.People?.Count ?? 0); i++)
            Check(errors, $"people[{i}].role", r.People![i].Role, Vocabulary.PersonRoles);
        for (var i = 0; i < (r.Exhibits?.Count ?? 0); i++)
            Check(errors, $"exhibits[{i}].type", r.Exhibits![i].Type, Vocabulary.ExhibitTypes);
        for (var i = 0; i < (r.Toxicology?.Count ?? 0); i++)
            if (string.IsNullOrWhiteSpace(r.Toxicology![i].Substance)) errors.Add($"toxicology[{i}].substance is empty");
        if ((r.Narrative?.Length ?? 0) > MaxTextLength) errors.Add($"narrative is longer than {MaxTextLength:N0} characters");
        if (r.ReportedAt is { } reported && reported < r.FoundAt.AddYears(-1))
            errors.Add("reported_at is more than a year before found_at");
        return errors;
    }

    private static void Check(List<string> errors, string field, string? value, IReadOnlySet<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
            errors.Add($"{field} '{Clip(value)}' is not one of: {string.Join(", ", allowed)}");
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
