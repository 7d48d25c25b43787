namespace Vigil.Data.Linkage;

/// <summary>Deaths an analyst has confirmed may share an offender. A case belongs to at most one series;
/// confirming a link between members of two series merges them.</summary>
public class LinkedSeries
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Human reference, e.g. LS-2026-7F3A2C.</summary>
    public string Reference { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public List<LinkedSeriesMember> Members { get; set; } = [];
}

public class LinkedSeriesMember
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SeriesId { get; set; }
    public Guid CaseId { get; set; }
    public DateTime AddedAt { get; set; }
    public string AddedBy { get; set; } = "";
}
