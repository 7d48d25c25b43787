namespace Vigil.Web.Features.Enquiries.Actions;

/// <summary>Other capabilities' action requests (linkage: "review the linked series"; family: "assess the family's
/// submission") become numbered actions like any other, with a deadline and a supervisor's review if mandatory.</summary>
public sealed class EnquiryActionSink(TimeProvider clock) : ICaseActionSink
{
    public async Task RaiseAsync(VigilDbContext db, ActionRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.CaseActions.Add(new CaseAction
        {
            CaseId = request.CaseId, Number = await ActionNumbers.NextAsync(db, request.CaseId, ct),
            Title = Trim(request.Title, 300), Detail = Trim(request.Detail, 4000), Source = Trim(request.Kind, 64),
            Mandatory = request.Mandatory, Priority = request.Mandatory ? ActionPriority.High : ActionPriority.Medium,
            RaisedAt = now, RaisedBy = Trim(request.RaisedBy, 200), DueAt = now + request.DueIn,
        });
    }

    private static string Trim(string s, int max) => s.Length <= max ? s : s[..max];
}
