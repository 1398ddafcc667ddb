using System.Globalization;
using MochiOrleans.Testing;
using StackExchange.Redis;

namespace MochiOrleans.Benchmarks.ScaleOut;

/// <summary>
/// The Redis holding the scale-out clusters' membership: the one <c>--redis host:port</c> or <c>MOCHI_TEST_REDIS</c>
/// names, else a <c>redis-server</c> from the PATH that this run starts on a free 127.0.0.1 port (no persistence) and
/// stops at the end.
/// </summary>
internal sealed class RedisMembership : IAsyncDisposable
{
    public const string Option = "--redis";
    public const string Variable = "MOCHI_TEST_REDIS";

    private readonly ChildProcess? _own;

    private RedisMembership(string connectionString, ChildProcess? own)
    {
        ConnectionString = connectionString;
        _own = own;
    }

    public string ConnectionString { get; }

    /// <summary>Whether this run started the server (and will stop it).</summary>
    public bool Owned => _own is not null;

    public static async Task<RedisMembership> StartAsync(string[] args)
    {
        var index = Array.IndexOf(args, Option);
        var given = index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable(Variable);
        ChildProcess? own = null;
        if (string.IsNullOrEmpty(given))
        {
            var port = FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
            try
            {
                own = ChildProcess.StartProgram("redis-server", ["--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no"]);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException(
                    $"The scale-out mode needs Redis: install redis-server, or name one with {Option} host:port or {Variable}.", e);
            }

            given = "127.0.0.1:" + port;
        }

        var membership = new RedisMembership(given, own);
        try
        {
            await Deadline.UntilAsync(membership.PingsAsync, $"Redis at {given} answered").ConfigureAwait(false);
            return membership;
        }
        catch
        {
            await membership.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=1000,abortConnect=true").ConfigureAwait(false);
            await redis.GetDatabase().PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is RedisException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // Still starting: ask again until the deadline.
            return false;
        }
    }
}
