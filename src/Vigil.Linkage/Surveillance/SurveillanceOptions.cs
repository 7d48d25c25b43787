namespace Vigil.Linkage.Surveillance;

/// <summary>Windows and priors of the surveillance signals. Defaults were chosen on a split of the London benchmark.</summary>
public sealed record SurveillanceOptions
{
    /// <summary>How far back a place's or person's history is read, days.</summary>
    public double HistoryDays { get; init; } = 1826;
    /// <summary>Trailing windows of the space–time concentration signals, days.</summary>
    public IReadOnlyList<double> ConcentrationWindows { get; init; } = [90, 365];
    /// <summary>Window of the purely spatial signal (against the force's share), days.</summary>
    public double SpatialWindowDays { get; init; } = 730;
    /// <summary>Weight, in deaths, of the force's share in a place's background (a place with little history borrows it).</summary>
    public double PlacePrior { get; init; } = 20;
    /// <summary>A feature shared by more than this share of deaths of a kind is not scanned on its own.</summary>
    public double MaxFeatureShare { get; init; } = 0.3;
    /// <summary>Trailing windows of the local person signal, days.</summary>
    public IReadOnlyList<double> PersonWindows { get; init; } = [90, 365];
    /// <summary>Window of the force-wide person signal, days.</summary>
    public double PersonForceWindowDays { get; init; } = 3650;
    /// <summary>Weight, in deaths, of what is ordinary for a role in a person's local background.</summary>
    public double RolePrior { get; init; } = 50;
    /// <summary>Round 7 (ADR 1301): a local person signal only once the role is learnt and the person's history before
    /// the window is as long (in deaths) as the window, and a misspelt name as common as the name it matches. Off by
    /// default: the shipped model's calibration was fitted on the earlier statistic (whose warm-up surprises it
    /// learnt to read as ordinary GPs), and neither it nor a model retrained with this on did better on Manchester
    /// (docs/linkage.md, round 7).</summary>
    public bool StrictPersonSignals { get; init; }
    /// <summary>Weight, in mentions, of what a trained model's force taught about each role (ADR 1491), at most: the
    /// deploying force's own mentions outweigh it within weeks.</summary>
    public double SeededRoleMentions { get; init; } = 200;
    /// <summary>Weight, in mentions, of the share over all roles in a pair of roles' identity-recurrence share.</summary>
    public double IdentityPrior { get; init; } = 50;
    /// <summary>Share of mentions whose person recurs, by identity, in the same role, assumed before the force's own
    /// history shows it: London's (2012–16: 0.052 of 24,123 mentions with a phone or a date of birth).</summary>
    public double IdentitySameRoleShare { get; init; } = 0.05;
    /// <summary>The same for a person recurring in a different role: London's 0.000124 (3 mentions), rounded up.</summary>
    public double IdentityOtherRoleShare { get; init; } = 0.0002;
    /// <summary>Surprise at which an identity recurrence alone makes a link as likely as not (ADR 1391): its alerting
    /// probability is the logistic of the surprise minus this. Chosen on London's replay, never on held-out data.</summary>
    public double IdentityEvenSurprise { get; init; } = 8;
    /// <summary>Surprise at which a person in more deaths in their area than their role explains makes a link as likely
    /// as not, when the role priors come from a force's history (ADR 1491). Chosen on London's replay only.</summary>
    public double PersonEvenSurprise { get; init; } = 12;
    /// <summary>Signals below this surprise are not reported (nor their members listed).</summary>
    public double MinSurprise { get; init; } = 2;
}
