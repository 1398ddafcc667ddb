#pragma warning disable MOCHI0001, MOCHI0002, MOCHI0003, MOCHI0005, MOCHI0009 // Shapes CreateProxy must refuse at run time.
namespace MochiOrleans.Tests;

public interface INotAProvider
{
    Task PingAsync();
}

[Provider("bad")]
public interface IReturnsInt
{
    int Count();
}

[Provider("bad")]
public interface ITakesHandle
{
    Task Reply(Handle handle, string text);
}

[Provider("bad")]
public interface IHasProperty
{
    string Name { get; }
}

[Provider("bad")]
public interface IIsGeneric
{
    Task<T> EchoAsync<T>(T value);
}

[Provider("bad")]
public interface ITakesRef
{
    Task BumpAsync(ref int value);
}

[Provider("bad")]
public interface ITakesTwoTokens
{
    Task WaitAsync(CancellationToken first, CancellationToken second);
}

[Provider("bad")]
public interface IInheritsPlainInterface : INotAProvider
{
    Task OtherAsync();
}

[Provider("clash")]
public interface IClashes
{
    Task PingAsync();

    [Remote(RpcName = "ping")]
    Task OtherAsync();
}
