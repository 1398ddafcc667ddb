using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MochiOrleans.Benchmarks.Hosting;
using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.Peers;

/// <summary>
/// <c>--serve-grpc</c>: the gRPC peer's server, a process of its own like the silo of the TCP runs. Kestrel serves
/// HTTP/2 without TLS (h2c) on a free 127.0.0.1 port, with ASP.NET Core's and gRPC's defaults otherwise. It prints one
/// ready line with its port, then serves until its standard input closes or a safety limit passes.
/// </summary>
internal static class ServeGrpcCommand
{
    public const string Flag = "--serve-grpc";
    public const string ReadyPrefix = "MOCHI-BENCH-GRPC-READY ";

    // A forgotten server must not outlive any plausible run.
    private static readonly TimeSpan MaximumLifetime = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync()
    {
        var port = FreePorts.Take(1)[0];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        await using var app = builder.Build();
        app.MapGrpcService<GrpcEchoService>();
        await app.StartAsync().ConfigureAwait(false);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ReadyPrefix}{port}"));
        Console.Out.Flush();
        var stdinClosed = Console.In.ReadToEndAsync();
        await Task.WhenAny(stdinClosed, Task.Delay(MaximumLifetime)).ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        return 0;
    }
}
