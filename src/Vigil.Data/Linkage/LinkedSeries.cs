namespace Vigil.Data.Linkage;

/// <summary>Deaths that may share an offender. A <em>confirmed</em> series holds deaths an analyst has confirmed; a
/// <em>candidate</em> series is one the engine proposes (a person recurring, a concentration, several earlier deaths
/// matching a new one) until an analyst confirms two of its members. A case is a confirmed member of at most one
/// series; confirming a link between members of two series merges them.</summary>
public class LinkedSeries
{
    public Guid Id { get; set; } = NewId.Version7();

    /// <summary>Human reference, e.g. LS-2026-7F3A2C.</summary>
    public string Reference { get; set; } = "";

    /// <summary>candidate or confirmed (<see cref="SeriesStatus"/>).</summary>
    public string Status { get; set; } = SeriesStatus.Confirmed;

    /// <summary>What raised it: pair, person, cluster or series (<see cref="AlertKind"/>).</summary>
    public string Kind { get; set; } = AlertKind.Pair;

    /// <summary>The engine's words for why it proposed the series (counts only: no case is named).</summary>
    public string Summary { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public List<LinkedSeriesMember> Members { get; set; } = [];
}

/// <summary>A death in a series: proposed by the engine (with the evidence and its words), then confirmed or
/// rejected by an analyst with a reason.</summary>
public class LinkedSeriesMember
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid SeriesId { get; set; }
    public Guid CaseId { get; set; }

    /// <summary>proposed, lapsed, confirmed or rejected (<see cref="MemberStatus"/>).</summary>
    public string Status { get; set; } = MemberStatus.Confirmed;

    /// <summary>When the row last changed status — lapsed, proposed again, confirmed or rejected — or null while it has
    /// the status it was added with (and for changes made before ADR 3149 recorded them; a decision has <see cref="DecidedAt"/>).</summary>
    public DateTime? StatusChangedAt { get; set; }

    /// <summary>Gives the row <paramref name="status"/>, noting when if it is a change (as <see cref="LinkCandidate.MoveTo"/>).</summary>
    public void MoveTo(string status, DateTime at)
    {
        if (status == Status) return;
        (Status, StatusChangedAt) = (status, at);
    }

    /// <summary>What proposed it: pair, person, cluster or series (<see cref="AlertKind"/>).</summary>
    public string Evidence { get; set; } = AlertKind.Pair;

    /// <summary>The probability that the death belongs to the series when it was proposed (scored against the series
    /// as a whole), 0 for members added by a decision.</summary>
    public double Probability { get; set; }

    /// <summary>The engine's reasons in words when it proposed the death (counts only: no other case is named).</summary>
    public string Reasons { get; set; } = "";

    /// <summary>The other death whose comparison with this one <see cref="Reasons"/> gives as its evidence, so the queue can
    /// open that pair side by side (ADR 3329); null when the reasons name no pair (a signal's words, or scored again
    /// against the series as a whole) and for proposals made before it was kept.</summary>
    public Guid? ComparedWithCaseId { get; set; }

    public DateTime AddedAt { get; set; }
    public string AddedBy { get; set; } = "";
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionReason { get; set; }
}

public static class SeriesStatus
{
    public const string Candidate = "candidate";
    public const string Confirmed = "confirmed";
}

public static class MemberStatus
{
    public const string Proposed = "proposed";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";

    /// <summary>Undecided, and no longer alike enough to propose: scored again against the series as a whole after a
    /// change to one of its deaths, it falls below the alert threshold (ADR 3149, as a pair lapses: ADR 3142). It leaves
    /// the open queue with its new score and stays decidable; scored or proposed again at or above it, it is proposed again.</summary>
    public const string Lapsed = "lapsed";

    /// <summary>No analyst has decided the row: proposed or lapsed.</summary>
    public static bool Undecided(string status) => status is Proposed or Lapsed;
}

/// <summary>Kinds of linkage alert, all in one analysts' queue.</summary>
public static class AlertKind
{
    /// <summary>Two deaths alike (and possibly a person in common): one earlier death.</summary>
    public const string Pair = "pair";
    /// <summary>A person in the new death now appears in more deaths than expected for their role.</summary>
    public const string Person = "person";
    /// <summary>Deaths of the new death's kind gathered in its place beyond the background.</summary>
    public const string Cluster = "cluster";
    /// <summary>The new death matches a confirmed or candidate series, scored against the series as a whole.</summary>
    public const string Series = "series";
}
