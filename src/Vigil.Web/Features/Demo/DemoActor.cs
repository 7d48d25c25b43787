namespace Vigil.Web.Features.Demo;

/// <summary>Who the demo's story steps are done by: the demo users (an analyst rejecting an alert, an investigator
/// allocating an action), so the audit trail names them as it would in real use; the bulk import is the CLI's.</summary>
public sealed class DemoActor : IAuditActor
{
    public string Name { get; set; } = $"cli:{Environment.UserName}";
}
