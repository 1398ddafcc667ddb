using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using MochiOrleans.Internal.Hosting;

namespace MochiOrleans.Gateway;

/// <summary>
/// The application of a server engine (<c>Engine.StartAsync</c>) that serves the gRPC gateway: its silo runs in an
/// ASP.NET Core application whose only listener is the gateway. Found by name from MochiOrleans.Silo
/// (<c>EmbeddedGatewayLoader</c>), which does not reference ASP.NET Core.
/// </summary>
internal sealed class EmbeddedGatewayHost : IEmbeddedGatewayHost
{
    public IHostApplicationBuilder CreateBuilder(IPEndPoint endpoint)
    {
        // Empty, as an engine's generic host without the gateway: an engine is a program's helper and reads neither the
        // program's configuration nor its environment, nor picks a log provider.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.ListenMochiGateway(endpoint));
        builder.Services.AddMochiGateway();
        return builder;
    }

    public IHost Build(IHostApplicationBuilder builder, IPEndPoint endpoint)
    {
        var app = ((WebApplicationBuilder)builder).Build();
        app.MapMochiGateway(endpoint);
        return app;
    }
}
