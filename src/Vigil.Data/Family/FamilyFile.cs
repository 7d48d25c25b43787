namespace Vigil.Data.Family;

/// <summary>A case's family liaison file: when the deceased was identified (the first-contact clock starts then),
/// what the family is told the status is, in plain words, and when the case is next reviewed.</summary>
public class FamilyFile
{
    public Guid CaseId { get; set; }
    public DateTime? IdentifiedAt { get; set; }
    /// <summary>Written by the FLO for the family; shown in the portal as it stands (ADR 0302).</summary>
    public string? PlainStatus { get; set; }
    public DateTime? NextReviewAt { get; set; }
    /// <summary>Liaison ended (case concluded, family declined): contact deadlines stop.</summary>
    public DateTime? LiaisonEndedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A member of the deceased's family (or a nominated friend) the police keep informed.</summary>
public class FamilyMember
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public string Name { get; set; } = "";
    public string Relationship { get; set; } = "";
    public string? ContactPreference { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Language { get; set; }
    public string? SupportNeeds { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A family liaison officer deployed to the case.</summary>
public class FloDeployment
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public string OfficerUserId { get; set; } = "";
    public string OfficerName { get; set; } = "";
    /// <summary>How the family reaches the officer (work mobile, email); shown in the portal.</summary>
    public string ContactDetails { get; set; } = "";
    public DateTime DeployedAt { get; set; }
    public DateTime? EndedAt { get; set; }
}

/// <summary>One contact with the family: when, how, who, what about, and when the next is due.</summary>
public class FamilyContact
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public Guid? FamilyMemberId { get; set; }
    public DateTime At { get; set; }
    /// <summary>visit, phone, video, email, letter, portal.</summary>
    public string Method { get; set; } = "";
    public string By { get; set; } = "";
    /// <summary>Internal summary: staff only, never shown in the portal.</summary>
    public string Summary { get; set; } = "";
    public DateTime? NextContactDue { get; set; }
    public DateTime RecordedAt { get; set; }
}
