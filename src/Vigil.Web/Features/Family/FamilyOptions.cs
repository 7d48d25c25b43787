namespace Vigil.Web.Features.Family;

/// <summary>Family liaison rules ("Vigil:Family:…"). Defaults follow national FLO guidance as forces apply it:
/// first contact within a day of identification, then at least weekly while liaison lasts (ADR 0301).</summary>
public sealed class FamilyOptions
{
    public const string Section = "Vigil:Family";

    public TimeSpan FirstContactWithin { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan ContactEvery { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan QuestionDueIn { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan TellTheFamilyWithin { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan SubmissionAssessWithin { get; set; } = TimeSpan.FromDays(2);
    /// <summary>How long a new death with no FLO deployed is listed as waiting for one (ADR 1645): long enough for every
    /// death of the last weeks to be seen. A death whose family is known (a family file or a start of the contact clock) stays
    /// listed however old, until an FLO is deployed or liaison ends.</summary>
    public TimeSpan NewDeathsWaitFor { get; set; } = TimeSpan.FromDays(28);
    /// <summary>The liaison dashboard counts its cases for the pager up to this many (or to the end of the page asked for)
    /// and then says "more than" it (ADR 1647): on a million deaths with 49,837 families the exact count was a second pass
    /// over every case, 1.0–1.5 s of each view.</summary>
    public int ListCountStopsAt { get; set; } = 1_000;
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromHours(72);
    /// <summary>Where the force asks for it, an answer to the family is approved by the officer in charge (a supervisor
    /// of the case who did not write it) before the family sees it (ADR 0658).</summary>
    public bool AnswersNeedApproval { get; set; }
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(15);
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;
    public int MaxFiles { get; set; } = 5;
    /// <summary>Submissions of one portal account not yet assessed by the team; more wait until they are (each raises a
    /// mandatory action, so an unbounded stream would bury the investigation and block closure; issue 8, finding 9).</summary>
    public int MaxOpenSubmissions { get; set; } = 5;
    /// <summary>Questions one family member may have asked through the portal that are unanswered or less than a day old;
    /// more wait (ADR 3237). Each is told to the FLOs and owed an answer within <see cref="QuestionDueIn"/>: unbounded, a
    /// family session (or a stolen portal cookie) could file thousands. Counted in the store, which every node shares.</summary>
    public int MaxQuestionsWaiting { get; set; } = 25;
    /// <summary>Bytes of files one portal account may send in 24 hours.</summary>
    public long MaxBytesPerDay { get; set; } = 50 * 1024 * 1024;
    /// <summary>Where uploaded files live: outside wwwroot; default is beside the audit key (.vigil/family-uploads).</summary>
    public string? UploadFolder { get; set; }

    /// <summary>Ceiling for a whole submission request (all files plus text); Kestrel's 1 MB default is raised for it alone.</summary>
    public const long MaxSubmissionRequestBytes = 30 * 1024 * 1024;

    public DeadlineRules Rules => new(FirstContactWithin, ContactEvery);
}
