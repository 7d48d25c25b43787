using System.Text.Json.Nodes;
using Vigil.Web.Features.Enquiries;
using Vigil.Web.Features.Enquiries.Decisions;

namespace Vigil.Web.Features.Oversight.AsKnown;

/// <summary>A case as the audit trail says it stood at a moment, as typed rows for the page to show: the case with
/// its people, exhibits, toxicology and timeline; enquiry records; linkage; and the family file (null when the reader's
/// role may not read it).</summary>
public sealed class CaseSnapshot
{
    public required DateTime At { get; init; }
    public required long Sequence { get; init; }
    public DeathCase? Case { get; init; }
    public List<CaseAction> Actions { get; init; } = [];
    public List<CaseDecision> Decisions { get; init; } = [];
    public List<CaseReview> Reviews { get; init; } = [];
    public List<ExhibitMovement> Movements { get; init; } = [];
    public List<ForensicSubmission> Submissions { get; init; } = [];
    public List<ExaminationResult> Examinations { get; init; } = [];
    public List<LinkCandidate> Candidates { get; init; } = [];
    public List<LinkDecision> LinkDecisions { get; init; } = [];
    public List<LinkedSeriesMember> SeriesMembers { get; init; } = [];
    public FamilySnapshot? Family { get; init; }
    public List<RedFlagKind> Flags { get; init; } = [];
    /// <summary>For each person, how many other deaths they were recorded in at the moment.</summary>
    public Dictionary<Guid, int> OtherDeaths { get; } = [];
    public List<CaseViewing> Viewings { get; init; } = [];
    public List<CaseMoment> Moments { get; init; } = [];
    /// <summary>The names of the officers the records name by login (who decided, who an action is allocated to, who
    /// made a family contact or recorded an event), read by the page and the PDF (walk53 finding 9: a decision read
    /// "(investigator, investigator)"; round 55: the PDF still did, ADR 3252).</summary>
    public IReadOnlyDictionary<string, string> Names { get; set; } = new Dictionary<string, string>();

    /// <summary>The logins <see cref="Names"/> is to hold.</summary>
    public IEnumerable<string?> Logins() =>
        Decisions.Select(d => (string?)d.DecidedBy).Concat(Actions.Select(a => a.AllocatedTo))
            .Concat(Family?.Contacts.Select(x => (string?)x.By) ?? []).Concat(Case?.Timeline.Select(e => e.RecordedBy) ?? [])
            .Select(Cases.CaseOfficers.LoginIn);

    /// <summary>Who a record says did something or has it: the officer's name, else as the audit history says an actor.</summary>
    public string NameOf(string? recorded) => recorded is null ? "—"
        : Cases.CaseOfficers.LoginIn(recorded) is { } login && Names.TryGetValue(login, out var name) ? name : Audit.AuditActor.Say(recorded);

    /// <summary>"DC Amira Haddad, investigator": who took a decision, the same on the page and in the PDF.</summary>
    public string DecidedBy(CaseDecision d) => $"{NameOf(d.DecidedBy)}, {Words.Of(d.DecidedByRole)}";

    /// <summary>"Override requested → Unexpected death – investigated, not suspicious — {rationale} (DC Amira Haddad,
    /// investigator)": a decision after its time, the same on the page and in the PDF.</summary>
    public string Said(CaseDecision d) => $"{DecisionWords.Capitalised(d.Kind, d.ToCategory)} — {d.Rationale} ({DecidedBy(d)})";

    /// <summary>Where each exhibit was at the moment: the destination of its latest recorded movement.</summary>
    public string? WhereIs(Guid exhibitId) =>
        Movements.Where(m => m.ExhibitId == exhibitId).OrderBy(m => m.MovedAt).LastOrDefault()?.To;

    public static CaseSnapshot From(CaseReplay replay, Guid caseId, DateTime at, bool withFamily)
    {
        var c = One<DeathCase>(replay, "DeathCase");
        if (c is not null)
        {
            c.People = All<Vigil.Data.People.CasePerson>(replay, "CasePerson");
            c.Exhibits = All<Exhibit>(replay, "Exhibit").OrderBy(e => e.Reference, StringComparer.Ordinal).ToList();
            c.Toxicology = All<ToxicologyResult>(replay, "ToxicologyResult");
            c.Timeline = All<TimelineEvent>(replay, "TimelineEvent");
        }
        return new CaseSnapshot
        {
            At = at, Sequence = replay.LastSequence, Case = c,
            Actions = All<CaseAction>(replay, "CaseAction").OrderBy(a => a.Number).ToList(),
            Decisions = All<CaseDecision>(replay, "CaseDecision").OrderBy(d => d.Sequence).ToList(),
            Reviews = All<CaseReview>(replay, "CaseReview").OrderBy(r => r.DueAt).ToList(),
            Movements = All<ExhibitMovement>(replay, "ExhibitMovement").OrderBy(m => m.MovedAt).ToList(),
            Submissions = All<ForensicSubmission>(replay, "ForensicSubmission").OrderBy(s => s.SubmittedAt).ToList(),
            // A correction keeps its earlier's received date, read back from the store: the one recorded later comes after
            // it (ADR 3368). Compared to the microsecond PostgreSQL keeps, as the audit entry of the earlier carries .NET's
            // ticks and would otherwise sort it after its own correction.
            Examinations = All<ExaminationResult>(replay, "ExaminationResult").OrderBy(r => r.ReceivedAt.Ticks / 10).ThenBy(r => r.RecordedAt ?? r.ReceivedAt).ToList(),
            Candidates = All<LinkCandidate>(replay, "LinkCandidate").OrderBy(x => x.RaisedAt).ToList(),
            LinkDecisions = All<LinkDecision>(replay, "LinkDecision").OrderBy(x => x.DecidedAt).ToList(),
            SeriesMembers = All<LinkedSeriesMember>(replay, "LinkedSeriesMember").Where(m => m.CaseId == caseId).ToList(),
            Family = withFamily ? FamilySnapshot.From(replay) : null,
            Viewings = replay.Viewings.Where(v => withFamily || !FamilySnapshot.IsFamily(v.What)).ToList(),
            Moments = replay.Moments.Where(m => withFamily || !FamilySnapshot.IsFamily(m.EntityType)).ToList(),
        };
    }

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = false };

    internal static List<T> All<T>(CaseReplay replay, string type) => replay.Of(type).Select(Materialise<T>).ToList();

    private static T? One<T>(CaseReplay replay, string type) where T : class => replay.Of(type).Select(Materialise<T>).FirstOrDefault();

    /// <summary>The row's values as the entity class; owned values ("Deceased.Name") nest under their owner.</summary>
    private static T Materialise<T>(JsonObject row)
    {
        var shaped = new JsonObject();
        foreach (var (name, value) in row)
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0) { shaped[name] = value?.DeepClone(); continue; }
            var owner = name[..dot];
            if (shaped[owner] is not JsonObject nested) shaped[owner] = nested = [];
            nested[name[(dot + 1)..]] = value?.DeepClone();
        }
        return shaped.Deserialize<T>(Options)!;
    }
}

/// <summary>The family file at the moment: only for roles of the Liaise policy (ADR 0301).</summary>
public sealed class FamilySnapshot
{
    private static readonly HashSet<string> FamilyTypes = new(StringComparer.Ordinal)
    {
        "FamilyFile", "FamilyMember", "FloDeployment", "FamilyContact", "FamilyQuestion", "Disclosure", "FamilyTask",
        "FamilySubmission", "SubmissionFile", "FamilyAccount", "FamilyInvitation", "FamilyPortal",
    };

    public static bool IsFamily(string entityType) => FamilyTypes.Contains(entityType);

    public FamilyFile? File { get; init; }
    public List<FamilyMember> Members { get; init; } = [];
    public List<FloDeployment> Officers { get; init; } = [];
    public List<FamilyContact> Contacts { get; init; } = [];
    public List<FamilyQuestion> Questions { get; init; } = [];
    public List<Disclosure> Disclosures { get; init; } = [];
    public List<FamilyTask> Tasks { get; init; } = [];
    public List<FamilySubmission> Submissions { get; init; } = [];

    public static FamilySnapshot From(CaseReplay replay) => new()
    {
        File = CaseSnapshot.All<FamilyFile>(replay, "FamilyFile").FirstOrDefault(),
        Members = CaseSnapshot.All<FamilyMember>(replay, "FamilyMember").OrderBy(m => m.CreatedAt).ToList(),
        Officers = CaseSnapshot.All<FloDeployment>(replay, "FloDeployment").OrderBy(d => d.DeployedAt).ToList(),
        Contacts = CaseSnapshot.All<FamilyContact>(replay, "FamilyContact").OrderBy(c => c.At).ToList(),
        Questions = CaseSnapshot.All<FamilyQuestion>(replay, "FamilyQuestion").OrderBy(q => q.AskedAt).ToList(),
        Disclosures = CaseSnapshot.All<Disclosure>(replay, "Disclosure").OrderBy(d => d.At).ToList(),
        Tasks = CaseSnapshot.All<FamilyTask>(replay, "FamilyTask").OrderBy(t => t.CreatedAt).ToList(),
        Submissions = CaseSnapshot.All<FamilySubmission>(replay, "FamilySubmission").OrderBy(s => s.SubmittedAt).ToList(),
    };
}
