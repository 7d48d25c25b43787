// `vigil` with no verb (or only host options, as WebApplicationFactory passes) serves the web app;
// anything else is a CLI verb. See `vigil --help`.
if (VigilCli.IsServeInvocation(args))
{
    await VigilHost.Build(args).RunAsync();
    return 0;
}
return await VigilCli.RunAsync(args);

public partial class Program;
