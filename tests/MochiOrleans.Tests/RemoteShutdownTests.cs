using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Remote shutdown between standalone engines over TCP.</summary>
public class RemoteShutdownTests
{
    [Fact]
    public async Task Remote_shutdown_finalizes_the_target_engine_and_completes_its_WaitForFinalizeAsync()
    {
        var log = new LifecycleLog();
        await using var server = await Engine.StartAsync().WithDeadline();
        server.RegisterProvider(new LifecycleProvider("provider", log), providerId: 42);
        server.EnableRemoteShutdown();
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        await address.ShutdownAsync().WithDeadline();
        await server.WaitForFinalizeAsync().WithDeadline();
        await server.DisposeAsync().WithDeadline();

        Assert.Equal(["provider.prefinalize", "provider.finalize"], log.Entries);
        Assert.False(server.Listening);
    }

    [Fact]
    public async Task Remote_shutdown_of_an_engine_that_did_not_enable_it_raises_Permission_and_it_keeps_serving()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        server.RegisterProvider(new GreeterProvider("still here"), providerId: 1);
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() => address.ShutdownAsync().WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, error.Code);
        Assert.True(server.Listening);
        Assert.Equal("still here", await client.Register("greeter_name").On(address, 1).CallAsync<string>().WithDeadline());
    }

    [Fact]
    public async Task EngineOptions_can_enable_remote_shutdown()
    {
        await using var server = await Engine.StartAsync(options: new EngineOptions { EnableRemoteShutdown = true }).WithDeadline();
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();

        await (await client.LookupAsync(server.Address.ToString()).WithDeadline()).ShutdownAsync().WithDeadline();

        await server.WaitForFinalizeAsync().WithDeadline();
    }
}
