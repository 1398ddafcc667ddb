using MochiOrleans;

namespace HelloProvider.Server;

/// <summary>The tutorial's provider: one RPC and the two finalization hooks.</summary>
[Provider("my_service")]
public class MyProvider
{
    /// <summary>Served as <c>my_service_say_hello</c>.</summary>
    [Remote]
    public void SayHello(Handle handle, string firstname, string lastname)
    {
        Console.WriteLine($"Hello {firstname} {lastname}!");
        handle.Respond($"Good bye {firstname}");
    }

    /// <summary>Runs while the engine finalizes; RPCs can no longer be sent.</summary>
    [OnFinalize]
    public void AtFinalize() => Console.WriteLine("Called when the engine finalizes");

    /// <summary>Runs right before the engine finalizes; RPCs still flow.</summary>
    [OnPrefinalize]
    public void BeforeFinalize() => Console.WriteLine("Called right before the engine finalizes");
}
