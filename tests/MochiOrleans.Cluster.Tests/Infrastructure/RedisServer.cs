using System.Globalization;
using StackExchange.Redis;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// The Redis that holds membership for the process tests: the one named by <see cref="Variable"/> (.ci/run starts
/// one and sets it), else a redis-server these tests start on a free loopback port. Without either the tests fail
/// and say what to install: they are never skipped, so CI always exercises them.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string Variable = "MOCHI_TEST_REDIS";

    private ChildProcess? _own;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            ConnectionString = given;
        }
        else
        {
            var binary = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, "redis-server"))
                .FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException(
                    $"These tests need a Redis server: set {Variable}=host:port (as .ci/run does) or install redis-server (apt-get install redis-server).");
            var port = FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
            _own = ChildProcess.StartProgram(binary, ["--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no"]);
            ConnectionString = "127.0.0.1:" + port;
        }

        await Deadline.UntilAsync(PingsAsync, $"Redis at {ConnectionString} answered");
    }

    public async Task DisposeAsync()
    {
        if (_own is { } own)
        {
            await own.DisposeAsync();
        }
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=1000,abortConnect=true");
            await redis.GetDatabase().PingAsync();
            return true;
        }
        catch (Exception exception) when (exception is RedisException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // Still starting (or a previous server on the port still stopping): ask again until the deadline.
            return false;
        }
    }
}
