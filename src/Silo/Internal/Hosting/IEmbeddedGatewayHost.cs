using System.Net;
using Microsoft.Extensions.Hosting;

namespace MochiOrleans.Internal.Hosting;

/// <summary>
/// Implemented by MochiOrleans.Gateway: the application a server engine's silo runs in when the engine serves the gRPC
/// gateway (<see cref="EngineOptions.Gateway"/>). The gateway needs ASP.NET Core (Kestrel, Grpc.AspNetCore), which this
/// library must not depend on, so the silo is built on the builder this returns and the gateway shares its services
/// (the engine, its TLS and tokens) and its lifetime.
/// </summary>
internal interface IEmbeddedGatewayHost
{
    /// <summary>An empty application builder whose server listens for the gateway on <paramref name="endpoint"/> only.</summary>
    /// <param name="endpoint">Where the gateway listens.</param>
    IHostApplicationBuilder CreateBuilder(IPEndPoint endpoint);

    /// <summary>Builds the application of <paramref name="builder"/> (from <see cref="CreateBuilder"/>) with the gateway mapped.</summary>
    /// <param name="builder">The builder, with the silo added.</param>
    /// <param name="endpoint">Where the gateway listens, as given to <see cref="CreateBuilder"/>.</param>
    IHost Build(IHostApplicationBuilder builder, IPEndPoint endpoint);
}
