using Vigil.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Vigil.Web;

/// <summary>Notifications as their own capability: the triggers that raise them, the inbox, saved searches and watches.</summary>
public static class NotificationsSetup
{
    public static IServiceCollection AddVigilNotifications(this IServiceCollection services)
    {
        services.AddSingleton<IInterceptor, NotificationTriggers>();
        services.AddScoped<Inbox>();
        services.AddScoped<ICaseChangeHook, WatchHook>();
        return services;
    }

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api) => NotificationsApi.Map(api);
}
