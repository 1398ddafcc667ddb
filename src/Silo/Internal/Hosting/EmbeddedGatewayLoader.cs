namespace MochiOrleans.Internal.Hosting;

/// <summary>
/// Finds the gRPC gateway of server engines by name, as <c>Engine.StartAsync</c> finds the silo runtime: the gateway
/// lives in MochiOrleans.Gateway, which brings ASP.NET Core, so only applications that serve it reference it.
/// </summary>
internal static class EmbeddedGatewayLoader
{
    private const string HostTypeName = "MochiOrleans.Gateway.EmbeddedGatewayHost, MochiOrleans.Gateway";

    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.ModeMismatch"/> when MochiOrleans.Gateway is not part of the application: like server
    /// mode without the silo runtime, an operation this application was built without (<c>HG_OPNOTSUPPORTED</c>).
    /// </exception>
    public static IEmbeddedGatewayHost Load() =>
        OptionalComponent.Create<IEmbeddedGatewayHost>(
            HostTypeName,
            $"{EngineOptions.SectionName}:{nameof(EngineOptions.Gateway)}:{nameof(GrpcGatewayOptions.Port)} is set, but the gRPC gateway is not part of this application: reference MochiOrleans.Gateway, or unset the port.");
}
