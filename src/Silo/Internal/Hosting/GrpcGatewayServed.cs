namespace MochiOrleans.Internal.Hosting;

/// <summary>
/// Registered by MochiOrleans.Gateway in an application that serves the gRPC gateway (the silo host, a server engine),
/// so that <see cref="GrpcGatewayServedCheck"/> can tell a silo that serves it from one that would ignore its setting.
/// </summary>
internal sealed class GrpcGatewayServed;
