namespace MochiOrleans.Internal;

/// <summary>
/// The server half of a server-mode <see cref="Engine"/>, implemented by the silo runtime (MochiOrleans.Silo), so that
/// client-only applications need neither the runtime nor its dependencies.
/// </summary>
internal interface IEngineServer
{
    /// <summary>The address string of the silo's engine.</summary>
    string Address { get; }

    /// <summary>The key of this silo's control and bulk grains, which reach this engine from anywhere in the cluster.</summary>
    string SiloKey { get; }

    /// <summary>The silo's bulk data listener; <see langword="null"/> when <see cref="EngineOptions.EnableBulkChannel"/> is off.</summary>
    IBulkChannelListener? BulkChannel { get; }

    Task<IReadOnlyList<RegisteredRpc>> RegisterProviderAsync(object? instance, Type providerType, ushort providerId, string? serviceName, CancellationToken cancellationToken);

    Task<RegisteredRpc> RegisterFunctionAsync(string rpcName, Delegate handler, ushort providerId, CancellationToken cancellationToken);

    bool Deregister(string rpcName, ushort providerId);

    RegisteredRpc? FindRegistered(string rpcName, ushort? providerId);

    void EnableRemoteShutdown();

    void EnableRemoteProviderControl();

    void OnPrefinalize(Func<Task> callback);

    void OnFinalize(Func<Task> callback);

    /// <summary>True once finalize callbacks may run: outgoing RPCs are refused with Permission from then on.</summary>
    bool IsFinalizing { get; }

    Task FinalizeAsync(CancellationToken cancellationToken);

    Task WaitForFinalizeAsync(CancellationToken cancellationToken);

    /// <summary>After finalization, releases what the server owns (the host of an embedded silo). Idempotent.</summary>
    ValueTask ReleaseAsync();
}

/// <summary>An RPC registered on a server engine.</summary>
internal sealed record RegisteredRpc(string Name, ushort ProviderId, bool DisableResponse);
