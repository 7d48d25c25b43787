using Vigil.Linkage;

namespace Vigil.Web.Features.Linkage;

/// <summary>Linkage configuration ("Vigil:Linkage:…" or VIGIL__LINKAGE__…): thresholds are configuration, not code,
/// so a force can move its alert rate without a release.</summary>
public sealed class LinkageSettings
{
    public const string Section = "Vigil:Linkage";

    /// <summary>Compare every saved or imported case (off only for measurements and emergencies).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Alerts per 100 deaths the force accepts (pair, person, cluster and series alerts together): the
    /// threshold is the one that gave this rate on the model's training force.</summary>
    public double AlertBudget { get; set; } = new LinkageOptions().AlertBudget;

    /// <summary>A probability threshold overriding the budget (empty: from the budget).</summary>
    public double? AlertThreshold { get; set; } = new LinkageOptions().AlertThreshold;

    /// <summary>A model file from `vigil train`; empty means the model Vigil ships (trained on London).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Cases read per query while the in-memory index is built from the store.</summary>
    public int BuildPageSize { get; set; } = 2000;

    public LinkageOptions Options() => new() { AlertThreshold = AlertThreshold, AlertBudget = AlertBudget };
}
