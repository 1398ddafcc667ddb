using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>What a handler may do with its own engine: register, and finalize it (Margo's "shutdown RPC").</summary>
public class EngineFromHandlerTests
{
    // Shorter than Orleans' 30 s response and deactivation timeouts, so that a deadlock broken by one of them fails.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_synchronous_RegisterProvider_and_Register_called_inside_a_handler_complete_and_serve()
    {
        await using var engine = await Engine.StartAsync().WithDeadline();
        engine.Register("register_inside", (Func<ushort, string>)(id =>
        {
            engine.RegisterProvider(new GreeterProvider("inner"), id);
            engine.Register($"function_{id}", (Func<int>)(() => id), id);
            return "registered";
        }), providerId: 1);

        var answer = await engine.Register("register_inside").On(engine.Address, 1).CallAsync<string>((ushort)5).WithDeadline(Prompt);

        Assert.Equal("registered", answer);
        Assert.Equal("inner", await engine.Register("greeter_name").On(engine.Address, 5).CallAsync<string>().WithDeadline(Prompt));
        Assert.Equal(5, await engine.Register("function_5").On(engine.Address, 5).CallAsync<int>().WithDeadline(Prompt));
    }

    [Fact]
    public async Task A_handler_awaiting_FinalizeAsync_responds_and_the_engine_finalizes()
    {
        var log = new LifecycleLog();
        var server = await Engine.StartAsync().WithDeadline();
        server.RegisterProvider(new LifecycleProvider("provider", log), providerId: 2);
        server.OnFinalize(log.Recorder("engine.finalize"));
        server.Register("shutdown", (Func<Task<string>>)(async () =>
        {
            await server.FinalizeAsync();
            return server.Listening ? "still listening" : "finalizing";
        }), providerId: 1);
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        var answer = await client.Register("shutdown").On(address, 1).CallAsync<string>().WithDeadline(Prompt);
        await server.WaitForFinalizeAsync().WithDeadline(Prompt);
        await server.DisposeAsync().AsTask().WithDeadline(Prompt);

        Assert.Equal("finalizing", answer);
        Assert.Equal(["provider.prefinalize", "provider.finalize", "engine.finalize"], log.Entries);
    }
}
