using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Tests.FrameProbes;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;

namespace MochiOrleans.Tests;

/// <summary>
/// Orleans' deserializer recurses once per nested level over message headers (request context values) and over
/// fields a type does not know, and a stack overflow kills the process: a hand-built client must not be able to knock
/// a silo over that way. These tests host the silos: without the frame guard the test process itself dies.
/// </summary>
public class FrameGuardTests(TcpClusterFixture fixture) : IClassFixture<TcpClusterFixture>
{
    private const int HostileDepth = 200_000;
    private static int _nextProviderId = 100;

    [Fact]
    public async Task A_request_context_value_nested_200000_levels_fails_its_call_over_tcp_and_the_silo_keeps_serving()
    {
        await using var hostile = await StartPlainClientAsync();
        var deep = RawField.WithUnknownField(hostile.Services.GetRequiredService<Serializer>(), new FrameProbe { Value = 1 }, HostileDepth);

        await Assert.ThrowsAnyAsync<Exception>(() => CallWithRequestContextAsync(hostile, deep));

        await AssertTheClusterServesAsync();
    }

    [Fact]
    public async Task An_unknown_field_nested_200000_levels_in_a_grain_call_fails_the_call_over_tcp_and_the_silo_keeps_serving()
    {
        await using var hostile = await StartPlainClientAsync();
        var deep = RawField.WithUnknownField(hostile.Services.GetRequiredService<Serializer>(), new FrameProbe { Value = 1 }, HostileDepth);

        await Assert.ThrowsAnyAsync<Exception>(() => hostile.Client.GetGrain<IFrameProbeGrain>(0).EchoAsync(deep).WithDeadline(TimeSpan.FromSeconds(60)));

        await AssertTheClusterServesAsync();
    }

    [Fact]
    public async Task Unknown_fields_and_request_context_values_of_ordinary_depth_pass_the_frame_guard()
    {
        await using var client = await StartPlainClientAsync();
        var shallow = RawField.WithUnknownField(client.Services.GetRequiredService<Serializer>(), new FrameProbe { Value = 7 }, depth: 100);

        Assert.Equal(7, await client.Client.GetGrain<IFrameProbeGrain>(0).EchoAsync(shallow).WithDeadline());
        Assert.Equal(-1, await CallWithRequestContextAsync(client, shallow));
    }

    [Theory]
    [InlineData(64, 264)]
    [InlineData(1, 256)]
    [InlineData(1000, 2136)]
    public void The_frame_depth_bound_leaves_room_for_every_allowed_value_and_stays_far_below_a_stack_overflow(int maxNestingDepth, int frameDepth) =>
        Assert.Equal(frameDepth, MochiOrleans.Internal.Networking.FrameGuardLimits.MaxDepthFor(new EngineOptions { MaxNestingDepth = maxNestingDepth }.Limits));

    private static async Task<int> CallWithRequestContextAsync(OrleansClientHost client, RawField value)
    {
        RequestContext.Set("frame-probe", value);
        try
        {
            return await client.Client.GetGrain<IFrameProbeGrain>(1).EchoAsync(-1).WithDeadline(TimeSpan.FromSeconds(60));
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    private async Task AssertTheClusterServesAsync()
    {
        Assert.Equal(5, await fixture.Cluster.Client.GetGrain<IFrameProbeGrain>(2).EchoAsync(new FrameProbe { Value = 5 }).WithDeadline());
        var server = fixture.Cluster.EngineOf(fixture.Cluster.Primary!);
        var id = (ushort)Interlocked.Increment(ref _nextProviderId);
        server.RegisterProvider(typeof(MathFunctions), id);
        var address = await fixture.ClientEngine.LookupAsync(server.Address.ToString()).WithDeadline();
        Assert.Equal(49, await fixture.ClientEngine.Register("math_square").On(address, id).CallAsync<int>(7).WithDeadline());
        await using var fresh = await StartPlainClientAsync();
        Assert.Equal(3, await fresh.Client.GetGrain<IFrameProbeGrain>(3).EchoAsync(new FrameProbe { Value = 3 }).WithDeadline());
    }

    /// <summary>A client of the primary silo's gateway, as anyone who can reach the port could start.</summary>
    private Task<OrleansClientHost> StartPlainClientAsync()
    {
        var options = fixture.Cluster.Options;
        var gateway = fixture.Cluster.Primary!.GatewayAddress!.Endpoint;
        return OrleansClientHost.StartAsync(
            new IPEndPoint(gateway.Address, gateway.Port),
            options.ClusterId,
            options.ServiceId,
            client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15)));
    }
}

