using Vigil.Web.Features.Backup;

namespace Vigil.Web;

public static class BackupSetup
{
    public static IServiceCollection AddVigilBackup(this IServiceCollection services) => services.AddScoped<BackupService>();
}
