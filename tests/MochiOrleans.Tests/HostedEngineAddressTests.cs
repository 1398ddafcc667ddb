using MochiOrleans.Internal;
using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>
/// Addresses of engines a silo hosts through its gateway (a Python server engine): <c>tcp://host:port/name</c>, the
/// silo's address followed by the session's name, beside the silo form <c>tcp://host:port</c> which stays as it was.
/// </summary>
public class HostedEngineAddressTests
{
    [Theory]
    [InlineData("tcp://127.0.0.1:30000/0123abcd", "tcp://127.0.0.1:30000", "0123abcd")]
    [InlineData("tcp://host.example:30000/engine_1-a", "tcp://host.example:30000", "engine_1-a")]
    [InlineData("tcp://127.0.0.1:30000", "tcp://127.0.0.1:30000", null)]
    [InlineData("tcp://127.0.0.1:30000/", "tcp://127.0.0.1:30000/", null)]
    [InlineData("tcp://127.0.0.1:30000/a/b", "tcp://127.0.0.1:30000/a/b", null)]
    [InlineData("tcp://127.0.0.1:30000/with space", "tcp://127.0.0.1:30000/with space", null)]
    [InlineData("tcp", "tcp", null)]
    public void A_hosted_engine_address_splits_into_its_silos_address_and_its_name(string value, string silo, string? name)
    {
        Assert.Equal(silo, EngineAddressFormat.SplitEngineName(value, out var engineName));
        Assert.Equal(name, engineName);
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_not_a_hosted_engine_name()
    {
        var value = "tcp://127.0.0.1:30000/" + new string('a', EngineAddressFormat.MaxEngineNameLength + 1);

        Assert.Equal(value, EngineAddressFormat.SplitEngineName(value, out var engineName));
        Assert.Null(engineName);
    }

    [Fact]
    public async Task Looking_up_a_name_the_silo_does_not_host_raises_Unreachable_and_the_silos_own_address_still_resolves()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() => client.LookupAsync($"{server.Address}/nosuchengine").WithDeadline());

        Assert.Equal(MargoErrorCode.Unreachable, error.Code);
        Assert.Equal(server.Address, await client.LookupAsync(server.Address.ToString()).WithDeadline());
    }

    [Fact]
    public async Task A_malformed_name_is_InvalidArgument_and_no_engine_starts_at_a_hosted_address()
    {
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();

        var lookup = await Assert.ThrowsAsync<MargoException>(() => client.LookupAsync("tcp://127.0.0.1:30000/not a name").WithDeadline());
        var start = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync("tcp://127.0.0.1:30000/name").WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, lookup.Code);
        Assert.Equal(MargoErrorCode.InvalidArgument, start.Code);
    }
}
