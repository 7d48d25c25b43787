namespace Vigil.Data.Cases;

/// <summary>A team owns cases. Investigators and FLOs see their team's cases; supervisors the teams they supervise.</summary>
public class Team
{
    public Guid Id { get; set; } = NewId.Version7();
    public string Name { get; set; } = "";
}

/// <summary>An explicit grant of one case to one user outside their team (e.g. an FLO deployed from elsewhere).</summary>
public class CaseGrant
{
    public Guid CaseId { get; set; }
    public string UserId { get; set; } = "";
    public DateTime GrantedAt { get; set; }
    public string GrantedBy { get; set; } = "";
}
