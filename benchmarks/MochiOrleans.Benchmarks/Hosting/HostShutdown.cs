using Microsoft.Extensions.Hosting;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>Stops a silo or client host gracefully, then releases it.</summary>
internal static class HostShutdown
{
    public static async ValueTask StopAndDisposeAsync(this IHost host)
    {
        try
        {
            await host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            host.Dispose();
        }
    }
}
