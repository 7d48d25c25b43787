using Vigil.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Vigil.Web.Features.Notifications.DueEvents;

namespace Vigil.Web;

/// <summary>Notifications as their own capability: the triggers that raise them, the due-event sweep (ADR 3152), the inbox, saved searches and watches.</summary>
public static class NotificationsSetup
{
    public static IServiceCollection AddVigilNotifications(this IServiceCollection services)
    {
        services.AddSingleton<IInterceptor, NotificationTriggers>();
        services.AddScoped<Inbox>();
        services.AddScoped<ICaseChangeHook, WatchHook>();
        services.AddOptions<DueEventOptions>().BindConfiguration(DueEventOptions.Section)
            .Validate(o => o.Interval >= TimeSpan.Zero && o.PageSize > 0 && o.PagesPerSweep > 0 && o.DigestAbove >= 0,
                "Vigil:DueEvents:Interval and DigestAbove must not be negative; PageSize and PagesPerSweep must be at least 1.")
            .ValidateOnStart();
        services.AddScoped<DueEventRaiser>();
        services.AddSingleton<DueEventProgress>();
        services.AddHostedService<DueEventSweep>();
        return services;
    }

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api) => NotificationsApi.Map(api);
}
