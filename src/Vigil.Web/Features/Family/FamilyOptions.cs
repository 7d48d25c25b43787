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
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromHours(72);
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(15);
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;
    public int MaxFiles { get; set; } = 5;
    /// <summary>Where uploaded files live: outside wwwroot; default is beside the audit key (.vigil/family-uploads).</summary>
    public string? UploadFolder { get; set; }

    /// <summary>Ceiling for a whole submission request (all files plus text); Kestrel's 1 MB default is raised for it alone.</summary>
    public const long MaxSubmissionRequestBytes = 30 * 1024 * 1024;

    public DeadlineRules Rules => new(FirstContactWithin, ContactEvery);
}
