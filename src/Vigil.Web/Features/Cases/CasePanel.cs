namespace Vigil.Web.Features.Cases;

/// <summary>A section another capability adds to the case page (decisions, actions, linkage, family) without the
/// case page knowing it: a view component that takes the case (<c>InvokeAsync(DeathCase deathCase)</c>), loads its own
/// data and renders its own view. The page shows the registered panels in <see cref="Order"/>.</summary>
public sealed record CasePanel(Type Component, int Order);

public static class CasePanelRegistration
{
    public static IServiceCollection AddCasePanel<TComponent>(this IServiceCollection services, int order) where TComponent : ViewComponent =>
        services.AddSingleton(new CasePanel(typeof(TComponent), order));
}
