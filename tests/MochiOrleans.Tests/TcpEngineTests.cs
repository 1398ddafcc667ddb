using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Real engines over TCP in one process, as two programs would use them.</summary>
public class TcpEngineTests
{
    [Fact]
    public async Task A_client_engine_calls_a_server_engine_over_tcp_by_its_printed_address()
    {
        await using var server = await Engine.StartAsync("tcp").WithDeadline();
        server.RegisterProvider(new GreeterProvider("tcp"), providerId: 42);
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();

        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();
        var response = await client.Register("greeter_say_hello").On(address, 42)
            .CallAsync<string>(["Matthieu"], new Dictionary<string, object?> { ["lastname"] = "Dorier" })
            .WithDeadline();

        Assert.Equal(EngineMode.Server, server.Mode);
        Assert.True(server.Listening);
        Assert.StartsWith("tcp://127.0.0.1:", server.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal("Good bye Matthieu (Dorier, from tcp)", response);
    }

    [Fact]
    public async Task A_server_engine_calls_another_server_engine_by_address()
    {
        await using var first = await Engine.StartAsync("tcp").WithDeadline();
        await using var second = await Engine.StartAsync("tcp").WithDeadline();
        second.RegisterProvider(typeof(MathFunctions), providerId: 3);

        var address = await first.LookupAsync(second.Address.ToString()).WithDeadline();
        var square = await first.Register("math_square").On(address, 3).CallAsync<int>(12).WithDeadline();

        Assert.Equal(144, square);
    }

    [Fact]
    public async Task A_server_engine_pulls_from_the_bulk_of_another_server_engine_that_called_it()
    {
        await using var first = await Engine.StartAsync("tcp").WithDeadline();
        await using var second = await Engine.StartAsync("tcp").WithDeadline();
        await second.RegisterProviderAsync(new BulkProvider(second), providerId: 14).WithDeadline();
        var data = "bytes of the first engine"u8.ToArray();
        await using var bulk = first.CreateBulk(data, BulkMode.ReadWrite);

        var address = await first.LookupAsync(second.Address.ToString()).WithDeadline();
        var pulled = await first.Register("bulk_pull").On(address, 14).CallAsync<byte[]>(bulk, 6L, 6).WithDeadline();
        await first.Register("bulk_push").On(address, 14).CallAsync<object?>(bulk, 0L, "BYTES"u8.ToArray()).WithDeadline();

        Assert.Equal("of the"u8.ToArray(), pulled);
        Assert.Equal("BYTES of the first engine"u8.ToArray(), data);
        Assert.Equal((2L, 0L), (second.BulkChannels.ChannelTransfers, second.BulkChannels.MessageTransfers));
    }

    [Fact]
    public async Task Starting_a_second_engine_on_the_gateway_port_of_a_running_one_raises_AlreadyExists_and_the_first_keeps_serving()
    {
        await using var first = await Engine.StartAsync("tcp").WithDeadline();
        first.RegisterProvider(new GreeterProvider("first"), providerId: 1);

        var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync(first.Address.ToString()).WithDeadline());

        Assert.Equal(MargoErrorCode.AlreadyExists, error.Code);
        Assert.Contains(first.Address.ToString()["tcp://".Length..], error.Message, StringComparison.Ordinal);
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(first.Address.ToString()).WithDeadline();
        for (var i = 0; i < 20; i++)
        {
            // A shared port would send some of these fresh connections to the other silo.
            Assert.Equal("first", await client.Register("greeter_name").On(address, 1).CallAsync<string>().WithDeadline());
        }
    }

    [Fact]
    public async Task Starting_an_engine_whose_silo_port_is_in_use_raises_AlreadyExists()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync("tcp", options: new EngineOptions { SiloPort = port }).WithDeadline());

        Assert.Equal(MargoErrorCode.AlreadyExists, error.Code);
    }

    [Fact]
    public async Task Looking_up_an_address_where_no_engine_listens_raises_Unreachable()
    {
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() => client.LookupAsync("tcp://127.0.0.1:1").WithDeadline());

        Assert.Equal(MargoErrorCode.Unreachable, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("udp://127.0.0.1:5")]
    [InlineData("tcp://127.0.0.1:notaport")]
    public async Task A_malformed_address_raises_InvalidArgument(string address)
    {
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() => client.LookupAsync(address).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
    }
}
