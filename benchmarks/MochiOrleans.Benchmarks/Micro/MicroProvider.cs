using System.Diagnostics.CodeAnalysis;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>Handler shapes the micro-benchmarks bind and invoke.</summary>
[Provider("micro")]
public sealed class MicroProvider
{
    /// <summary>The benchmark's echo: one reference argument, returned as is.</summary>
    [Remote]
    public byte[] Echo(byte[] payload) => payload;

    /// <summary>Two value arguments that arrive as <c>int</c> and widen to <c>long</c>, and a boxed result.</summary>
    [Remote]
    public long Add(long x, long y) => x + y;

    /// <summary>Keyword arguments, a <see cref="Handle"/> and an asynchronous result.</summary>
    [Remote]
    [SuppressMessage("MochiOrleans.Providers", "MOCHI0011", Justification = "Deliberate: the benchmark invokes the handler directly and measures binding a Handle together with an asynchronous result.")]
    public async Task<string> GreetAsync(Handle handle, string firstname, string lastname = "")
    {
        await Task.CompletedTask.ConfigureAwait(false);
        return handle is null ? firstname : $"{firstname} {lastname}";
    }
}
