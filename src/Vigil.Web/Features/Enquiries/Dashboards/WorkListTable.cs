namespace Vigil.Web.Features.Enquiries.Dashboards;

/// <summary>A page of a work list as its table shows it: the supervisor's lists and an officer's lists of the cases they
/// lead read alike (one partial, _WorkListTable).</summary>
public sealed record WorkListTable(Paged<WorkRow> Items, IReadOnlyDictionary<string, string> Names, ForceTime Time, string When)
{
    /// <summary>The officer by the name they go by, as the case page names them (not their login). An action with no
    /// officer says so: the overdue list holds the ones never allocated too, and a dash left the officer in charge to
    /// guess which of them were still hers to give out (ADR 3275).</summary>
    public string OfficerName(WorkRow row) => row.Who is { } who ? Names.GetValueOrDefault(who, who) : row.ActionNumber is null ? "—" : "not allocated";

    /// <summary>The overdue actions' list: true when narrowed to the mandatory ones, false when not; null for a list that
    /// does not narrow (<see cref="WorkLists.MandatoryOnly"/>). The page offers the other view.</summary>
    public bool? MandatoryOnly { get; init; }

    /// <summary>An action's row links to the action on the case page (the page opens its section), what the family is owed
    /// to the case's family page, others to the case.</summary>
    public static string Href(WorkRow row) => row.ActionNumber is { } n ? $"/cases/{row.CaseId}#action-{n}"
        : row.OnFamilyPage ? $"/cases/{row.CaseId}/family" : $"/cases/{row.CaseId}";
}
