using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace MochiOrleans.Tests;

/// <summary>
/// Engine options an engine cannot run with are refused before anything listens or connects, by every path, with a
/// message naming the key (<c>Mochi:Property</c>).
/// </summary>
public class EngineOptionsValidationTests
{
    public static TheoryData<EngineMode, string, string> Unusable => new()
    {
        { EngineMode.Server, "SiloPort", "-1" },
        { EngineMode.Server, "SiloPort", "70000" },
        { EngineMode.Client, "DefaultTimeout", "00:00:00" },
        { EngineMode.Client, "DefaultTimeout", "-00:00:01" },
        { EngineMode.Server, "ConnectTimeout", "00:00:00" },
        { EngineMode.Client, "ConnectTimeout", "-00:00:05" },
        { EngineMode.Server, "FinalizeCallbackTimeout", "00:00:00" },
        { EngineMode.Client, "MaxPayloadBytes", "-1" },
        { EngineMode.Server, "MaxNestingDepth", "0" },
        { EngineMode.Client, "ClusterId", " " },
        { EngineMode.Server, "Gateway:Port", "0" },
        { EngineMode.Server, "Gateway:Port", "70000" },
        { EngineMode.Server, "Gateway:ListenAddress", "localhost:50051" },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task Engine_StartAsync_refuses_a_zero_or_negative_timeout_limit_or_port_naming_its_key(EngineMode mode, string property, string value)
    {
        var options = Bind(property, value);

        var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync(mode: mode, options: options).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"Mochi:{property}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_port_that_is_also_the_bulk_channel_port_is_refused_naming_both_keys()
    {
        var options = new EngineOptions { BulkChannelPort = 50123 };
        options.Gateway.Port = 50123;

        var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync(mode: EngineMode.Server, options: options).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains("Mochi:Gateway:Port and Mochi:BulkChannelPort are both 50123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_engine_asked_for_the_gateway_without_MochiOrleans_Gateway_fails_with_ModeMismatch_naming_the_setting_and_the_package()
    {
        // This test project does not reference MochiOrleans.Gateway, as an application that never serves the gateway.
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "MochiOrleans.Gateway.dll")));
        var port = FreePorts.Take(1)[0];

        var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync("tcp", EngineMode.Server, new EngineOptions { Gateway = { Port = port } }).WithDeadline());

        Assert.Equal(MargoErrorCode.ModeMismatch, error.Code);
        Assert.Contains("Mochi:Gateway:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("reference MochiOrleans.Gateway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gRPC_gateway_is_off_by_default_listens_on_loopback_and_binds_from_Mochi_Gateway()
    {
        var defaults = new EngineOptions().Gateway;
        var bound = Bind("Gateway:Port", "50051").Gateway;

        Assert.Equal((null, "127.0.0.1"), (defaults.Port, defaults.ListenAddress));
        Assert.Equal((50051, "127.0.0.1"), (bound.Port, bound.ListenAddress));
        Assert.Empty(Internal.EngineOptionsValidator.Failures(Bind("Gateway:ListenAddress", "0.0.0.0")));
    }

    [Fact]
    public async Task A_client_engine_serves_no_gateway_and_ignores_a_valid_gateway_setting()
    {
        await using var client = await Engine.StartAsync(mode: EngineMode.Client, options: new EngineOptions { Gateway = { Port = FreePorts.Take(1)[0] } }).WithDeadline();

        Assert.Equal(EngineMode.Client, client.Mode);
    }

    [Fact]
    public async Task Engine_StartAsync_accepts_an_infinite_default_timeout_and_a_zero_silo_port()
    {
        await using var client = await Engine.StartAsync(mode: EngineMode.Client, options: new EngineOptions { DefaultTimeout = Timeout.InfiniteTimeSpan }).WithDeadline();

        Assert.Equal(EngineMode.Client, client.Mode);
    }

    [Fact]
    public async Task A_client_with_AddMochi_refuses_a_zero_connect_timeout_from_configuration_at_start_naming_its_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Configuration.AddInMemoryCollection([new("Mochi:ConnectTimeout", "00:00:00")]);
        builder.UseOrleansClient(client => client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, FreePorts.Take(1)[0])).AddMochi());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithDeadline());

        Assert.Contains(error.Failures, f => f.StartsWith("Mochi:ConnectTimeout:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_with_AddMochi_refuses_a_negative_finalize_callback_timeout_from_configuration_at_start_naming_its_key()
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Configuration.AddInMemoryCollection([new("Mochi:FinalizeCallbackTimeout", "-00:00:01"), new("Mochi:MaxPayloadBytes", "0")]);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(ports[0], ports[1]).AddMochi());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithDeadline());

        Assert.Contains(error.Failures, f => f.StartsWith("Mochi:FinalizeCallbackTimeout:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Mochi:MaxPayloadBytes:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_of_the_application_s_own_refuses_a_gateway_port_it_would_not_serve_naming_its_key()
    {
        var ports = FreePorts.Take(3);
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Configuration.AddInMemoryCollection([new("Mochi:Gateway:Port", ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(ports[0], ports[1]).AddMochi());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WithDeadline());

        Assert.Contains(error.Failures, f => f.StartsWith("Mochi:Gateway:Port is set, but this silo serves no gRPC gateway", StringComparison.Ordinal));
    }

    // As configuration would set it, so that the theory's data reads like the keys an operator writes.
    private static EngineOptions Bind(string property, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection([new($"Mochi:{property}", value)]).Build()
            .GetSection(EngineOptions.SectionName).Get<EngineOptions>()!;
}
