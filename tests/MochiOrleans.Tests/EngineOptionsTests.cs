using System.Net;
using Microsoft.Extensions.Configuration;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;
using Orleans.Configuration;

namespace MochiOrleans.Tests;

/// <summary>Engine options that change how calls end, on real engines over TCP.</summary>
public class EngineOptionsTests
{
    [Fact]
    public async Task The_engine_default_timeout_applies_to_calls_without_their_own()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        var provider = new ControlledProvider();
        server.RegisterProvider(provider, 1);
        await using var client = await Engine.StartAsync(mode: EngineMode.Client, options: new EngineOptions { DefaultTimeout = TimeSpan.FromMilliseconds(300) }).WithDeadline();
        var call = client.Register("controlled_wait_forever").On(await client.LookupAsync(server.Address.ToString()).WithDeadline(), 1);

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<string>().WithDeadline());

        Assert.Equal(MargoErrorCode.Timeout, error.Code);
        await provider.Cancelled.Task.WithDeadline();
    }

    [Fact]
    public async Task A_server_that_includes_stack_traces_sends_them_with_RemoteError()
    {
        await using var server = await Engine.StartAsync(options: new EngineOptions { IncludeRemoteStackTraces = true }).WithDeadline();
        server.RegisterProvider(new ControlledProvider(), 1);
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var call = client.Register("controlled_throw").On(await client.LookupAsync(server.Address.ToString()).WithDeadline(), 1);

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<object?>().WithDeadline());

        Assert.Equal(typeof(InvalidOperationException).FullName, error.RemoteExceptionType);
        Assert.Contains(nameof(ControlledProvider.Throw), error.RemoteStackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lower_payload_limit_refuses_smaller_arguments()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        server.RegisterProvider(new ControlledProvider(), 1);
        await using var client = await Engine.StartAsync(mode: EngineMode.Client, options: new EngineOptions { MaxPayloadBytes = 1024 }).WithDeadline();
        var call = client.Register("controlled_length").On(await client.LookupAsync(server.Address.ToString()).WithDeadline(), 1);

        Assert.Equal(100, await call.CallAsync<int>(new byte[100]).WithDeadline());
        Assert.Equal(MargoErrorCode.InvalidArgument, (await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<int>(new byte[2048]).WithDeadline())).Code);
    }

    [Fact]
    public async Task Orleans_own_response_timeout_raises_Timeout_and_cancels_the_handler_of_a_client_with_AddMochi()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        var provider = new ControlledProvider();
        server.RegisterProvider(provider, 1);
        await using var host = await StartClientHostAsync(server, client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(500)));
        var engine = host.Engine;
        var call = engine.Register("controlled_wait_forever").On(await engine.LookupAsync(server.Address.ToString()).WithDeadline(), 1);

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<string>().WithDeadline());

        Assert.Equal(MargoErrorCode.Timeout, error.Code);
        await provider.Cancelled.Task.WithDeadline();
    }

    [Fact]
    public async Task A_client_with_AddMochi_binds_engine_options_from_the_Mochi_configuration_section()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        var provider = new ControlledProvider();
        server.RegisterProvider(provider, 1);
        await using var host = await StartClientHostAsync(server, _ => { }, ("Mochi:DefaultTimeout", "00:00:00.300"));
        var engine = host.Engine;
        var call = engine.Register("controlled_wait_forever").On(await engine.LookupAsync(server.Address.ToString()).WithDeadline(), 1);

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<string>().WithDeadline(TimeSpan.FromSeconds(10)));

        Assert.Equal(MargoErrorCode.Timeout, error.Code);
    }

    private static Task<OrleansClientHost> StartClientHostAsync(Engine server, Action<IClientBuilder> configure, params (string Key, string Value)[] settings)
    {
        var gateway = new Uri(server.Address.ToString());
        return OrleansClientHost.StartAsync(
            new IPEndPoint(IPAddress.Parse(gateway.Host), gateway.Port),
            clusterId: "mochi",
            serviceId: "mochi",
            configure,
            host => host.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))));
    }
}
