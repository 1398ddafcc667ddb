using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>How a client engine reaches addresses: resolution, deadlines, cancellation and what its errors say.</summary>
[Collection(ClusterCollection.Name)]
public class ClientRoutingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_host_name_that_does_not_resolve_raises_Unreachable_and_a_malformed_address_InvalidArgument()
    {
        var unresolvable = await Assert.ThrowsAsync<MargoException>(
            () => fixture.ClientEngine.LookupAsync("tcp://no-such-engine.invalid:30000").WithDeadline());
        var noPort = await Assert.ThrowsAsync<MargoException>(() => fixture.ClientEngine.LookupAsync("tcp://127.0.0.1").WithDeadline());
        var noScheme = await Assert.ThrowsAsync<MargoException>(() => fixture.ClientEngine.LookupAsync("127.0.0.1:30000").WithDeadline());

        Assert.Equal(MargoErrorCode.Unreachable, unresolvable.Code);
        Assert.Equal(MargoErrorCode.InvalidArgument, noPort.Code);
        Assert.Equal(MargoErrorCode.InvalidArgument, noScheme.Code);
    }

    [Fact]
    public async Task A_one_way_call_with_a_cancelled_token_raises_Canceled_and_sends_nothing_once_its_route_is_cached()
    {
        var provider = new ControlledProvider();
        var id = fixture.NextProviderId();
        await fixture.PrimaryEngine.RegisterProviderAsync(provider, id).WithDeadline();
        var address = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();
        var record = fixture.ClientEngine.Register("controlled_record", disableResponse: true).On(address, id);
        await record.CallAsync<object?>("first").WithDeadline();
        await Deadline.UntilAsync(() => provider.Notes.Contains("first"), "the first one-way call ran");

        var error = await Assert.ThrowsAsync<MargoException>(
            () => record.CallAsync<object?>(["never"], null, cancellationToken: new CancellationToken(canceled: true)).WithDeadline());
        await record.CallAsync<object?>("after").WithDeadline();
        await Deadline.UntilAsync(() => provider.Notes.Contains("after"), "the later one-way call ran");

        Assert.Equal(MargoErrorCode.Canceled, error.Code);
        Assert.DoesNotContain("never", provider.Notes);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(-1)]
    public async Task A_timeout_of_more_than_49_days_or_infinite_is_accepted(int days)
    {
        var id = fixture.NextProviderId();
        await fixture.PrimaryEngine.RegisterProviderAsync(new GreeterProvider(), id).WithDeadline();
        var address = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();
        var timeout = days < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromDays(days);

        var sum = await fixture.ClientEngine.Register("greeter_add").On(address, id).CallAsync<int>([2, 3], null, timeout).WithDeadline();

        Assert.Equal(5, sum);
    }
}
