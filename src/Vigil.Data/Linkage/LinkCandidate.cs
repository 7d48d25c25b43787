namespace Vigil.Data.Linkage;

/// <summary>A pair of deaths the linkage engine scored above the alert threshold: an item in the analysts' queue.
/// The newer case is the one whose save raised the alert; the earlier one was already in the store.</summary>
public class LinkCandidate
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid NewerCaseId { get; set; }
    public Guid EarlierCaseId { get; set; }

    /// <summary>pair, person or cluster (<see cref="AlertKind"/>): what made the new death alert.</summary>
    public string Kind { get; set; } = AlertKind.Pair;

    /// <summary>Posterior probability that the two deaths share an offender, when the alert was raised.</summary>
    public double Probability { get; set; }

    /// <summary>The explanation's summary as the engine gave it then, so the queue shows why without rescoring.</summary>
    public string Summary { get; set; } = "";

    /// <summary>The explanation as scored when the alert was raised (JSON: each comparison's finding, strength and
    /// weight), so the queue and the comparison page show the same figures however the store grows after.</summary>
    public string Explanation { get; set; } = "";

    /// <summary>When the pair was first raised; a pair that lapses and opens again keeps it (ADR 3146).</summary>
    public DateTime RaisedAt { get; set; }

    /// <summary>open, lapsed, confirmed or rejected (<see cref="LinkStatus"/>).</summary>
    public string Status { get; set; } = LinkStatus.Open;

    /// <summary>When the pair last changed status — lapsed, open again, confirmed or rejected — or null while it has the
    /// status it was raised with (and for changes made before ADR 3146 recorded them).</summary>
    public DateTime? StatusChangedAt { get; set; }

    /// <summary>Gives the pair <paramref name="status"/>, noting when if it is a change (ADR 3146).</summary>
    public void MoveTo(string status, DateTime at)
    {
        if (status == Status) return;
        (Status, StatusChangedAt) = (status, at);
    }
}

public static class LinkStatus
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";

    /// <summary>Undecided, and no longer alike enough to alert: one of the deaths changed and the pair, compared again,
    /// scores below the alert threshold (ADR 3142). It leaves the open queue with its new score and stays decidable;
    /// compared again above the threshold, it is open again.</summary>
    public const string Lapsed = "lapsed";

    /// <summary>No analyst has decided the pair: open or lapsed.</summary>
    public static bool Undecided(string status) => status is Open or Lapsed;
}

/// <summary>An analyst's confirm or reject of a candidate, with the reason (required: a rejected link is a
/// decision a review or inquest may examine). Replayed into the model when the engine starts.</summary>
public class LinkDecision
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CandidateId { get; set; }
    public bool Confirmed { get; set; }
    public string Reason { get; set; } = "";
    public string DecidedBy { get; set; } = "";
    public DateTime DecidedAt { get; set; }
}
