namespace MochiOrleans.Benchmarks.Macro;

/// <summary>What one benchmark cell calls.</summary>
internal enum CallMode
{
    /// <summary>The engine facade: <c>CallAsync</c> by RPC name and provider id, answered.</summary>
    Facade,

    /// <summary>A typed proxy (<c>Engine.CreateProxy</c>) calling the same RPC as <see cref="Facade"/>; its class is source-generated.</summary>
    Proxy,

    /// <summary>Breakdown: <see cref="Proxy"/> for an interface the source generator cannot see, whose class the runtime emits.</summary>
    EmittedProxy,

    /// <summary>A direct typed Orleans grain call doing the same work.</summary>
    Raw,

    /// <summary>The facade with <c>RemoteFunction.DisableResponse()</c>.</summary>
    FacadeOneWay,

    /// <summary>A typed <c>[OneWay]</c> grain call, the one-way baseline.</summary>
    RawOneWay,

    /// <summary>Breakdown: a typed grain taking and returning the facade's envelopes, one hop.</summary>
    Envelope,

    /// <summary>Breakdown: <see cref="Envelope"/> plus the cancellation token the facade passes.</summary>
    EnvelopeWithToken,

    /// <summary>Breakdown: the provider grain called directly with an envelope, skipping the dispatch grain.</summary>
    ProviderDirect,

    /// <summary>Breakdown: a typed stateless-worker relay in front of the typed grain: what a second hop costs, without MochiOrleans.</summary>
    RawRelay,

    /// <summary>Peer: a gRPC for .NET unary echo (h2c) to a server process of its own.</summary>
    Grpc,

    /// <summary>Peer: <see cref="Facade"/> with TLS between client and silo, to a silo process of its own.</summary>
    FacadeTls,
}
