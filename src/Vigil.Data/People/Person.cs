namespace Vigil.Data.People;

/// <summary>A person who can appear in many deaths (the same finder in two deaths is one Person with two links).</summary>
/// <remarks>Resolved on an exact normalised key (see <see cref="PersonKeys"/>); looser matches
/// (typos, initials) are the linkage engine's job and are shown to an analyst, never merged silently.</remarks>
public class Person
{
    public Guid Id { get; set; } = NewId.Version7();
    public string Name { get; set; } = "";
    /// <summary>Normalised name plus date of birth when known; unique.</summary>
    public string MatchKey { get; set; } = "";
    public DateOnly? DateOfBirth { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set when an analyst merged this record into another: its appearances moved there, and a later
    /// mention under this record's key resolves to the survivor (ADR 0702).</summary>
    public Guid? MergedIntoId { get; set; }
}

/// <summary>A telephone number, stored once in a canonical form (UK numbers as +44...).</summary>
public class Phone
{
    public Guid Id { get; set; } = NewId.Version7();
    public string Number { get; set; } = "";
}

/// <summary>A postal address, stored once under a normalised key.</summary>
public class Address
{
    public Guid Id { get; set; } = NewId.Version7();
    public string Text { get; set; } = "";
    public string MatchKey { get; set; } = "";
}

/// <summary>A person's part in one death, with what the officer actually wrote.</summary>
public class CasePerson
{
    public Guid Id { get; set; } = NewId.Version7();
    public Guid CaseId { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public string Role { get; set; } = "";
    public string? NameAsWritten { get; set; }
    public string? PhoneAsWritten { get; set; }
    public string? AddressAsWritten { get; set; }
    public Guid? PhoneId { get; set; }
    public Phone? Phone { get; set; }
    public Guid? AddressId { get; set; }
    public Address? Address { get; set; }
}

public static class PersonRoles
{
    public static readonly IReadOnlyList<string> All =
    [
        "finder", "caller", "last-seen-with", "present-at-death", "witness", "next-of-kin",
        "certifying-doctor", "carer", "suspect",
    ];
}
