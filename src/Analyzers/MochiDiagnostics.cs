using Microsoft.CodeAnalysis;

namespace MochiOrleans.Analyzers;

/// <summary>
/// Every diagnostic MochiOrleans reports, in one place so that ids never collide. Errors are what provider
/// registration would refuse at run time; warnings are shapes that register but almost certainly do not do what the
/// author meant. docs/analyzers.md explains each one.
/// </summary>
internal static class MochiDiagnostics
{
    private const string Providers = "MochiOrleans.Providers";
    private const string Serialization = "MochiOrleans.Serialization";

    /// <summary>MOCHI0001: two methods of one provider map to the same wire name.</summary>
    public static readonly DiagnosticDescriptor RpcNameClash = new(
        "MOCHI0001",
        "Two methods map to one RPC name",
        "{0} and {1} both map to RPC name '{2}'; registration refuses the provider",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Registration refuses a provider whose methods map to one RPC name, because the choice of handler would be arbitrary. Give one of them another name with [Remote(RpcName = ...)].");

    /// <summary>MOCHI0002: a generic RPC method.</summary>
    public static readonly DiagnosticDescriptor GenericRpcMethod = new(
        "MOCHI0002",
        "RPC methods cannot be generic",
        "RPC method {0} is generic; RPC handlers must be concrete methods",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Arguments arrive as values of concrete types, so the runtime has nothing to close a generic method over. Registration refuses it.");

    /// <summary>MOCHI0003: a ref, out, in or pointer parameter.</summary>
    public static readonly DiagnosticDescriptor ByReferenceParameter = new(
        "MOCHI0003",
        "RPC parameters must be values",
        "Parameter '{0}' of RPC method {1} is {2}; RPC arguments are values",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A caller's variables live in another process: nothing can be passed by reference or by address. Registration refuses ref, out and in parameters; pointers cannot be bound either.");

    /// <summary>MOCHI0004: two Handle parameters.</summary>
    public static readonly DiagnosticDescriptor MultipleHandles = new(
        "MOCHI0004",
        "At most one Handle parameter",
        "RPC method {0} has more than one Handle parameter",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The runtime fills one Handle per call. Registration refuses a method with more than one.");

    /// <summary>MOCHI0005: two CancellationToken parameters.</summary>
    public static readonly DiagnosticDescriptor MultipleCancellationTokens = new(
        "MOCHI0005",
        "At most one CancellationToken parameter",
        "RPC method {0} has more than one CancellationToken parameter",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The runtime fills one CancellationToken per call. Registration refuses a method with more than one.");

    /// <summary>MOCHI0006: a finalize hook with parameters or type parameters.</summary>
    public static readonly DiagnosticDescriptor HookWithParameters = new(
        "MOCHI0006",
        "Finalize hooks take no parameters",
        "Finalize hook {0} must be a non-generic method without parameters",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[OnPrefinalize] and [OnFinalize] methods are called by the runtime with nothing to pass. Registration refuses a hook with parameters or type parameters.");

    /// <summary>MOCHI0007: the reserved provider id 65535 as a constant.</summary>
    public static readonly DiagnosticDescriptor ReservedProviderId = new(
        "MOCHI0007",
        "Provider id 65535 is reserved",
        "Provider id 65535 is reserved (MARGO_DEFAULT_PROVIDER_ID); use 0..65534",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Margo reserves provider id 65535; registering, adding or calling a provider with it fails with MargoErrorCode.InvalidArgument.");

    /// <summary>MOCHI0008: a name that is not a valid RPC name.</summary>
    public static readonly DiagnosticDescriptor InvalidRpcName = new(
        "MOCHI0008",
        "Invalid RPC name",
        "{0}: {1}",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An RPC name (service name, '_' and method name) must be non-empty, at most 1024 characters and free of whitespace and control characters. Registration refuses anything else.");

    /// <summary>MOCHI0009: a member of a [Provider] interface a proxy cannot implement.</summary>
    public static readonly DiagnosticDescriptor UnproxiableMember = new(
        "MOCHI0009",
        "Provider interface member cannot be proxied",
        "{0} of provider interface {1} cannot be proxied: {2}",
        Providers,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every method of an interface marked [Provider] is an RPC a typed proxy sends: it must return Task, Task<T>, ValueTask or ValueTask<T>, and it cannot take a Handle (only a server has one). Properties and events cannot be sent.");

    /// <summary>MOCHI0010: an RPC parameter or response of a type Orleans has no serializer for.</summary>
    public static readonly DiagnosticDescriptor Unserializable = new(
        "MOCHI0010",
        "Type Orleans cannot serialize",
        "{0} of RPC method {1} has type {2}, which Orleans has no serializer for; mark it [GenerateSerializer] and number its members with [Id]",
        Serialization,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Arguments and responses travel through Orleans' serializer. A class, struct or record of this compilation needs [GenerateSerializer] (or a registered converter or codec); otherwise calls carrying such a value fail at run time (InvalidArgument for an argument, RemoteError for a response).");

    /// <summary>MOCHI0011: a Handle method that also returns a value.</summary>
    public static readonly DiagnosticDescriptor HandleMethodReturnsValue = new(
        "MOCHI0011",
        "Return value of a Handle method is ignored",
        "RPC method {0} takes a Handle, so its return value is ignored; respond with handle.Respond(...) and return void or Task",
        Providers,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "When a method takes a Handle, the response is what handle.Respond sent; a returned value is dropped.");

    /// <summary>MOCHI0012: a one-way RPC that returns a value.</summary>
    public static readonly DiagnosticDescriptor OneWayReturnsValue = new(
        "MOCHI0012",
        "Return value of a one-way RPC is never sent",
        "RPC method {0} is one-way (DisableResponse = true), so its return value is never sent; return void or Task",
        Providers,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Callers of an RPC with DisableResponse = true get no response, so whatever the method returns is lost.");

    /// <summary>MOCHI0013: an async void RPC method or hook.</summary>
    public static readonly DiagnosticDescriptor AsyncVoid = new(
        "MOCHI0013",
        "RPC methods and hooks should not be async void",
        "{0} is async void, so the runtime cannot wait for it or see its exceptions; return Task",
        Providers,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The runtime sees an async void method finish at its first await: the caller gets its response (or finalization goes on) before the work is done, and an exception it throws crashes the process instead of reaching the caller as RemoteError.");
}
