using Vigil.Web.Features.Audit;

namespace Vigil.Web.Features.Oversight.Register;

/// <summary>/reviews/{id}: a finding, its evidence (audit entries proved against the newest signed tree head), the
/// force's responses; reviewers share it and set its status, granted officers respond.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class FindingModel(RegisterAccess access, VigilDbContext db, CaseAccess cases, AuditProver prover, ForceTime time, TimeProvider clock,
    Cases.CaseOfficers officers) : PageModel
{
    public ReviewFinding Finding { get; private set; } = null!;
    public List<(FindingEvidence Evidence, AuditEntry? Entry, InclusionProof? Proof)> Evidence { get; } = [];
    /// <summary>The names the evidence's actors go by, said as the audit history says them (ADR 3225).</summary>
    public SaidActors Actors { get; private set; } = SaidActors.None;
    public string? SubjectReference { get; private set; }
    /// <summary>The evidence entries that are not of the finding's subject (walk53 finding 12: an entry about a data
    /// protection key was accepted for a finding about a death, with no word that it was of another record).</summary>
    public HashSet<long> NotOfTheSubject { get; } = [];
    /// <summary>The names of who raised the finding and who responded, where the register keeps their logins.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string NameOf(string login) => Names.GetValueOrDefault(login, login);
    public bool IsReviewer => access.IsReviewer;
    public bool MayRespond => access.MayRespond;
    public ForceTime Time => time;
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Status { get; set; }
    /// <summary>The finding's version as the reviewer read it, carried by the status form.</summary>
    [BindProperty] public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await RecordViewAsync(ct);
        return Page();
    }

    /// <summary>Showing the finding is a view of it, whichever handler shows it: the GET, and a post that gives the page
    /// back (a blank response or status, an unknown user to grant, a form another's write overtook). Those posts wrote
    /// nothing, so the finding, its evidence and the force's responses were read with no trace (sec61, ADR 3321). The
    /// entry names the finding but no case: the register is the reviewers' own, never on a case's trail (ADR 0805).</summary>
    private async Task RecordViewAsync(CancellationToken ct)
    {
        ReadAudit.Record(HttpContext, db, ReadAudit.View, nameof(ReviewFinding), Finding.Id.ToString(), null,
            JsonSerializer.Serialize(new { via = "web", reference = Finding.Reference }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The page given back by a post, recorded as its GET is; a refused change is never saved, so nothing it
    /// may have left tracked goes out with the view's entry.</summary>
    private async Task<PageResult> ShownAgainAsync(CancellationToken ct, int status = StatusCodes.Status200OK)
    {
        db.ChangeTracker.Clear();
        await RecordViewAsync(ct);
        Response.StatusCode = status;
        return Page();
    }

    public async Task<IActionResult> OnPostRespondAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MayRespond) return Forbid();
        if (string.IsNullOrWhiteSpace(Text)) { ModelState.AddModelError(nameof(Text), "Write the response."); return await ShownAgainAsync(ct); }
        db.Add(new FindingResponse { FindingId = id, Text = Text.Trim()[..Math.Min(8000, Text.Trim().Length)], By = User.Identity?.Name ?? "", At = clock.GetUtcNow().UtcDateTime });
        var finding = await db.Set<ReviewFinding>().FirstAsync(f => f.Id == id, ct);
        if (finding.Status == FindingStatus.Open) { finding.Status = FindingStatus.Responded; finding.Version++; }
        if (await db.SavedFirstAsync(ct)) return Redirect($"/reviews/{id}");
        // The response moves an open finding to "responded" under its version: a reviewer's status saved since this request
        // read it refused the UPDATE, and the response with it. The finding is shown as it is now, the response as typed
        // (the form's textarea keeps it), for the officer to send again having seen the new status (ADR 3273).
        if (!await ReloadedAsync(id, ct)) return NotFound();
        ModelState.AddModelError(nameof(Text), $"The finding has changed since you opened it: its status is now \"{Finding.Status}\". Your response was not recorded: read the finding, then record it again.");
        return await ShownAgainAsync(ct, StatusCodes.Status409Conflict);
    }

    public async Task<IActionResult> OnPostGrantAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!IsReviewer) return Forbid();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == (UserName ?? "").Trim(), ct);
        if (user is null) { ModelState.AddModelError(nameof(UserName), $"There is no user \"{UserName}\"."); return await ShownAgainAsync(ct); }
        if (!await db.Set<FindingGrant>().AnyAsync(g => g.FindingId == id && g.UserId == user.Id, ct))
        {
            db.Add(new FindingGrant { FindingId = id, UserId = user.Id, GrantedBy = User.Identity?.Name ?? "", GrantedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
        }
        return Redirect($"/reviews/{id}");
    }

    public async Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!IsReviewer) return Forbid();
        if (!FindingStatus.All.Contains(Status ?? "")) { ModelState.AddModelError(nameof(Status), "Choose a status."); return await ShownAgainAsync(ct); }
        var finding = await db.Set<ReviewFinding>().FirstAsync(f => f.Id == id, ct);
        // Set from a page another reviewer's status (or the force's response) has overtaken, it would undo that unseen
        // (ADR 3234): refused, the finding shown as it is now.
        if (Version != finding.Version) return await OvertakenAsync(finding, ct);
        finding.Status = Status!;
        finding.Version++;
        if (await db.SavedFirstAsync(ct)) return Redirect($"/reviews/{id}");
        // The version is the finding's concurrency token, so the UPDATE itself refused: another reviewer's status (or a
        // response) was saved between this request's read and its save. Answered as the stale form is, with the finding
        // as it now is, not the bare error page (ADR 3235).
        return await ReloadedAsync(id, ct) ? await OvertakenAsync(Finding, ct) : NotFound();
    }

    /// <summary>The page read again after a save the database refused (the tracker already cleared by the save).</summary>
    private Task<bool> ReloadedAsync(Guid id, CancellationToken ct)
    {
        Evidence.Clear();
        NotOfTheSubject.Clear();
        return LoadAsync(id, ct);
    }

    private Task<PageResult> OvertakenAsync(ReviewFinding now, CancellationToken ct)
    {
        ModelState.AddModelError(nameof(Status), $"The finding has changed since you opened it: its status is now \"{now.Status}\". Set it again if you still mean to.");
        return ShownAgainAsync(ct, StatusCodes.Status409Conflict);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var finding = await access.FindAsync(id, ct);
        if (finding is null) return false;
        Finding = finding;
        SubjectReference = finding.SubjectCaseId is { } c ? await db.Cases.Where(x => x.Id == c).Select(x => x.Reference).FirstOrDefaultAsync(ct)
            : await db.Set<Vigil.Data.Linkage.LinkedSeries>().Where(s => s.Id == finding.SubjectSeriesId).Select(s => s.Reference).FirstOrDefaultAsync(ct);
        var sequences = finding.Evidence.Where(e => e.AuditSequence is not null).Select(e => e.AuditSequence!.Value).ToList();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => sequences.Contains(e.Sequence)).ToDictionaryAsync(e => e.Sequence, ct);
        foreach (var e in finding.Evidence)
        {
            var entry = e.AuditSequence is { } s ? entries.GetValueOrDefault(s) : null;
            // An entry about a case the reader may not read is named by number only.
            if (entry?.CaseId is { } caseId && !await cases.CanReadAsync(caseId, ct)) entry = null;
            var proof = entry is null ? null : await prover.ProveAsync(entry.Sequence, null, ct, signIfNeeded: false);
            Evidence.Add((e, entry, proof));
        }
        Actors = await AuditActor.OfEntriesAsync(db, Evidence.Where(e => e.Entry is not null).Select(e => e.Entry!.Sequence), ct);
        NotOfTheSubject.UnionWith(await NotOfTheSubjectAsync(finding, [.. Evidence.Select(e => e.Entry).OfType<AuditEntry>()], ct));
        Names = await officers.NamesAsync(finding.Responses.Select(r => r.By).Prepend(finding.RaisedBy), ct);
        return true;
    }

    /// <summary>The entries neither of the subject case (its own, or naming it beside another) nor, for a series, of the
    /// series or one of its deaths.</summary>
    private async Task<IEnumerable<long>> NotOfTheSubjectAsync(ReviewFinding finding, List<AuditEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0) return [];
        var sequences = entries.Select(e => e.Sequence).ToList();
        List<Guid> subjectCases = finding.SubjectCaseId is { } c ? [c]
            : await db.Set<Vigil.Data.Linkage.LinkedSeriesMember>().Where(m => m.SeriesId == finding.SubjectSeriesId).Select(m => m.CaseId).ToListAsync(ct);
        var naming = await db.AuditCaseRefs.Where(r => sequences.Contains(r.Sequence) && subjectCases.Contains(r.CaseId)).Select(r => r.Sequence).ToListAsync(ct);
        var series = finding.SubjectSeriesId?.ToString();
        return entries.Where(e => !(e.CaseId is { } id && subjectCases.Contains(id)) && !naming.Contains(e.Sequence)
            && !(series is not null && string.Equals(e.EntityId, series, StringComparison.OrdinalIgnoreCase))).Select(e => e.Sequence);
    }
}
