using Microsoft.Extensions.Logging;
using MochiOrleans;

namespace ClusterProviders;

/// <summary>
/// A stateless provider meant to be hosted as a virtual provider: any silo may serve it, and it says which one did,
/// so that a caller can watch it move when a silo fails.
/// </summary>
/// <param name="engine">The engine of the silo that activated this provider object.</param>
/// <param name="logger">Where the finalize hook reports.</param>
[Provider("echo")]
public sealed partial class EchoProvider(Engine engine, ILogger<EchoProvider> logger)
{
    /// <summary>Served as <c>echo_echo</c>: returns its argument.</summary>
    /// <param name="text">Any text.</param>
    /// <returns><paramref name="text"/>.</returns>
    [Remote]
    public string Echo(string text) => text;

    /// <summary>Served as <c>echo_where_am_i</c>: the address of the engine (silo) serving this provider now.</summary>
    /// <returns>An engine address, <c>tcp://ip:port</c>.</returns>
    [Remote]
    public string WhereAmI() => engine.Address.ToString();

    /// <summary>Runs when this provider object ends (its silo stops, or Orleans collects or moves it).</summary>
    [OnFinalize]
    public void AtFinalize() => LogFinalized(logger, engine.Address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider echo finalized on {Address}.")]
    private static partial void LogFinalized(ILogger logger, Address address);
}
