using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Gateway.Internal;
using MochiOrleans.Internal;
using MochiOrleans.Internal.Hosting;
using MochiOrleans.Internal.Tls;
using Orleans.Connections.Security;

namespace MochiOrleans.Gateway;

/// <summary>Adds the gRPC gateway to an ASP.NET Core application that hosts a MochiOrleans silo.</summary>
internal static partial class MochiGatewayServices
{
    private const string LogCategory = "MochiOrleans.Gateway";

    // Protobuf frames each argument, list item and map entry with a few bytes of its own; the engine's payload check
    // counts values, so the gRPC message may exceed MaxPayloadBytes by that framing.
    private const int FramingAllowance = 1024 * 1024;

    /// <summary>The gateway's services: gRPC, with message sizes from the engine's <c>MaxPayloadBytes</c>.</summary>
    public static IServiceCollection AddMochiGateway(this IServiceCollection services)
    {
        services.AddGrpc();
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<EngineOptions>>((grpc, engine) =>
        {
            // Arguments and keyword arguments are each bounded by MaxPayloadBytes; a larger message is refused by gRPC
            // (RESOURCE_EXHAUSTED) before it is read.
            var limit = (int)Math.Min(int.MaxValue, (2 * engine.Value.MaxPayloadBytes) + FramingAllowance);
            grpc.MaxReceiveMessageSize = limit;
            grpc.MaxSendMessageSize = limit;
        });
        services.AddSingleton<GatewayAddresses>();
        services.AddSingleton<GrpcGatewayServed>();
        return services;
    }

    /// <summary>
    /// Serves the gateway on <paramref name="endpoint"/>'s port only (not on the application's other listeners, such as
    /// the silo host's health port), and says so once the application has started.
    /// </summary>
    public static void MapMochiGateway(this WebApplication app, IPEndPoint endpoint)
    {
        app.MapGrpcService<MochiGatewayService>().RequireHost($"*:{endpoint.Port}");
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        app.Lifetime.ApplicationStarted.Register(() => LogListening(logger, endpoint.Address, endpoint.Port));
    }

    /// <summary>
    /// Listens for the gateway: HTTP/2, with the engine's TLS (its certificate, its CA for client certificates, mutual
    /// TLS under <c>Mochi:TlsRequireClientCertificate</c>) when <c>Mochi:TlsCaPath</c> is set, as the Orleans gateway.
    /// </summary>
    public static void ListenMochiGateway(this KestrelServerOptions kestrel, IPEndPoint endpoint) =>
        kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            var tls = listen.ApplicationServices.GetService<EngineTls>();
            if (tls is not { Enabled: true })
            {
                return;
            }

            var inbound = tls.ForInbound(tls.RequireClientCertificate);
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (connection, name) => inbound.LocalServerCertificateSelector!(connection!, name!),
                ClientCertificateMode = inbound.RemoteCertificateMode == RemoteCertificateMode.RequireCertificate
                    ? ClientCertificateMode.RequireCertificate
                    : ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (certificate, chain, errors) => inbound.RemoteCertificateValidation!(certificate, chain!, errors),
            });
        });

    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Mochi gateway (gRPC) listening on {ListenAddress}:{Port}.")]
    private static partial void LogListening(ILogger logger, IPAddress listenAddress, int port);
}
