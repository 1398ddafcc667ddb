using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MochiOrleans.Benchmarks.Transfers;

/// <summary>
/// <c>--bulk</c>: moving 64 MiB from a client engine to a server engine over TCP loopback, several ways, in alternating
/// rounds (so that the machine's noise falls on each alike): the server pulls the client's bulk (one
/// <c>TransferAsync</c>) over the bulk data channel, and again from a client engine whose channel is off (the bytes as
/// chunked Orleans messages, the fallback path); the client sends the bytes as 1 MiB <c>byte[]</c> arguments of ordinary calls, one after the
/// other and also eight at a time; and a plain socket copy of the same bytes, the physical limit of this machine.
/// Prints the median throughput of each and the headline
/// <c>bulk/message throughput ratio at 64 MiB, TCP: X.XX</c> (bulk over sequential calls, the way one would send the
/// bytes without bulk). Changes no tracked file.
/// </summary>
internal static class BulkThroughput
{
    public const string Flag = "--bulk";

    private const int Size = 64 * 1024 * 1024;
    private const int MessageBytes = 1024 * 1024;
    private const int ConcurrentMessages = 8;
    private const int Rounds = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private enum Way
    {
        Bulk,
        BulkMessages,
        SequentialCalls,
        ConcurrentCalls,
        Socket,
    }

    public static async Task<int> RunAsync()
    {
        await using var server = await Engine.StartAsync("tcp").WaitAsync(Deadline).ConfigureAwait(false);
        await server.RegisterProviderAsync(new BulkBenchProvider(server, Size), BulkBenchProvider.ProviderId).WaitAsync(Deadline).ConfigureAwait(false);
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WaitAsync(Deadline).ConfigureAwait(false);
        var address = await client.LookupAsync(server.Address.ToString()).WaitAsync(Deadline).ConfigureAwait(false);
        var pull = client.Register(BulkBenchProvider.ServiceName + "_pull").On(address, BulkBenchProvider.ProviderId);
        await using var messagesOnly = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { EnableBulkChannel = false }).WaitAsync(Deadline).ConfigureAwait(false);
        var messagesAddress = await messagesOnly.LookupAsync(server.Address.ToString()).WaitAsync(Deadline).ConfigureAwait(false);
        var pullMessages = messagesOnly.Register(BulkBenchProvider.ServiceName + "_pull").On(messagesAddress, BulkBenchProvider.ProviderId);
        var put = client.Register(BulkBenchProvider.ServiceName + "_put").On(address, BulkBenchProvider.ProviderId);

        var data = new byte[Size];
        var socketTarget = new byte[Size];
        new Random(64).NextBytes(data);
        await using var bulk = client.CreateBulk(data, BulkMode.ReadOnly);
        await using var messagesBulk = messagesOnly.CreateBulk(data, BulkMode.ReadOnly);
        var messages = Enumerable.Range(0, Size / MessageBytes).Select(i => data.AsSpan(i * MessageBytes, MessageBytes).ToArray()).ToArray();

        var ways = new Dictionary<Way, Func<Task>>
        {
            [Way.Bulk] = () => pull.CallAsync<long>([bulk], null, Deadline),
            [Way.BulkMessages] = () => pullMessages.CallAsync<long>([messagesBulk], null, Deadline),
            [Way.SequentialCalls] = async () =>
            {
                for (var i = 0; i < messages.Length; i++)
                {
                    await put.CallAsync<int>([i * MessageBytes, messages[i]], null, Deadline).ConfigureAwait(false);
                }
            },
            [Way.ConcurrentCalls] = async () =>
            {
                var next = -1;
                await Task.WhenAll(Enumerable.Range(0, ConcurrentMessages).Select(async _ =>
                {
                    for (var i = Interlocked.Increment(ref next); i < messages.Length; i = Interlocked.Increment(ref next))
                    {
                        await put.CallAsync<int>([i * MessageBytes, messages[i]], null, Deadline).ConfigureAwait(false);
                    }
                })).ConfigureAwait(false);
            },
            [Way.Socket] = () => SocketCopyAsync(data, socketTarget),
        };

        foreach (var way in ways.Values)
        {
            await way().WaitAsync(Deadline).ConfigureAwait(false);   // warm-up: connections, JIT, pools
        }

        var seconds = ways.Keys.ToDictionary(w => w, _ => new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (way, run) in ways)
            {
                var start = Stopwatch.GetTimestamp();
                await run().WaitAsync(Deadline).ConfigureAwait(false);
                seconds[way].Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }

        double MiBps(Way way) => Size / (1024.0 * 1024.0) / Median(seconds[way]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bulk throughput: 64 MiB client -> server over TCP loopback, {Rounds} rounds, {Environment.ProcessorCount} cores"));
        Console.WriteLine("way                                   MiB/s (median)  MiB/s (best)  rounds (s)");
        foreach (var (way, label) in new[]
                 {
                     (Way.Bulk, "bulk pull, data channel"),
                     (Way.BulkMessages, "bulk pull, Orleans messages"),
                     (Way.SequentialCalls, "1 MiB byte[] calls, sequential"),
                     (Way.ConcurrentCalls, $"1 MiB byte[] calls, {ConcurrentMessages} at a time"),
                     (Way.Socket, "plain socket copy"),
                 })
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{label,-37} {MiBps(way),14:0}  {Size / (1024.0 * 1024.0) / seconds[way].Min(),12:0}  {string.Join(' ', seconds[way].Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))}"));
        }

        var channels = server.BulkChannels;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server transfers: {channels.ChannelTransfers} over the data channel, {channels.MessageTransfers} as Orleans messages"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bulk channel/bulk messages throughput ratio at 64 MiB, TCP: {MiBps(Way.Bulk) / MiBps(Way.BulkMessages):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bulk/concurrent-message throughput ratio at 64 MiB, TCP: {MiBps(Way.Bulk) / MiBps(Way.ConcurrentCalls):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bulk/socket throughput ratio at 64 MiB, TCP: {MiBps(Way.Bulk) / MiBps(Way.Socket):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bulk/message throughput ratio at 64 MiB, TCP: {MiBps(Way.Bulk) / MiBps(Way.SequentialCalls):0.00}"));
        return 0;
    }

    /// <summary>
    /// Sends <paramref name="data"/> through a loopback TCP connection in 1 MiB writes and receives it into
    /// <paramref name="target"/>, reused from round to round as a bulk's memory is (a fresh 64 MiB array per round
    /// would add its page faults to the baseline).
    /// </summary>
    private static async Task SocketCopyAsync(byte[] data, byte[] target)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var sender = new TcpClient();
        var accepting = listener.AcceptTcpClientAsync();
        await sender.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).ConfigureAwait(false);
        using var receiver = await accepting.ConfigureAwait(false);
        var receiving = ReceiveAsync(receiver.GetStream(), target);
        var stream = sender.GetStream();
        for (var offset = 0; offset < data.Length; offset += MessageBytes)
        {
            await stream.WriteAsync(data.AsMemory(offset, Math.Min(MessageBytes, data.Length - offset))).ConfigureAwait(false);
        }

        await receiving.ConfigureAwait(false);
    }

    private static async Task ReceiveAsync(NetworkStream stream, byte[] target)
    {
        for (var received = 0; received < target.Length;)
        {
            var read = await stream.ReadAsync(target.AsMemory(received)).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The socket closed before every byte arrived.");
            }

            received += read;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
