using Vigil.Web.Features.Shared.Forms;
using Vigil.Linkage.Scoring;

namespace Vigil.Web.Features.Linkage.Compare;

/// <summary>Two deaths side by side: their facts, the people and places they share, a map, the engine's explanation
/// with weights, and the analyst's confirm/reject with a required reason.</summary>
[Authorize(Policy = Policies.ReadLinkage)]
public sealed class CompareModel(LinkageAccess linkage, LinkageEngine engine, LinkDecisions decisions, VigilDbContext db,
    IAuthorizationService authorization, ForceTime time) : PageModel
{
    public LinkCandidate Candidate { get; private set; } = null!;
    public DeathCase Newer { get; private set; } = null!;
    public DeathCase Earlier { get; private set; } = null!;
    /// <summary>The explanation as scored when the alert was raised (the queue shows the same figures); computed now
    /// for alerts raised before explanations were kept.</summary>
    public Alerts.StoredExplanation Explanation { get; private set; } = null!;
    /// <summary>True when the pair was stored without its explanation (raised before explanations were kept, or past the
    /// first of a crowd an alert explains, ADR 1636), so the one shown was made now, from the deaths and the model now.</summary>
    public bool ExplainedNow { get; private set; }

    /// <summary>The short id of the model this node scores with now (ADR 3153).</summary>
    public string? ModelNow => engine.ModelInUse?.ShortId;
    /// <summary>The two deaths side by side, as the series' comparison of a proposed death shows them too.</summary>
    public SideBySide View { get; private set; } = null!;
    public bool CanDecide { get; private set; }
    /// <summary>The decision was refused because another analyst decided the pair first (409): the form is gone, as the
    /// pair can no longer be decided, and the reason typed is shown where it was (ADR 3292, as ADR 3278's members).</summary>
    public bool DecidedMeanwhile { get; private set; }
    public ForceTime Time => time;

    /// <summary>When the pair came to its status (ADR 3146, 3150), or null while it has the status it was raised with;
    /// <see cref="StatusChangedBefore"/>: only known to be before that time.</summary>
    public DateTime? StatusChangedAt { get; private set; }
    public bool StatusChangedBefore { get; private set; }

    /// <summary>When pairs began to note their changes of status: migration PairStatusChangedAt (round 40).</summary>
    public static readonly DateTime StatusChangesNotedSince = new(2026, 12, 4, 23, 28, 53, DateTimeKind.Utc);

    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Analyse)).Succeeded) return Forbid();
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Decision is not ("confirm" or "reject")) ModelState.AddModelError(nameof(Decision), "Choose confirm or reject.");
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), LinkDecisions.ReasonRequired.Title);
        if (!ModelState.IsValid) return Unprocessable();
        var refused = await decisions.DecideAsync(id, Decision == "confirm", Reason, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", User.Identity?.Name ?? "?", ct);
        // The queue is where the analyst lands: it says what was recorded, as the pair has left the open list (walk51:
        // a confirmation returned to the queue with nothing to show it was taken).
        if (refused is null)
            return this.RedirectToSection("/linkage", null, Decision == "confirm"
                ? $"Link between {Newer.Reference} and {Earlier.Reference} confirmed; it has left the open alerts."
                : $"Link between {Newer.Reference} and {Earlier.Reference} rejected; your reason is kept on record.");
        if (refused == Refusal.NotFound) return NotFound();
        // Decided by another analyst since the page was opened (or in the same milliseconds): the store's state refuses it,
        // a 409 as on every page (ADR 3273); a missing reason is the form's own error. The pair was read before that
        // decision landed: it is read again to show the one that stands (ADR 3280), with the reason typed. The refusal is
        // the page's, not a field's: the form it would point to is gone (ADR 3292).
        ModelState.AddModelError(refused.Status == StatusCodes.Status409Conflict ? "" : nameof(Decision), refused.Title);
        if (refused.Status != StatusCodes.Status409Conflict) return Unprocessable();
        Candidate = await db.Candidates().AsNoTracking().FirstAsync(c => c.Id == id, ct);
        await ReadStatusAsync(ct);
        DecidedMeanwhile = !CanDecide;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The form's own error (no choice, no reason) is 422 with the page, as on every other page (ADR 3273); the
    /// comparison pages answered 200 until round 65.</summary>
    private PageResult Unprocessable()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>What the pair's status says on the page: whether it may still be decided, and since when it is what it is.</summary>
    private async Task ReadStatusAsync(CancellationToken ct)
    {
        CanDecide = LinkStatus.Undecided(Candidate.Status) && (await authorization.AuthorizeAsync(User, Policies.Analyse)).Succeeded;
        (StatusChangedAt, StatusChangedBefore) = await StatusChangeAsync(ct);
    }

    /// <summary>A pair decided before changes were noted takes its decision's time, kept exactly in link_decisions (no
    /// backfill: ADR 3150); one lapsed then is only known to have lapsed before they were noted. An open pair without a
    /// time has the status it was raised with (or opened again before: that is not told apart).</summary>
    private async Task<(DateTime?, bool)> StatusChangeAsync(CancellationToken ct)
    {
        if (Candidate.StatusChangedAt is { } at) return (at, false);
        if (Candidate.Status == LinkStatus.Lapsed) return (StatusChangesNotedSince, true);
        if (LinkStatus.Undecided(Candidate.Status)) return (null, false);
        return (await db.Decisions().Where(d => d.CandidateId == Candidate.Id).OrderByDescending(d => d.DecidedAt)
            .Select(d => (DateTime?)d.DecidedAt).FirstOrDefaultAsync(ct), false);
    }

    /// <summary>How to read the weights, wherever two deaths are compared.</summary>
    public const string WeightsHint = "Weights are natural logs of how much more often each finding occurs between deaths with one offender than between unrelated deaths; they add up.";

    /// <summary>The comparison's name as an analyst would say it.</summary>
    public static string Label(string comparison) => comparison switch
    {
        nameof(Comparison.TimeGap) => "Time between",
        nameof(Comparison.AgeGap) => "Ages",
        nameof(Comparison.Scene) => "Scene features",
        nameof(Comparison.Substance) => "Substances",
        nameof(Comparison.Person) => "People",
        nameof(Comparison.PersonRole) => "Role of the person",
        nameof(Comparison.AgeGroup) => "Age groups",
        _ => comparison,
    };

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await linkage.FindAsync(id, ct) is not { } found) return false;
        (Candidate, Newer, Earlier) = found;
        await ReadStatusAsync(ct);
        var stored = Alerts.StoredExplanation.Parse(Candidate.Explanation);
        ExplainedNow = stored is null;
        Explanation = stored ?? await engine.ExplainWithModelAsync(Newer, Earlier, ct) switch { var (e, model) => Alerts.StoredExplanation.From(e, model) };
        View = new SideBySide(Newer, Earlier, Explanation, "Why the engine linked them",
            ExplainedNow ? string.Create(CultureInfo.InvariantCulture, $"Explained now, from the two deaths and the linkage model as they are today: the pair was raised at {Candidate.Probability:P1}, and no explanation was kept with it.") : null,
            "As scored when the alert was raised, so the queue and this page agree. " + WeightsHint);
        // Reading a comparison is reading both deaths: both views go on the audit trail.
        foreach (var c in new[] { Newer, Earlier })
            Audit.ReadAudit.Record(HttpContext, db, Audit.ReadAudit.View, nameof(DeathCase), c.Id.ToString(), c.Id, $$"""{"via":"linkage-compare","candidate":"{{id}}"}""");
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>A person recorded in both deaths: the same resolved person, or the same phone as typed.</summary>
public sealed record SharedPerson(string NewerRole, string? NewerName, string EarlierRole, string? EarlierName, string How)
{
    /// <summary>The person in both deaths in words, each thing once (ADR 3218): "Dr Hugh Bell, certifying doctor in
    /// both" where it read "certifying-doctor "Dr Hugh Bell" in A and certifying-doctor "Dr Hugh Bell" in B" (walk51
    /// finding 10b); the roles said apart when they differ, and both names when they are written differently.</summary>
    public string Said(string newer, string earlier)
    {
        var (name, earlierName) = (NewerName ?? "name not recorded", EarlierName ?? "name not recorded");
        var (role, earlierRole) = (Words.Of(NewerRole), Words.Of(EarlierRole));
        if (!string.Equals(name.Trim(), earlierName.Trim(), StringComparison.OrdinalIgnoreCase))
            return $"{role} {name} in {newer} and {earlierRole} {earlierName} in {earlier}";
        return role == earlierRole ? $"{name}, {role} in both" : $"{name}, {role} in {newer} and {earlierRole} in {earlier}";
    }

    public static List<SharedPerson> Between(DeathCase a, DeathCase b) =>
        (from p in a.People
         from q in b.People
         let samePerson = p.PersonId == q.PersonId
         let samePhone = p.PhoneAsWritten is { Length: > 0 } && Digits(p.PhoneAsWritten) == Digits(q.PhoneAsWritten)
         where samePerson || samePhone
         select new SharedPerson(p.Role, p.NameAsWritten, q.Role, q.NameAsWritten, samePerson ? "same person on record" : "same phone number")).ToList();

    // The last ten digits: "07700 900123", "+447700900123" and "7700900123" are one number.
    private static string Digits(string? s)
    {
        var d = new string((s ?? "").Where(char.IsAsciiDigit).ToArray());
        return d.Length > 10 ? d[^10..] : d;
    }
}

public static class Geo
{
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0;
        double Rad(double d) => d * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * R * Math.Asin(Math.Sqrt(h));
    }
}
