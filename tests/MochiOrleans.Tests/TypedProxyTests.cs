using MochiOrleans.Internal;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Proxies;
using MochiOrleans.Internal.Registry;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>
/// Typed proxies (API.md, "Typed proxies") between a server engine and a client engine over TCP, and providers serving
/// the methods of the [Provider] interfaces they implement.
/// </summary>
public class TypedProxyTests(TypedProxyTests.TcpEngines engines) : IClassFixture<TypedProxyTests.TcpEngines>
{
    [Fact]
    public async Task Each_return_shape_calls_its_rpc_with_positional_arguments()
    {
        var (provider, calc) = await ServeAsync();

        Assert.Equal(3, await calc.SumAsync(1, 2).WithDeadline());
        Assert.Equal(7, await calc.SubtractAsync(10, 3).WithDeadline());
        Assert.Equal(42L, await calc.MultiplyAsync(6, 7).WithDeadline());
        await calc.RecordAsync("first").WithDeadline();
        Assert.Equal(["first"], provider.Notes);
        await calc.ClearAsync().WithDeadline();
        Assert.Empty(provider.Notes);
        Assert.Equal("héllo", await calc.EchoAsync("héllo").WithDeadline());
    }

    [Fact]
    public async Task A_proxy_calls_the_rpc_names_the_provider_rules_give_its_methods()
    {
        var id = engines.NextProviderId();
        var served = await engines.Server.RegisterProviderAsync(new CalcProvider(), id).WithDeadline();

        Assert.Equal(
            ["calc_add", "calc_clear", "calc_echo", "calc_fail", "calc_multiply", "calc_poke", "calc_record", "calc_silent", "calc_subtract", "calc_wait"],
            served.Keys.Order(StringComparer.Ordinal));
        Assert.True(served["calc_poke"].DisabledResponse);
        var viaFacade = await engines.Client.Register("calc_add").On(engines.Address, id).CallAsync<int>(2, 2).WithDeadline();
        Assert.Equal(4, viaFacade);
    }

    [Fact]
    public async Task A_one_way_method_completes_without_waiting_and_still_runs()
    {
        var (provider, calc) = await ServeAsync();

        await calc.PokeAsync(5).WithDeadline();
        await calc.PokeAsync(6).WithDeadline();

        await Deadline.UntilAsync(() => provider.Pokes == 11, "both pokes arrived");
    }

    [Fact]
    public async Task Cancelling_the_token_parameter_raises_Canceled_and_cancels_the_handlers_token()
    {
        var (provider, calc) = await ServeAsync();
        using var cancellation = new CancellationTokenSource();

        var pending = calc.WaitAsync(cancellation.Token, "tag");
        Assert.Equal("tag", await provider.Started.Task.WithDeadline());
        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<MargoException>(() => pending.WithDeadline());

        Assert.Equal(MargoErrorCode.Canceled, error.Code);
        Assert.Equal("calc_wait", error.RpcName);
        await provider.Cancelled.Task.WithDeadline();
    }

    [Fact]
    public async Task A_call_past_the_engines_default_timeout_raises_Timeout_and_cancels_the_handlers_token()
    {
        var (provider, id) = await RegisterAsync();
        await using var impatient = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { DefaultTimeout = TimeSpan.FromSeconds(1) }).WithDeadline();
        var calc = impatient.CreateProxy<ICalc>(await impatient.LookupAsync(engines.Server.Address.ToString()).WithDeadline(), id);

        var error = await Assert.ThrowsAsync<MargoException>(() => calc.WaitAsync(CancellationToken.None, "late").WithDeadline());

        Assert.Equal(MargoErrorCode.Timeout, error.Code);
        await provider.Cancelled.Task.WithDeadline();
    }

    [Fact]
    public async Task A_handler_that_throws_raises_RemoteError_with_its_message_and_type()
    {
        var (_, calc) = await ServeAsync();

        var error = await Assert.ThrowsAsync<MargoException>(() => calc.FailAsync("broken on purpose").WithDeadline());

        Assert.Equal(MargoErrorCode.RemoteError, error.Code);
        Assert.Contains("broken on purpose", error.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, error.RemoteExceptionType);
    }

    [Fact]
    public async Task Misused_rpcs_raise_NoEntry_InvalidArgument_and_NoResponse()
    {
        var (_, id) = await RegisterAsync();
        var misuse = engines.Client.CreateProxy<ICalcMisuse>(engines.Address, id);

        var missing = await Assert.ThrowsAsync<MargoException>(() => misuse.MissingAsync().WithDeadline());
        var mistyped = await Assert.ThrowsAsync<MargoException>(() => misuse.AddTextAsync("one", "two").WithDeadline());
        var silent = await Assert.ThrowsAsync<MargoException>(() => misuse.SilentAsync().WithDeadline());

        Assert.Equal((MargoErrorCode.NoEntry, "calc_missing"), (missing.Code, missing.RpcName));
        Assert.Equal((MargoErrorCode.InvalidArgument, "calc_add"), (mistyped.Code, mistyped.RpcName));
        Assert.Equal((MargoErrorCode.NoResponse, "calc_silent"), (silent.Code, silent.RpcName));
    }

    [Fact]
    public async Task A_proxy_to_an_unknown_provider_id_raises_NoEntry()
    {
        var calc = engines.Client.CreateProxy<ICalc>(engines.Address, engines.NextProviderId());

        var error = await Assert.ThrowsAsync<MargoException>(() => calc.SumAsync(1, 2).WithDeadline());

        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
    }

    [Fact]
    public async Task A_proxy_of_a_disposed_engine_raises_Permission()
    {
        var (_, id) = await RegisterAsync();
        var closing = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var calc = closing.CreateProxy<ICalc>(await closing.LookupAsync(engines.Server.Address.ToString()).WithDeadline(), id);
        Assert.Equal(2, await calc.SumAsync(1, 1).WithDeadline());

        await closing.DisposeAsync();

        Assert.Equal(MargoErrorCode.Permission, (await Assert.ThrowsAsync<MargoException>(() => calc.SumAsync(1, 1).WithDeadline())).Code);
    }

    [Fact]
    public async Task A_proxy_to_an_address_where_nothing_answers_raises_Unreachable()
    {
        var server = await Engine.StartAsync("tcp").WithDeadline();
        var gone = server.Address;
        await server.DisposeAsync();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { ConnectTimeout = TimeSpan.FromSeconds(1) }).WithDeadline();
        var calc = client.CreateProxy<ICalc>(gone, 1);

        var error = await Assert.ThrowsAsync<MargoException>(() => calc.SumAsync(1, 2).WithDeadline());

        Assert.Equal((MargoErrorCode.Unreachable, "calc_add", (ushort?)1), (error.Code, error.RpcName, error.ProviderId));
        var check = await Assert.ThrowsAsync<MargoException>(() => client.CreateProxyAsync<ICalc>(gone, 1).WithDeadline());
        Assert.Equal(MargoErrorCode.Unreachable, check.Code);
    }

    [Fact]
    public async Task Internal_and_private_interfaces_can_be_proxied_by_generated_and_emitted_classes_alike()
    {
        var (_, id) = await RegisterAsync();

        // The source generator can name the internal interface, not the private one: the runtime emits that proxy.
        Assert.True(ProxyFactory.For(typeof(IInternalAdder)).IsGenerated);
        Assert.False(ProxyFactory.For(typeof(IPrivateSubtractor)).IsGenerated);

        var viaInternal = engines.Client.CreateProxy<IInternalAdder>(engines.Address, id);
        var viaPrivate = engines.Client.CreateProxy<IPrivateSubtractor>(engines.Address, id);

        Assert.Equal(9, await viaInternal.AddAsync(4, 5).WithDeadline());
        Assert.Equal(-1, await viaPrivate.SubtractAsync(4, 5).WithDeadline());
    }

    [Fact]
    public async Task The_identity_check_returns_a_working_proxy_when_the_provider_serves_every_rpc()
    {
        var (_, id) = await RegisterAsync();

        var calc = await engines.Client.CreateProxyAsync<ICalc>(engines.Address, id).WithDeadline();

        Assert.Equal(5, await calc.SumAsync(2, 3).WithDeadline());
    }

    [Fact]
    public async Task The_identity_check_raises_NoEntry_naming_every_rpc_the_provider_does_not_serve()
    {
        var (_, id) = await RegisterAsync();

        var error = await Assert.ThrowsAsync<MargoException>(() => engines.Client.CreateProxyAsync<ICalcMisuse>(engines.Address, id).WithDeadline());

        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
        Assert.Contains("'calc_missing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'calc_also_missing'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("calc_silent", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("calc_add", error.Message, StringComparison.Ordinal);
        Assert.Equal(id, error.ProviderId);
    }

    [Fact]
    public async Task The_identity_check_of_a_provider_id_nobody_serves_names_all_its_rpcs()
    {
        var error = await Assert.ThrowsAsync<MargoException>(() => engines.Client.CreateProxyAsync<ICalc>(engines.Address, engines.NextProviderId()).WithDeadline());

        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
        Assert.Contains("(9 of its 9 RPCs)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_class_service_name_takes_precedence_and_explicit_implementations_are_named_after_the_interface()
    {
        var registration = ProviderRegistration.ForProvider(ProviderModel.For(typeof(ExplicitCalcProvider)), new ExplicitCalcProvider(), true, 1, serviceName: null);

        Assert.Equal(
            ["abacus_add", "abacus_clear", "abacus_echo", "abacus_extra", "abacus_fail", "abacus_multiply", "abacus_poke", "abacus_record", "abacus_subtract", "abacus_wait"],
            registration.Methods.Keys.Order(StringComparer.Ordinal));
        Assert.True(registration.Methods["abacus_poke"].Attribute.DisableResponse);
        Assert.Equal("abacus:1", registration.GrainKey);
    }

    [Fact]
    public void The_proxy_class_is_built_once_per_interface()
    {
        var first = engines.Client.CreateProxy<ICalc>(engines.Address, 1);
        var second = engines.Client.CreateProxy<ICalc>(engines.Address, 2);

        Assert.Same(first.GetType(), second.GetType());
        Assert.NotSame(first, second);
    }

    [Theory]
    [InlineData(typeof(CalcProvider), "not an interface")]
    [InlineData(typeof(INotAProvider), "not marked [Provider]")]
    [InlineData(typeof(IReturnsInt), "IReturnsInt.Count returns Int32")]
    [InlineData(typeof(ITakesHandle), "ITakesHandle.Reply has a Handle parameter 'handle'")]
    [InlineData(typeof(IHasProperty), "IHasProperty.Name is a property")]
    [InlineData(typeof(IIsGeneric), "IIsGeneric.EchoAsync is generic")]
    [InlineData(typeof(ITakesRef), "ITakesRef.BumpAsync has a ref, out, in or pointer parameter 'value'")]
    [InlineData(typeof(ITakesTwoTokens), "ITakesTwoTokens.WaitAsync has more than one CancellationToken parameter")]
    [InlineData(typeof(IInheritsPlainInterface), "inherits MochiOrleans.Tests.INotAProvider")]
    [InlineData(typeof(IClashes), "IClashes.PingAsync and IClashes.OtherAsync both map to RPC name 'clash_ping'")]
    public void Creating_a_proxy_of_an_unsupported_type_raises_ArgumentException_naming_the_member(Type type, string expected)
    {
        var create = typeof(Engine).GetMethod(nameof(Engine.CreateProxy))!.MakeGenericMethod(type);

        var error = Assert.Throws<ArgumentException>(() =>
        {
            try
            {
                create.Invoke(engines.Client, [engines.Address, (ushort)1]);
            }
            catch (System.Reflection.TargetInvocationException invocation) when (invocation.InnerException is not null)
            {
                throw invocation.InnerException;
            }
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reserved_provider_id_raises_InvalidArgument()
    {
#pragma warning disable MOCHI0007 // The runtime's own refusal is under test.
        var error = Assert.Throws<MargoException>(() => engines.Client.CreateProxy<ICalc>(engines.Address, RpcNameRules.ReservedProviderId));
#pragma warning restore MOCHI0007

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
    }

    [Provider("calc")]
    private interface IPrivateSubtractor
    {
        Task<int> SubtractAsync(int x, int y);
    }

    private async Task<(CalcProvider Provider, ushort Id)> RegisterAsync()
    {
        var provider = new CalcProvider();
        var id = engines.NextProviderId();
        await engines.Server.RegisterProviderAsync(provider, id).WithDeadline();
        return (provider, id);
    }

    private async Task<(CalcProvider Provider, ICalc Proxy)> ServeAsync()
    {
        var (provider, id) = await RegisterAsync();
        return (provider, engines.Client.CreateProxy<ICalc>(engines.Address, id));
    }

    /// <summary>A server engine on a real port and a client engine that reached it through its printed address.</summary>
    public sealed class TcpEngines : IAsyncLifetime
    {
        private int _nextProviderId = 100;

        public Engine Server { get; private set; } = null!;

        public Engine Client { get; private set; } = null!;

        /// <summary>The server's address as the client looked it up.</summary>
        public Address Address { get; private set; } = null!;

        public ushort NextProviderId() => (ushort)Interlocked.Increment(ref _nextProviderId);

        public async Task InitializeAsync()
        {
            Server = await Engine.StartAsync("tcp").WithDeadline();
            Client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
            Address = await Client.LookupAsync(Server.Address.ToString()).WithDeadline();
        }

        public async Task DisposeAsync()
        {
            await Client.DisposeAsync().AsTask().WithDeadline();
            await Server.DisposeAsync().AsTask().WithDeadline();
        }
    }
}

[Provider("calc")]
internal interface IInternalAdder
{
    [Remote(RpcName = "add")]
    Task<int> AddAsync(int x, int y);
}
