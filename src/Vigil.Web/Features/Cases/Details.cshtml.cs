namespace Vigil.Web.Features.Cases;

[Authorize(Policy = Policies.ReadCases)]
public sealed class DetailsModel(CaseAccess access, VigilDbContext db, ForceTime time, CaseTimeline timeline, CaseCommands commands,
    IEnumerable<CasePanel> panels, Audit.CaseAuditTrail audit, CaseOfficers officers, CasePanelRows rows, Enquiries.CaseEnquiryRecords records) : PageModel
{
    public DeathCase Case { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    /// <summary>Why an officer who may edit this case cannot now (it is closed), shown instead of the edit button.</summary>
    public Refusal? EditRefused { get; private set; }
    public ForceTime Time => time;
    public IEnumerable<CasePanel> Panels => panels.OrderBy(p => p.Order);
    public List<Features.Audit.AuditLine> Audit { get; private set; } = [];
    /// <summary>The officers a supervisor of the case's team may name in charge (empty: this user may not, or the case is closed).</summary>
    public IReadOnlyList<OfficerChoice> Officers { get; private set; } = [];
    public List<TimelineItem> Timeline { get; private set; } = [];
    /// <summary>The names of the officers the timeline names (and with them every officer the panels name).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    /// <summary>For each person in this death, how many other deaths they appear in (finder twice is a red flag).</summary>
    public Dictionary<Guid, int> OtherCases { get; private set; } = [];
    /// <summary>The exhibits' forensic submissions: the Exhibits table's "Tested" reads the chain of custody (ADR 3324).</summary>
    public List<ForensicSubmission> Submissions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        // The case, and in its row's statement which panel tables hold rows of it: the panels skip the reads that would
        // come back empty (ADRs 2461, 3199).
        var c = await rows.LoadCaseAsync(access, id, ct);
        if (c is null) return NotFound();
        Case = c;
        CanEdit = await access.CanEditAsync(c, ct);
        // The one gate (ClosedCaseGate) refuses on the decision log: a case with no decisions is not closed (ADR 2461).
        if (CanEdit && !rows.None(c.Id, PanelTable.Decisions)) EditRefused = await commands.RefuseEditAsync(c, ct);
        if (EditRefused is null && await access.CanNameOfficerInChargeAsync(c, ct)) Officers = await officers.ForCaseAsync(c.Id, ct);
        // Committed before the history is read, so the page shows this view too; chained with other requests' reads
        // (ADRs 1593, 2102).
        await Features.Audit.ReadAudit.AppendAsync(HttpContext, db,
            new AuditDraft(Features.Audit.ReadAudit.View, nameof(DeathCase), c.Id.ToString(), c.Id, """{"via":"GET /cases/{id:guid}"}"""), ct);
        var personIds = c.People.Select(p => p.PersonId).ToList();
        OtherCases = [];
        // Not asked when none of its people is in another death (known with the case: ADR 3199).
        if (personIds.Count > 0 && !rows.None(c.Id, PanelTable.PeopleInOtherDeaths))
            await foreach (var other in OtherCasesOf.For(db)(db, personIds, c.Id).WithCancellation(ct)) OtherCases[other.PersonId] = other.Count;
        // The newest few only; the full history is its own page (ADR 2101).
        Audit = await audit.NewestAsync(c.Id, User, Features.Audit.CaseAuditTrail.OnCasePage, ct);
        Timeline = await timeline.BuildAsync(c, User, ct);
        // Read once per request: the timeline has just read them, so this sends no statement (ADR 2032).
        Submissions = await records.SubmissionsAsync(c.Id, ct);
        // Every officer the timeline names, by name, in one statement and only for those an editor's page does not know
        // already (the case's officers, which its panels list for allocation): the panels name a subset of them and find
        // them answered (ADR 3253). The page's statement budget is unchanged.
        IReadOnlyList<OfficerChoice> team = CanEdit ? await officers.ForCaseAsync(c.Id, ct) : [];
        Names = await officers.NamesAsync(team, Timeline.SelectMany(i => i.Logins), ct);
        return Page();
    }

    /// <summary>Compiled once (ADR 2311): every case page runs it.</summary>
    private static readonly Hosting.CompiledPerModel<Func<VigilDbContext, List<Guid>, Guid, IAsyncEnumerable<PersonCases>>> OtherCasesOf = new(() =>
        EF.CompileAsyncQuery((VigilDbContext db, List<Guid> personIds, Guid caseId) => db.CasePeople
            .Where(p => personIds.Contains(p.PersonId) && p.CaseId != caseId)
            .GroupBy(p => p.PersonId).Select(g => new PersonCases(g.Key, g.Select(x => x.CaseId).Distinct().Count()))));

    private sealed record PersonCases(Guid PersonId, int Count);
}
