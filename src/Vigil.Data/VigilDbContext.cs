using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vigil.Data.Audit;
using Vigil.Data.Enquiries;
using Vigil.Data.Identity;
using Vigil.Data.People;

namespace Vigil.Data;

/// <summary>The one database of Vigil. Feature areas add entity configurations in their own folders
/// (picked up by <see cref="ModelBuilder.ApplyConfigurationsFromAssembly"/>), so this file stays small.</summary>
public class VigilDbContext(DbContextOptions<VigilDbContext> options, IAuditActor actor)
    : IdentityDbContext<VigilUser>(options), IDataProtectionKeyContext
{
    public IAuditActor Actor { get; private set; } = actor;

    /// <summary>Records the rest of this unit of work as done by <paramref name="actorName"/>: for an act whose actor
    /// comes into being with it (a family member accepting an invitation creates the account that is them).</summary>
    public void ActAs(string actorName) => Actor = new FixedAuditActor(actorName);

    /// <summary>Explicit events (views, exports) chained at the next save.</summary>
    internal List<AuditDraft> PendingAuditEvents { get; } = [];

    /// <summary>Records an event that is not a data change, such as viewing a case; it is chained at the next save.</summary>
    public void RecordEvent(string action, string entityType, string entityId, Guid? caseId, string details = "{}") =>
        PendingAuditEvents.Add(new AuditDraft(action, entityType, entityId, caseId, details));

    /// <summary>Records an event drafted elsewhere (with its own actor, when chained on someone's behalf).</summary>
    public void RecordEvent(AuditDraft draft) => PendingAuditEvents.Add(draft);

    /// <summary>Nothing to save: no tracked change and no event waiting to be chained.</summary>
    public bool HasNothingToSave() => PendingAuditEvents.Count == 0 && StagedCases.Count == 0 && !ChangeTracker.HasChanges();

    /// <summary>The transaction the audit interceptor opened for a save that had none.</summary>
    internal IDbContextTransaction? OwnedAuditTransaction { get; set; }

    /// <summary>The chain head this context appended, recorded outside the database when its transaction commits.</summary>
    internal AuditHead? PendingAuditHead { get; set; }

    /// <summary>Set while this context's commits are not synced to disk (an import batch on SQLite, ADR 1611): its heads
    /// are held there instead of written to the head file.</summary>
    internal HeldAuditHead? HeldAuditHead { get; set; }

    /// <summary>A save's entries, chained after its writes (PostgreSQL, ADR 1605).</summary>
    internal List<AuditDraft>? DeferredAuditDrafts { get; set; }

    /// <summary>The chain's lock was taken and its head read at the end of this save's one command of INSERTs (ADR 3206):
    /// the head the deferred entries continue from. Set only between that command and the entries' append in the same
    /// save, and cleared by either the append or the save's abandonment, never carried to another save.</summary>
    internal Audit.TakenChainHead? ChainHeadTakenWithWrites { get; set; }

    /// <summary>Set by a caller whose next step after this save is to commit its own transaction: on PostgreSQL the save
    /// commits it with its audit rows, in their round trip (ADR 1605), and says so in <see cref="CommittedWithAudit"/>.</summary>
    public bool CommitWithAudit { get; set; }

    /// <summary>The caller's transaction was committed by the last save (<see cref="CommitWithAudit"/>).</summary>
    internal bool CommittedWithAudit { get; set; }

    /// <summary>Whether the last save committed the caller's transaction (then it is not to be committed again); asking clears it.</summary>
    public bool TakeCommittedWithAudit()
    {
        var committed = CommittedWithAudit;
        CommittedWithAudit = false;
        return committed;
    }

    /// <summary>New rows are written as multi-row INSERTs (<see cref="Bulk.BulkInsertInterceptor"/>): an import batch.</summary>
    public bool BulkInserts { get; set; }

    /// <summary>New cases staged as plain rows, untracked, for the bulk writer and the audit append (ADR 2251).</summary>
    public Bulk.StagedCases StagedCases { get; } = new();

    /// <summary>Stages a new case (its people, exhibits and toxicology with it) for this save without tracking it. The
    /// shared rows it points at (people, phones, addresses) are tracked as usual. Only for a context that writes in bulk.</summary>
    public void StageNewCase(DeathCase c)
    {
        if (!BulkInserts) throw new InvalidOperationException("Only a context that writes in bulk stages untracked cases.");
        StagedCases.Add(c);
    }

    /// <summary>Stages a staged case's search documents untracked as well (ADR 2591): they are not audited, so only the
    /// bulk writer reads them; tracking them cost an import batch a graph attach and a state change per document.</summary>
    public void StageSearchDocuments(DeathCase c, IEnumerable<Search.SearchDocument> documents)
    {
        if (!StagedCases.Contains(c)) throw new InvalidOperationException("Only a staged case's documents are staged.");
        StagedCases.AddUnaudited(documents);
    }

    /// <summary>Adds a row a before-save hook writes for case <paramref name="c"/>: tracked as usual, or for a staged case
    /// (ADR 2251) staged with it, untracked (ADR 2661). A staged row is written by the bulk writer and, unless
    /// <see cref="INotAudited"/>, described in the case's audit entry where the tracked path put it, byte for byte;
    /// an import batch of a thousand cases tracked three thousand of them only to write them once.</summary>
    public void AddCaseRow(DeathCase c, object row)
    {
        if (!StagedCases.Contains(c)) Add(row);
        else if (row is INotAudited) StagedCases.AddUnaudited([row]);
        else StagedCases.AddHookRow(c, row);
    }

    /// <summary>Whether the save will insert this entity: staged (<see cref="StageNewCase"/>) or tracked as added.</summary>
    public bool IsAdded(object entity) => StagedCases.Contains(entity) || Entry(entity).State == EntityState.Added;

    private bool changesScannedThisSave;
    private bool savingNow;
    private bool detectionPausedForSave;

    /// <summary>Brings the change tracker up to date once per save for the save interceptors (notification triggers,
    /// audit, bulk writer). After that scan they only add new rows, which EF tracks as they are added, and none of them
    /// changes a tracked row, so scanning again would find nothing new: an import batch scanned four times, about a
    /// fifth of its thread. An interceptor that must change a tracked row calls <c>ChangeTracker.DetectChanges()</c> itself.
    /// With automatic detection on (every request's context), each <c>ChangeTracker.Entries()</c> an interceptor reads
    /// and EF's own step before writing scanned every tracked row again: nine scans a save, 8 % of a web node's CPU under
    /// the 50-user load. So the save pauses automatic detection after this scan, to its end (ADR 1616).</summary>
    public void DetectChangesForSave()
    {
        if (changesScannedThisSave) return;
        if (scannedBeforeHooks && !ChangeTracker.AutoDetectChangesEnabled) DetectChangesOfExistingRows();
        else ChangeTracker.DetectChanges();
        changesScannedThisSave = true;
        if (savingNow && ChangeTracker.AutoDetectChangesEnabled)
        {
            ChangeTracker.AutoDetectChangesEnabled = false;
            detectionPausedForSave = true;
        }
    }

    private bool scannedBeforeHooks;

    /// <summary>The save pipeline's scan, before its gates and hooks (ADR 1901). The hooks add rows through
    /// <c>DbSet.Add</c> (tracked as they are added, their values read at the write) and may change rows that already
    /// exist; so, for a caller that turned automatic detection off (an import batch), the save's own scan
    /// (<see cref="DetectChangesForSave"/>) looks only at the rows that are not new: the batch's added rows, about
    /// nine in ten, were scanned here already and a second full scan found nothing.</summary>
    public void DetectChangesBeforeHooks()
    {
        ChangeTracker.DetectChanges();
        scannedBeforeHooks = true;
    }

    private void DetectChangesOfExistingRows()
    {
        // Entries() does not scan when automatic detection is off; each existing row is scanned as a full scan would.
        // (Listed first: a scan may attach a row found in a navigation, which would change the list under the loop.)
        foreach (var entry in ChangeTracker.Entries().Where(e => e.State != EntityState.Added).ToList()) entry.DetectChanges();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeginSave();
        try { return base.SaveChanges(acceptAllChangesOnSuccess); }
        catch
        {
            Audit.AuditInterceptor.AbandonAsync(this).GetAwaiter().GetResult();
            throw;
        }
        finally { EndSave(); }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeginSave();
        try { return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); }
        catch
        {
            // A stale row or a cancelled save is not reported to the interceptors as a failure: undo the audit's part here.
            await Audit.AuditInterceptor.AbandonAsync(this);
            throw;
        }
        finally { EndSave(); }
    }

    private void BeginSave()
    {
        changesScannedThisSave = false;
        savingNow = true;
    }

    private void EndSave()
    {
        if (detectionPausedForSave) ChangeTracker.AutoDetectChangesEnabled = true;
        changesScannedThisSave = scannedBeforeHooks = savingNow = detectionPausedForSave = false;
    }

    public DbSet<DeathCase> Cases => Set<DeathCase>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<CaseGrant> CaseGrants => Set<CaseGrant>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Phone> Phones => Set<Phone>();
    public DbSet<Address> Addresses => Set<Address>();
    public DbSet<CasePerson> CasePeople => Set<CasePerson>();
    public DbSet<Exhibit> Exhibits => Set<Exhibit>();
    public DbSet<TimelineEvent> TimelineEvents => Set<TimelineEvent>();
    public DbSet<ToxicologyResult> Toxicology => Set<ToxicologyResult>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditCaseRef> AuditCaseRefs => Set<AuditCaseRef>();
    public DbSet<Audit.Tree.AuditTreeNode> AuditTreeNodes => Set<Audit.Tree.AuditTreeNode>();
    public DbSet<Audit.Tree.AuditTreeHead> AuditTreeHeads => Set<Audit.Tree.AuditTreeHead>();
    public DbSet<UserTeam> UserTeams => Set<UserTeam>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<CaseAction> CaseActions => Set<CaseAction>();
    public DbSet<ExhibitMovement> ExhibitMovements => Set<ExhibitMovement>();
    public DbSet<ForensicSubmission> ForensicSubmissions => Set<ForensicSubmission>();
    public DbSet<ExaminationResult> ExaminationResults => Set<ExaminationResult>();
    public DbSet<CaseDecision> CaseDecisions => Set<CaseDecision>();
    public DbSet<CaseReview> CaseReviews => Set<CaseReview>();

    /// <summary>The data-protection key ring (cookies, antiforgery, reset tokens), shared by every web node.
    /// Each key's XML is encrypted with a key derived from the audit key file (ADR 0901).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(VigilDbContext).Assembly);
        // Ids are Guid v7 made by the application, so a new child added to a loaded case is an insert,
        // not an update of a row EF assumes exists.
        foreach (var entity in builder.Model.GetEntityTypes())
            if (entity.FindPrimaryKey()?.Properties is [{ ClrType: var t } key] && t == typeof(Guid))
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored in UTC on both providers; SQLite hands back "Unspecified", so say it is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // What most tables share is said once, so each configuration says only what is its own (ADR 1961).
        configurationBuilder.Conventions.Add(_ => new Conventions.TableNamesConvention());
        configurationBuilder.Conventions.Add(_ => new Conventions.ActorColumnsConvention());
    }
}
