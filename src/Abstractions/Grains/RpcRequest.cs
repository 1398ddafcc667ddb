namespace MochiOrleans.Grains;

/// <summary>
/// One RPC on the wire: what the engine facade sends to <see cref="IDispatchGrain"/>, which forwards the same
/// immutable instance to the <see cref="IProviderGrain"/> serving it.
/// </summary>
/// <remarks>
/// The arguments travel as <see cref="WireValue"/>s, which the receiving silo checks (depth, size) before Orleans
/// deserializes them: a request from any client, however it was built, cannot overflow the silo's stack. A request
/// whose arguments were refused on the way has <see cref="Refusal"/> set and is answered with
/// <see cref="MargoErrorCode.InvalidArgument"/> without running anything.
/// </remarks>
[GenerateSerializer, Immutable, Alias("mochi.RpcRequest")]
internal sealed class RpcRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="rpcName">The full RPC name (<c>service_method</c>).</param>
    /// <param name="providerId">The provider id to call.</param>
    /// <param name="args">Positional arguments.</param>
    /// <param name="kwargs">Keyword arguments, bound by parameter name; <see langword="null"/> for none.</param>
    /// <param name="caller">
    /// The caller engine's address string, shown to the handler as <see cref="Handle.Address"/>; <see langword="null"/>
    /// when the caller knows the handler takes no <see cref="Handle"/> (it then need not travel with every call).
    /// </param>
    public RpcRequest(string rpcName, ushort providerId, object?[] args, Dictionary<string, object?>? kwargs, string? caller)
        : this(rpcName, null, 0, providerId, new WireValue(args), new WireValue(kwargs), caller)
    {
    }

    /// <summary>Creates a request whose arguments are given in their wire form (see <see cref="Internal.SerializedValue"/>).</summary>
    internal RpcRequest(string rpcName, ushort providerId, WireValue arguments, WireValue keywordArguments, string? caller)
        : this(rpcName, null, 0, providerId, arguments, keywordArguments, caller)
    {
    }

    private RpcRequest(string? rpcName, int? methodIndex, long tableGeneration, ushort providerId, WireValue arguments, WireValue keywordArguments, string? caller)
    {
        RpcName = rpcName;
        MethodIndex = methodIndex;
        TableGeneration = tableGeneration;
        ProviderId = providerId;
        Arguments = arguments;
        KeywordArguments = keywordArguments;
        Caller = caller;
    }

    /// <summary>
    /// A request for the provider grain a resolution named, carrying the RPC's position in that provider's method table
    /// instead of its name (see <see cref="RpcResolution.MethodIndex"/>); only a provider grain takes it.
    /// </summary>
    internal static RpcRequest ByIndex(
        int methodIndex, long tableGeneration, ushort providerId, object?[] args, Dictionary<string, object?>? kwargs, string? caller, string? traceParent = null) =>
        new(null, methodIndex, tableGeneration, providerId, new WireValue(args), new WireValue(kwargs), caller) { TraceParent = traceParent };

    /// <summary>This request, arguments unchanged, naming its RPC by <paramref name="rpcName"/> and sent by <paramref name="caller"/>.</summary>
    internal RpcRequest ByName(string rpcName, string caller) =>
        new(rpcName, null, 0, ProviderId, Arguments, KeywordArguments, caller) { TraceParent = TraceParent };

    /// <summary>The full RPC name (<c>service_method</c>); <see langword="null"/> when <see cref="MethodIndex"/> names the RPC.</summary>
    [Id(0)] public string? RpcName { get; }

    /// <summary>The RPC's position in the provider's method table, when <see cref="RpcName"/> is <see langword="null"/>.</summary>
    [Id(6)] internal int? MethodIndex { get; }

    /// <summary>The generation of the method table <see cref="MethodIndex"/> points into: a stale one is answered NoEntry.</summary>
    [Id(7)] internal long TableGeneration { get; }

    /// <summary>The provider id to call.</summary>
    [Id(1)] public ushort ProviderId { get; }

    /// <summary>Positional arguments; never mutated once sent. Empty when the arguments were refused on the way.</summary>
    public object?[] Args => Arguments.Value as object?[] ?? [];

    /// <summary>Keyword arguments bound by parameter name, or <see langword="null"/>; never mutated once sent.</summary>
    public Dictionary<string, object?>? Kwargs => KeywordArguments.Value as Dictionary<string, object?>;

    /// <summary>The caller engine's address string, or <see langword="null"/> when the handler does not need it.</summary>
    [Id(4)] public string? Caller { get; }

    /// <summary>
    /// The key of the Orleans client this request came from (default if none), set on arrival at a silo when the
    /// request names no <see cref="Caller"/>, so that a handler taking a <see cref="Handle"/> is still told who called.
    /// Not serialized: it belongs to this arrival of the request, which was deserialized for it alone.
    /// </summary>
    [NonSerialized]
    internal IdSpan ArrivedFrom;

    /// <summary>This request as sent by <paramref name="caller"/> (the caller a silo vouches for), arguments unchanged.</summary>
    internal RpcRequest WithCaller(string caller) =>
        string.Equals(caller, Caller, StringComparison.Ordinal)
            ? this
            : new(RpcName, MethodIndex, TableGeneration, ProviderId, Arguments, KeywordArguments, caller) { TraceParent = TraceParent };

    /// <summary>Why the arguments cannot be used (refused on the way, or not an argument list), or <see langword="null"/>.</summary>
    internal string? Refusal =>
        Arguments.Refusal ?? KeywordArguments.Refusal
        ?? (Arguments.Value is not object?[] ? "The positional arguments are not an argument list." : null)
        ?? (KeywordArguments.Value is not (null or Dictionary<string, object?>) ? "The keyword arguments are not a keyword set." : null);

    /// <summary>
    /// The caller's span as a W3C <c>traceparent</c>, the parent of the provider's span; <see langword="null"/> when
    /// nothing listened on the caller (see docs/operations.md).
    /// </summary>
    [Id(5)] internal string? TraceParent { get; init; }

    [Id(2)] internal WireValue Arguments { get; }

    [Id(3)] internal WireValue KeywordArguments { get; }
}
