using Vigil.Data.Identity;
using Vigil.Data.People;

namespace Vigil.Data.Cases;

/// <summary>A reported death: the case every other capability (enquiries, linkage, family) attaches to.</summary>
public class DeathCase
{
    public Guid Id { get; set; } = NewId.Version7();

    /// <summary>Vigil's own reference, e.g. VGL-2026-000042, unique.</summary>
    public string Reference { get; set; } = "";

    /// <summary>Where the record came from and its reference there; (TeamId, Source, SourceRef) is unique so re-import
    /// into the same team updates (ADR 0501).</summary>
    public string Source { get; set; } = "vigil";
    public string SourceRef { get; set; } = "";

    public Guid TeamId { get; set; }
    public Team? Team { get; set; }

    /// <summary>The officer in charge: a staff user (investigator or supervisor) of the case's team or granted the case,
    /// never free text; unset until named (ADR 1401). Answers to the family route to them, and they never sign an
    /// override on their own case (ADR 0505).</summary>
    public string? OfficerInChargeId { get; set; }
    public VigilUser? OfficerInCharge { get; set; }

    public Deceased Deceased { get; set; } = new();

    public DateTime FoundAt { get; set; }
    public DateTime? ReportedAt { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string? Setting { get; set; }
    public string? LocationDescription { get; set; }
    public string? LocationAddress { get; set; }
    public string? Area { get; set; }

    public string? Position { get; set; }

    /// <summary>Scene features in the format's spelling, space-separated and sorted (small closed list; see ADR 0004).</summary>
    public string SceneFeatures { get; set; } = "";
    public string? Narrative { get; set; }
    public string? CauseOfDeath { get; set; }
    public string? Manner { get; set; }

    /// <summary>The national category (expected, unexpected-not-suspicious, unexpected-under-investigation, homicide).</summary>
    public string Classification { get; set; } = CaseClassification.UnderInvestigation;

    /// <summary>The source's own term (e.g. "non-suspicious") kept as written beside the mapped category.</summary>
    public string? SourceClassification { get; set; }

    /// <summary>Fields of an imported record that Vigil does not model, kept as JSON so export gives them back.</summary>
    public string? ExtraJson { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: bumped on every save, exposed as the ETag.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Moves with every decision recorded on the case (a classification, a closure, a reopening, an override
    /// asked for, signed or declined) and is a concurrency token beside <see cref="Version"/>: a decision's save updates
    /// the case row only where neither has moved since the request read it, so of two decisions made on the same reading
    /// of the case the database refuses the second (ADR 3246). Not the ETag: a closure or an override request changes
    /// nothing of the record, so what an ETag read before it means is unchanged (409 "closed", not 412). Not audited:
    /// the decision's own row is the entry.</summary>
    public int DecisionVersion { get; set; }

    /// <summary>A fingerprint of the facts the linkage engine reads, as they were when the case was last queued for a
    /// comparison: a save that leaves them as they were is not compared again (ADR 3205). Null for a case saved before
    /// fingerprints were kept, or when the save could not tell; such a case is queued at its next save.</summary>
    public string? LinkageFingerprint { get; set; }

    public List<ToxicologyResult> Toxicology { get; set; } = [];
    public List<CasePerson> People { get; set; } = [];
    public List<Exhibit> Exhibits { get; set; } = [];
    public List<TimelineEvent> Timeline { get; set; } = [];

    public IReadOnlyList<string> SceneFeatureList =>
        SceneFeatures.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public void SetSceneFeatures(IEnumerable<string> features) =>
        SceneFeatures = string.Join(' ', features.Select(f => f.Trim()).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}

/// <summary>The person who died (owned by the case; a deceased is not shared across cases).</summary>
public class Deceased
{
    public string? Name { get; set; }
    /// <summary>Lower-case, punctuation-free form of the name for search.</summary>
    public string? NameSearch { get; set; }
    public string? Sex { get; set; }
    public int? Age { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? HomeArea { get; set; }
    public string? Occupation { get; set; }
    public string? Address { get; set; }
}

public class ToxicologyResult
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public string Substance { get; set; } = "";
    public double? ConcentrationMgL { get; set; }
}

public static class CaseClassification
{
    public const string Expected = "expected";
    public const string NotSuspicious = "unexpected-not-suspicious";
    public const string UnderInvestigation = "unexpected-under-investigation";
    public const string Homicide = "homicide";
    public static readonly IReadOnlyList<string> All = [Expected, NotSuspicious, UnderInvestigation, Homicide];

    public static string Describe(string category) => category switch
    {
        Expected => "Expected death",
        NotSuspicious => "Unexpected death – investigated, not suspicious",
        UnderInvestigation => "Unexpected death – under investigation",
        Homicide => "Homicide",
        _ => category,
    };
}
