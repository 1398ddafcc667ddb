using System.Diagnostics;
using MochiOrleans.Benchmarks.Hosting;
using MochiOrleans.Benchmarks.Macro;
using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.Peers;

/// <summary>
/// What the facade is measured against besides raw Orleans, in the same run and at the same cells: a gRPC for .NET
/// unary echo (<see cref="CallMode.Grpc"/>) and the facade with TLS on (<see cref="CallMode.FacadeTls"/>), each
/// served by a process of its own, so that each has the plain silo's setting: one server process, one client here.
/// </summary>
internal sealed class PeerTargets : IAsyncDisposable
{
    private readonly GrpcPeer? _grpc;
    private readonly TestCertificateAuthority? _authority;
    private readonly SiloProcess? _tlsSilo;
    private readonly BenchClient? _tlsClient;
    private readonly EchoTargets? _tls;
    private readonly Process? _grpcProcess;
    private readonly Process? _tlsProcess;

    private PeerTargets(GrpcPeer? grpc, TestCertificateAuthority? authority, SiloProcess? tlsSilo, BenchClient? tlsClient, EchoTargets? tls)
    {
        _grpc = grpc;
        _authority = authority;
        _tlsSilo = tlsSilo;
        _tlsClient = tlsClient;
        _tls = tls;
        _grpcProcess = grpc is null ? null : Process.GetProcessById(grpc.ProcessId);
        _tlsProcess = tlsSilo is null ? null : Process.GetProcessById(tlsSilo.ProcessId);
    }

    /// <summary>Starts the peers <paramref name="modes"/> asks for (none, one or both).</summary>
    public static async Task<PeerTargets> StartAsync(IReadOnlySet<CallMode> modes)
    {
        GrpcPeer? grpc = null;
        TestCertificateAuthority? authority = null;
        SiloProcess? tlsSilo = null;
        BenchClient? tlsClient = null;
        try
        {
            if (modes.Contains(CallMode.Grpc))
            {
                grpc = await GrpcPeer.StartAsync().ConfigureAwait(false);
            }

            EchoTargets? tls = null;
            if (modes.Contains(CallMode.FacadeTls))
            {
                // Throw-away PEM files in a temporary directory of their own, deleted when the run ends.
                authority = TestCertificateAuthority.Create("bench");
                var material = BenchTls.Issue(authority);
                tlsSilo = await SiloProcess.StartAsync(material).ConfigureAwait(false);
                tlsClient = await BenchClient.ConnectAsync(tlsSilo.GatewayPort, CancellationToken.None, material).ConfigureAwait(false);
                tls = await EchoTargets.CreateAsync(tlsClient.Engine, tlsSilo.EngineAddress, tlsClient.Grains).ConfigureAwait(false);
            }

            return new PeerTargets(grpc, authority, tlsSilo, tlsClient, tls);
        }
        catch
        {
            await DisposeAllAsync(grpc, authority, tlsSilo, tlsClient).ConfigureAwait(false);
            throw;
        }
    }

    public Func<byte[], Task> For(CallMode mode) => mode switch
    {
        CallMode.Grpc => (_grpc ?? throw NotStarted(mode)).EchoAsync,
        CallMode.FacadeTls => (_tls ?? throw NotStarted(mode)).For(CallMode.Facade),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>The server process whose CPU a peer's calls cost.</summary>
    public Process? ServerOf(CallMode mode) => mode switch
    {
        CallMode.Grpc => _grpcProcess,
        CallMode.FacadeTls => _tlsProcess,
        _ => null,
    };

    /// <summary>Checks that every peer returns the payload intact before any of them is timed.</summary>
    public async Task VerifyAsync(byte[] payload)
    {
        if (_grpc is not null && !(await _grpc.EchoAsync(payload).ConfigureAwait(false)).AsSpan().SequenceEqual(payload))
        {
            throw new InvalidOperationException($"A gRPC echo of {payload.Length} bytes came back altered.");
        }

        if (_tls is not null)
        {
            await _tls.VerifyAsync(payload).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _grpcProcess?.Dispose();
        _tlsProcess?.Dispose();
        await DisposeAllAsync(_grpc, _authority, _tlsSilo, _tlsClient).ConfigureAwait(false);
    }

    private static async Task DisposeAllAsync(GrpcPeer? grpc, TestCertificateAuthority? authority, SiloProcess? tlsSilo, BenchClient? tlsClient)
    {
        // Each goes even if one before it fails to stop.
        try
        {
            if (tlsClient is not null)
            {
                await tlsClient.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                if (tlsSilo is not null)
                {
                    await tlsSilo.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                try
                {
                    if (grpc is not null)
                    {
                        await grpc.DisposeAsync().ConfigureAwait(false);
                    }
                }
                finally
                {
                    authority?.Dispose();
                }
            }
        }
    }

    private static InvalidOperationException NotStarted(CallMode mode) => new($"The {mode} peer was not started.");
}
