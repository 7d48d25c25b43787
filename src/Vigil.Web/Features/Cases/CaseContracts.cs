namespace Vigil.Web.Features.Cases;

/// <summary>A request, from any capability, for an action on a case (e.g. linkage: "review the linked series";
/// family: "assess the family's submission"). The enquiries capability turns it into a numbered MIR action.</summary>
public sealed record ActionRequest(Guid CaseId, string Kind, string Title, string Detail, bool Mandatory, TimeSpan DueIn, string RaisedBy);

/// <summary>Where action requests go. Adds to the context; the caller saves (one transaction with its own change).</summary>
public interface ICaseActionSink
{
    Task RaiseAsync(VigilDbContext db, ActionRequest request, CancellationToken ct);
}

/// <summary>Things that happened to a case that others must react to (families must be told of each); the kind is
/// one of <see cref="CaseEventKinds"/>.</summary>
public sealed record CaseEvent(Guid CaseId, string Kind, string Description, string By)
{
    /// <summary>For <see cref="CaseEventKinds.ClassificationChanged"/>: the category before and after.</summary>
    public string? FromCategory { get; init; }
    public string? ToCategory { get; init; }
    /// <summary>For <see cref="CaseEventKinds.Closed"/> and <see cref="CaseEventKinds.Reopened"/>: the decision log's
    /// entry (its sequence, D7), which names the change once however often it is published.</summary>
    public int? Decision { get; init; }

    public static CaseEvent ClassificationChanged(Guid caseId, string from, string to, string by) =>
        new(caseId, CaseEventKinds.ClassificationChanged,
            $"Classification changed from \"{CaseClassification.Describe(from)}\" to \"{CaseClassification.Describe(to)}\".", by)
        { FromCategory = from, ToCategory = to };

    /// <summary>The case was closed by the decision log's entry <paramref name="decision"/>: by a decision on the page or
    /// the API, or by a signed override.</summary>
    public static CaseEvent Closed(Guid caseId, int decision, string by) =>
        new(caseId, CaseEventKinds.Closed, $"The case was closed (D{decision}).", by) { Decision = decision };

    /// <summary>The case was reopened by the entry <paramref name="decision"/>: by a supervisor's decision or by a
    /// laboratory's result recorded after the closure (ADR 3344).</summary>
    public static CaseEvent Reopened(Guid caseId, int decision, string by) =>
        new(caseId, CaseEventKinds.Reopened, $"The case was reopened (D{decision}).", by) { Decision = decision };
}

/// <summary>The kinds of <see cref="CaseEvent"/>, named once for publishers and listeners.</summary>
public static class CaseEventKinds
{
    /// <summary>The category changed: by a recorded decision, or by a re-import of the source's record.</summary>
    public const string ClassificationChanged = "classification-changed";

    /// <summary>An analyst confirmed the death belongs to a linked series.</summary>
    public const string LinkedSeries = "linked-series";

    /// <summary>The case was closed: the investigation has ended (ADR 3359).</summary>
    public const string Closed = "case-closed";

    /// <summary>A closed case was reopened: the investigation has started again (ADR 3359).</summary>
    public const string Reopened = "case-reopened";
}

/// <summary>Kinds of the events stored on a case's timeline by more than one writer or read by name.</summary>
public static class TimelineKinds
{
    public const string ClassificationNotChanged = "classification-not-changed";
    public const string LinkedSeries = CaseEventKinds.LinkedSeries;
}

public interface ICaseEventListener
{
    Task OnCaseEventAsync(VigilDbContext db, CaseEvent e, CancellationToken ct);
}

/// <summary>Publishes case events to every registered listener, inside the publisher's unit of work.</summary>
public sealed class CaseEvents(IEnumerable<ICaseEventListener> listeners)
{
    public async Task PublishAsync(VigilDbContext db, CaseEvent e, CancellationToken ct)
    {
        foreach (var listener in listeners) await listener.OnCaseEventAsync(db, e, ct);
    }
}
