using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Gateway.Protocol;
using MochiOrleans.Internal;
using MochiOrleans.Internal.Security;
using MochiOrleans.Internal.Server;

namespace MochiOrleans.Gateway.Internal;

/// <summary>
/// The gateway's operations (protos/mochi_gateway.proto), each carried out through the silo's own <see cref="Engine"/>
/// exactly as a .NET client's would be: the same name and provider id checks, argument binding, limits, timeouts and
/// <see cref="MargoErrorCode"/>s. Failures answer in-band, as an <see cref="Error"/>.
/// </summary>
/// <remarks>
/// The silo's engine is inside the cluster and presents no token, so the gateway checks the caller's tokens itself
/// (gRPC metadata, under the header names .NET clients use) with the silo's <see cref="AccessTokens"/>: calls and
/// lookups need the access token, shutdown the admin token too.
/// </remarks>
internal sealed partial class MochiGatewayService(
    Engine engine,
    GatewayAddresses addresses,
    AccessTokens tokens,
    ProviderClaims claims,
    ExternalEngines externalEngines,
    IOptions<EngineOptions> options,
    ILogger<MochiGatewayService> logger,
    ILogger<GatewaySession> sessionLogger,
    IHostApplicationLifetime lifetime,
    IOptions<GrpcServiceOptions> grpcOptions) : MochiGateway.MochiGatewayBase
{
    // gRPC's own default, when the gateway's services leave the limit unset.
    private const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    private readonly ValueLimits _limits = options.Value.Limits;

    public override async Task<LookupResponse> Lookup(LookupRequest request, ServerCallContext context)
    {
        if (Refusal(ClientAccess.Caller, context) is { } refused)
        {
            return new LookupResponse { Error = refused };
        }

        try
        {
            var address = await addresses.ResolveAsync(request.Address, context.CancellationToken, revalidate: true).ConfigureAwait(false);
            return new LookupResponse { Address = address.ToString() };
        }
        catch (Exception exception)
        {
            return new LookupResponse { Error = Failure(exception, context, "lookup") };
        }
    }

    public override async Task<CallResponse> Call(CallRequest request, ServerCallContext context)
    {
        if (Refusal(ClientAccess.Caller, context) is { } refused)
        {
            return new CallResponse { Error = refused };
        }

        try
        {
            var name = request.RpcName;
            RpcNameRules.Validate(name);
            if (request.ProviderId > RpcNameRules.ReservedProviderId)
            {
                throw new MargoException(
                    MargoErrorCode.InvalidArgument,
                    string.Create(CultureInfo.InvariantCulture, $"Provider id {request.ProviderId} is out of range 0..{RpcNameRules.ReservedProviderId - 1}."),
                    name);
            }

            var providerId = (ushort)request.ProviderId;
            var timeout = Timeout(request.TimeoutSeconds, name, providerId);
            var args = ValueDecoder.DecodeArguments(request.Args, _limits.MaxNestingDepth);
            var kwargs = ValueDecoder.DecodeKeywords(request.Kwargs, _limits.MaxNestingDepth);
            var address = await addresses.ResolveAsync(request.Address, context.CancellationToken).ConfigureAwait(false);

            // Not engine.Register: that would keep every name a caller ever sent in the engine's own registrations.
            var function = new RemoteFunction(engine, name, request.DisableResponse, serverProviderId: null);
            var response = await function.On(address, providerId)
                .CallAsync<object?>(args, kwargs, timeout, context.CancellationToken)
                .ConfigureAwait(false);
            return new CallResponse { Value = ValueEncoder.Encode(response, _limits.MaxNestingDepth) };
        }
        catch (Exception exception)
        {
            return new CallResponse { Error = Failure(exception, context, request.RpcName) };
        }
    }

    public override async Task<ShutdownResponse> Shutdown(ShutdownRequest request, ServerCallContext context)
    {
        if (Refusal(ClientAccess.Admin, context) is { } refused)
        {
            return new ShutdownResponse { Error = refused };
        }

        try
        {
            var address = await addresses.ResolveAsync(request.Address, context.CancellationToken).ConfigureAwait(false);
            await address.ShutdownAsync(context.CancellationToken).ConfigureAwait(false);
            return new ShutdownResponse();
        }
        catch (Exception exception)
        {
            return new ShutdownResponse { Error = Failure(exception, context, "shutdown") };
        }
    }

    public override async Task Serve(IAsyncStreamReader<EngineMessage> requestStream, IServerStreamWriter<GatewayMessage> responseStream, ServerCallContext context)
    {
        if (Refusal(ClientAccess.Caller, context) is { } refused)
        {
            await responseStream.WriteAsync(GatewaySession.SessionError(refused), context.CancellationToken).ConfigureAwait(false);
            return;
        }

        if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (requestStream.Current.MessageCase != EngineMessage.MessageOneofCase.Open)
        {
            await responseStream.WriteAsync(
                GatewaySession.SessionError(GatewayErrors.Of(MargoErrorCode.InvalidArgument, "The first message of a Serve stream must be OpenSession.")),
                context.CancellationToken).ConfigureAwait(false);
            return;
        }

        var session = new GatewaySession(
            engine, claims, externalEngines, options.Value, grpcOptions.Value.MaxReceiveMessageSize ?? DefaultMaxReceiveMessageSize, sessionLogger);
        try
        {
            await session.RunAsync(requestStream, responseStream, lifetime.ApplicationStopping, context.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            addresses.Forget(session.Address);
        }
    }

    private static TimeSpan? Timeout(double seconds, string name, ushort providerId)
    {
        if (seconds == 0)
        {
            return null;
        }

        if (double.IsPositiveInfinity(seconds))
        {
            return System.Threading.Timeout.InfiniteTimeSpan;
        }

        // TimeSpan counts ticks in a long: anything longer than it can hold is as good as no deadline.
        if (seconds > 0 && !double.IsNaN(seconds))
        {
            return seconds >= TimeSpan.MaxValue.TotalSeconds ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Max(seconds, 1e-6));
        }

        throw new MargoException(
            MargoErrorCode.InvalidArgument,
            string.Create(CultureInfo.InvariantCulture, $"A call timeout must be positive seconds (0 for the server's default), not {seconds}."),
            name,
            providerId);
    }

    private Error? Refusal(ClientAccess access, ServerCallContext context)
    {
        var headers = context.RequestHeaders;
        var presented = new PresentedTokens(headers.GetValue(AccessTokenHeaders.AccessToken), headers.GetValue(AccessTokenHeaders.AdminToken));
        return tokens.Refusal(access, presented) is { } reason ? GatewayErrors.Of(MargoErrorCode.Permission, reason) : null;
    }

    private Error Failure(Exception exception, ServerCallContext context, string operation)
    {
        switch (exception)
        {
            case MargoException margo:
                return GatewayErrors.From(margo);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return GatewayErrors.Of(MargoErrorCode.Canceled, "The caller cancelled the call, or its gRPC deadline passed.");
            default:
                // The engine turns every failure of a call into a MargoException; anything else is a gateway bug.
                LogUnexpected(logger, exception, operation);
                return GatewayErrors.Of(MargoErrorCode.RemoteError, $"The gateway failed: {exception.GetType().FullName}.");
        }
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "The gateway failed unexpectedly during {Operation}.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string operation);
}
