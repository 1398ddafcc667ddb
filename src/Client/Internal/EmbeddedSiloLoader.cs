namespace MochiOrleans.Internal;

/// <summary>
/// Starts an embedded silo for <see cref="Engine.StartAsync(string, EngineMode, EngineOptions?, Microsoft.Extensions.Logging.ILoggerFactory?, CancellationToken)"/> in server mode. The silo runtime lives in
/// MochiOrleans.Silo, which this assembly does not reference (client-only applications must not need it), so the
/// runtime is found by name when server mode is first asked for.
/// </summary>
internal static class EmbeddedSiloLoader
{
    private const string FactoryTypeName = "MochiOrleans.Internal.Hosting.EmbeddedSiloFactory, MochiOrleans.Silo";

    public static IEmbeddedSiloFactory Load() =>
        OptionalComponent.Create<IEmbeddedSiloFactory>(
            FactoryTypeName,
            "Server mode needs the silo runtime: reference MochiOrleans.Silo from this application.");
}

/// <summary>Implemented by the silo runtime: builds, starts and returns the engine of a new embedded silo.</summary>
internal interface IEmbeddedSiloFactory
{
    /// <param name="host">The host (IP or name) to listen on; empty for loopback.</param>
    /// <param name="gatewayPort">The gateway port clients connect to; 0 picks a free one.</param>
    /// <param name="options">Engine settings.</param>
    /// <param name="loggerFactory">The caller's logger factory; <see langword="null"/> for no logging.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    Task<Engine> StartAsync(string host, int gatewayPort, EngineOptions options, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory, CancellationToken cancellationToken);
}
