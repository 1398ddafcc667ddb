using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MochiOrleans.Internal.Logging;
using MochiOrleans.Tests.Infrastructure;
using Orleans.Configuration;

namespace MochiOrleans.Tests;

/// <summary>What a caller sends cannot flood a silo's log.</summary>
public class LogFloodTests
{
    [Fact]
    public void The_rate_limiter_logs_the_first_lines_of_a_window_then_summarizes_the_suppressed_ones_with_the_next_window()
    {
        var time = new ManualTime();
        var limiter = new LogRateLimiter(time);
        var logger = new CapturingLogger();

        var logged = Enumerable.Range(0, 1000).Count(_ => limiter.ShouldLog(logger, "site", MargoErrorCode.NoEntry));
        var otherCode = limiter.ShouldLog(logger, "site", MargoErrorCode.RemoteError);
        time.Advance(LogRateLimiter.Window);
        var afterWindow = limiter.ShouldLog(logger, "site", MargoErrorCode.NoEntry);

        Assert.Equal(LogRateLimiter.LinesPerWindow, logged);
        Assert.True(otherCode);
        Assert.True(afterWindow);
        var summary = Assert.Single(logger.Lines);
        Assert.Contains("990 more 'site' lines with NoEntry", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_one_way_calls_to_unknown_names_write_a_bounded_number_of_log_lines_and_a_summary()
    {
        var time = new ManualTime();
        var logger = new CapturingLogger();
        using var silo = await StartSiloAsync(logger, time);
        try
        {
            await FloodAsync(silo, logger, time);
        }
        finally
        {
            await silo.StopAsync().WithDeadline(TimeSpan.FromMinutes(1));
        }
    }

    private static async Task FloodAsync(IHost silo, CapturingLogger logger, ManualTime time)
    {
        var server = silo.Services.GetRequiredService<Engine>();
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();
        const int calls = 1000;

        for (var i = 0; i < calls; i++)
        {
            await client.Register($"no_such_rpc_{i}", disableResponse: true).On(address, 1).CallAsync().WithDeadline();
        }

        // Each round opens a new window whose first line carries the summary of the one before, until every call
        // has been accounted for, logged or summarized.
        var probes = 0;
        await Deadline.UntilAsync(
            async () =>
            {
                time.Advance(LogRateLimiter.Window);
                await client.Register("no_such_rpc_probe", disableResponse: true).On(address, 1).CallAsync().WithDeadline();
                probes++;
                await Task.Delay(100);
                return logger.Dropped + logger.Summarized >= calls + probes - LogRateLimiter.LinesPerWindow;
            },
            "every one-way failure was logged or summarized");

        Assert.True(logger.Summarized > 0);
        Assert.True(logger.Dropped <= LogRateLimiter.LinesPerWindow * (probes + 1), $"{logger.Dropped} lines for {calls + probes} calls");
    }

    private static async Task<IHost> StartSiloAsync(CapturingLogger logger, TimeProvider time)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddProvider(logger);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), serviceId: new EngineOptions().ServiceId, clusterId: new EngineOptions().ClusterId)
            .Configure<EndpointOptions>(endpoints => endpoints.AdvertisedIPAddress = IPAddress.Loopback)
            .AddMochi()
            .Services.AddSingleton(new LogRateLimiter(time)));
        var host = builder.Build();
        await host.StartAsync().WithDeadline(TimeSpan.FromMinutes(1));
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private sealed class CapturingLogger : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public int Dropped => _lines.Count(l => l.Contains("dropped", StringComparison.Ordinal));

        public long Summarized => _lines
            .Where(l => l.Contains(" more '", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[..l.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));

        public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("MochiOrleans", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
