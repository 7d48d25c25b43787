using Vigil.Data;
using Vigil.Data.Cases;

namespace Vigil.Web.Features.Cases;

/// <summary>A request, from any capability, for an action on a case (e.g. linkage: "review the linked series";
/// family: "assess the family's submission"). The enquiries capability turns it into a numbered MIR action.</summary>
public sealed record ActionRequest(Guid CaseId, string Kind, string Title, string Detail, bool Mandatory, TimeSpan DueIn, string RaisedBy);

/// <summary>Where action requests go. Adds to the context; the caller saves (one transaction with its own change).</summary>
public interface ICaseActionSink
{
    Task RaiseAsync(VigilDbContext db, ActionRequest request, CancellationToken ct);
}

/// <summary>Until an enquiries module is registered, a requested action is at least on the case's timeline.</summary>
public sealed class TimelineActionSink(TimeProvider clock) : ICaseActionSink
{
    public Task RaiseAsync(VigilDbContext db, ActionRequest request, CancellationToken ct)
    {
        db.TimelineEvents.Add(new TimelineEvent
        {
            CaseId = request.CaseId, OccurredAt = clock.GetUtcNow().UtcDateTime, Kind = "action-requested",
            Description = $"{request.Title}: {request.Detail}", RecordedBy = request.RaisedBy,
        });
        return Task.CompletedTask;
    }
}

/// <summary>Things that happened to a case that others must react to. Kinds: classification-changed,
/// linked-series, officer-changed, inquest-date (families must be told of each).</summary>
public sealed record CaseEvent(Guid CaseId, string Kind, string Description, string By);

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
