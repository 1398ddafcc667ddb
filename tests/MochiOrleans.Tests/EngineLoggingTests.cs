using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MochiOrleans.Tests;

/// <summary>A library never picks a log provider: an engine logs where its caller says, and nowhere otherwise.</summary>
public class EngineLoggingTests
{
    [Fact]
    public async Task The_orleans_client_an_engine_opens_without_a_logger_factory_has_no_log_provider()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();

        await client.LookupAsync(server.Address.ToString()).WithDeadline();

        var connection = Assert.Single(client.OpenConnections);
        Assert.Empty(connection.Services.GetServices<ILoggerProvider>());
    }

    [Fact]
    public async Task The_callers_logger_factory_receives_the_log_of_the_embedded_silo_and_of_the_clients_an_engine_opens()
    {
        var silo = new CapturingProvider();
        using var siloLogging = LoggerFactory.Create(logging => logging.AddProvider(silo).SetMinimumLevel(LogLevel.Information));
        var client = new CapturingProvider();
        using var clientLogging = LoggerFactory.Create(logging => logging.AddProvider(client).SetMinimumLevel(LogLevel.Information));

        await using (var server = await Engine.StartAsync("tcp", EngineMode.Server, options: null, siloLogging, CancellationToken.None).WithDeadline())
        {
            await using var engine = await Engine.StartAsync("tcp", EngineMode.Client, options: null, clientLogging, CancellationToken.None).WithDeadline();
            await engine.LookupAsync(server.Address.ToString()).WithDeadline();

            Assert.Same(clientLogging, Assert.Single(engine.OpenConnections).Services.GetRequiredService<ILoggerFactory>());
        }

        Assert.Contains(silo.Categories, c => c.StartsWith("Orleans.", StringComparison.Ordinal));
        Assert.Contains(client.Categories, c => c.StartsWith("Orleans.", StringComparison.Ordinal));

        // Still the caller's: the engine's hosts did not dispose it.
        siloLogging.CreateLogger("after").Log(LogLevel.Information, default, "still usable", null, (state, _) => state);
        Assert.Contains("after", silo.Categories);
    }

    /// <summary>Remembers the categories that logged anything.</summary>
    private sealed class CapturingProvider : ILoggerProvider
    {
        private readonly ConcurrentDictionary<string, bool> _categories = new(StringComparer.Ordinal);

        public IReadOnlyCollection<string> Categories => [.. _categories.Keys];

        public ILogger CreateLogger(string categoryName) => new Category(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Category(CapturingProvider owner, string name) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner._categories[name] = true;
        }
    }
}
