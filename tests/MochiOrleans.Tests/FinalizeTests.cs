using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Prefinalize and finalize on a real engine: order, what may run when, and exactly-once.</summary>
public class FinalizeTests
{
    [Fact]
    public async Task Prefinalize_callbacks_run_newest_first_then_provider_finalizers_then_engine_finalize_callbacks_newest_first()
    {
        var log = new LifecycleLog();
        await using var engine = await Engine.StartAsync().WithDeadline();
        engine.OnPrefinalize(log.Recorder("engine.prefinalize.1"));
        engine.RegisterProvider(new LifecycleProvider("provider", log), providerId: 1);
        engine.OnPrefinalize(log.Recorder("engine.prefinalize.2"));
        engine.OnFinalize(log.Recorder("engine.finalize.1"));
        engine.OnFinalize(log.Recorder("engine.finalize.2"));

        await engine.FinalizeAsync().WithDeadline();

        Assert.Equal(
            ["engine.prefinalize.2", "provider.prefinalize", "engine.prefinalize.1", "provider.finalize", "engine.finalize.2", "engine.finalize.1"],
            log.Entries);
    }

    [Fact]
    public async Task An_rpc_from_a_prefinalize_callback_succeeds_and_one_from_a_finalize_callback_raises_Permission()
    {
        var log = new LifecycleLog();
        await using var engine = await Engine.StartAsync().WithDeadline();
        engine.RegisterProvider(new GreeterProvider("other"), providerId: 2);
        var name = engine.Register("greeter_name").On(engine.Address, 2);
        Func<Task> callOther(string stage) => async () =>
        {
            try
            {
                log.Add($"{stage}: {await name.CallAsync<string>()}");
            }
            catch (MargoException e)
            {
                log.Add($"{stage}: {e.Code}");
            }
        };
        engine.RegisterProvider(new LifecycleProvider("provider", log, callOther("provider prefinalize"), callOther("provider finalize")), providerId: 1);
        engine.OnPrefinalize(callOther("engine prefinalize"));
        engine.OnFinalize(callOther("engine finalize"));

        await engine.DisposeAsync().AsTask().WithDeadline();

        Assert.Contains("engine prefinalize: other", log.Entries);
        Assert.Contains("provider prefinalize: other", log.Entries);
        Assert.Contains("provider finalize: Permission", log.Entries);
        Assert.Contains("engine finalize: Permission", log.Entries);
    }

    [Fact]
    public async Task A_provider_with_only_finalize_hooks_is_accepted_serves_no_rpc_and_its_hooks_run_at_finalize()
    {
        var log = new LifecycleLog();
        var engine = await Engine.StartAsync().WithDeadline();

        var rpcs = engine.RegisterProvider(new HooksOnlyProvider("hooks", log), providerId: 1);
        await engine.FinalizeAsync().WithDeadline();
        await engine.DisposeAsync();

        Assert.Empty(rpcs);
        Assert.Equal(["hooks.prefinalize", "hooks.finalize"], log.Entries);
    }

    [Fact]
    public async Task Hooks_run_once_when_Dispose_follows_Finalize_and_when_ends_race()
    {
        var log = new LifecycleLog();
        await using var engine = await Engine.StartAsync().WithDeadline();
        engine.RegisterProvider(new LifecycleProvider("provider", log), providerId: 1);
        engine.OnPrefinalize(log.Recorder("engine.prefinalize"));
        engine.OnFinalize(log.Recorder("engine.finalize"));

        await Task.WhenAll(engine.FinalizeAsync(), engine.FinalizeAsync(), engine.WaitForFinalizeAsync()).WithDeadline();
        await engine.DisposeAsync().AsTask().WithDeadline();
        await engine.FinalizeAsync().WithDeadline();

        Assert.All(
            ["provider.prefinalize", "provider.finalize", "engine.prefinalize", "engine.finalize"],
            entry => Assert.Equal(1, log.Count(entry)));
    }

    [Fact]
    public async Task A_throwing_callback_does_not_stop_the_others_and_a_hanging_one_is_abandoned_after_the_timeout()
    {
        var log = new LifecycleLog();
        await using var engine = await Engine.StartAsync(options: new EngineOptions { FinalizeCallbackTimeout = TimeSpan.FromMilliseconds(300) }).WithDeadline();
        var never = new TaskCompletionSource();
        engine.OnPrefinalize(log.Recorder("first registered"));
        engine.OnPrefinalize(() => never.Task);
        engine.OnPrefinalize(() => throw new InvalidOperationException("callback failure"));
        engine.OnFinalize(() => Task.FromException(new InvalidOperationException("async failure")));
        engine.OnFinalize(log.Recorder("finalize still runs"));

        await engine.DisposeAsync().AsTask().WithDeadline();

        Assert.Equal(["first registered", "finalize still runs"], log.Entries);
    }

    [Fact]
    public async Task WaitForFinalizeAsync_completes_after_finalize_callbacks_and_the_engine_stops_listening()
    {
        var log = new LifecycleLog();
        await using var engine = await Engine.StartAsync().WithDeadline();
        engine.OnFinalize(log.Recorder("finalized"));
        var waiting = engine.WaitForFinalizeAsync();

        Assert.False(waiting.IsCompleted);
        Assert.True(engine.Listening);
        await engine.FinalizeAsync().WithDeadline();
        await waiting.WithDeadline();

        Assert.Equal(["finalized"], log.Entries);
        Assert.False(engine.Listening);
        Assert.Equal(MargoErrorCode.Permission, Assert.Throws<MargoException>(() => engine.OnFinalize(() => Task.CompletedTask)).Code);
    }

    [Fact]
    public async Task A_client_engine_runs_its_callbacks_and_refuses_calls_once_finalized()
    {
        var log = new LifecycleLog();
        await using var server = await Engine.StartAsync().WithDeadline();
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();
        var ping = client.Register("greeter_name");
        client.OnPrefinalize(log.Recorder("client.prefinalize"));
        client.OnFinalize(log.Recorder("client.finalize"));

        await client.DisposeAsync().AsTask().WithDeadline();

        Assert.Equal(["client.prefinalize", "client.finalize"], log.Entries);
        var error = await Assert.ThrowsAsync<MargoException>(() => ping.On(address, 1).CallAsync<string>().WithDeadline());
        Assert.Equal(MargoErrorCode.Permission, error.Code);
    }
}
