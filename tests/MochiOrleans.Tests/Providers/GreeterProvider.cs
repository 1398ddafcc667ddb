using System.Diagnostics.CodeAnalysis;

namespace MochiOrleans.Tests.Providers;

/// <summary>The provider most call tests use: one RPC for each way a handler can answer or fail.</summary>
[Provider("greeter")]
public sealed class GreeterProvider(string name = "greeter")
{
    /// <summary>The tutorial's RPC: answers through the handle.</summary>
    [Remote]
    public void SayHello(Handle handle, string firstname, string lastname) => handle.Respond($"Good bye {firstname} ({lastname}, from {name})");

    [Remote(RpcName = "add")]
    public int Sum(int x, int y) => x + y;

    [Remote]
    public async Task<string> EchoAsync(string text)
    {
        await Task.Yield();
        return text;
    }

    [Remote]
    public string Concat(string first, string second = "!") => first + second;

    [Remote]
    public int Widen(long value, double ratio) => (int)(value * ratio);

    [Remote]
    public string Name() => name;

    [Remote]
    public void Fail(string message) => throw new InvalidOperationException(message);

    [Remote]
    public async Task FailLaterAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    /// <summary>Returns without responding: the caller must get NoResponse at once.</summary>
    [Remote]
    public void Forget(Handle handle) => _ = handle;

    /// <summary>Responds, then keeps working: the caller must not wait for the rest.</summary>
    [Remote]
    public async Task RespondEarlyAsync(Handle handle, int delayMs)
    {
        handle.Respond(handle.Address.ToString());
        await Task.Delay(delayMs);
    }

    [Remote]
    [SuppressMessage("MochiOrleans.Providers", "MOCHI0011", Justification = "Deliberate: the test checks that the handle's response wins over the return value.")]
    public string Caller(Handle handle)
    {
        handle.Respond($"{handle.RpcName}@{handle.ProviderId}");
        return "ignored: the handle's response wins";
    }
}
