namespace Vigil.Data.Audit;

/// <summary>Marks rows derived from audited data and rebuilt from it (search documents): writing them is not a
/// change to the record, so the audit chain does not repeat them.</summary>
public interface INotAudited;
