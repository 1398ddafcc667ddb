using System.Globalization;
using MochiOrleans;

namespace ClusterProviders;

/// <summary>
/// A provider whose RPCs show how values cross the gRPC gateway (docs/python.md): the Python client's tests call it
/// through a silo host, and it is a small catalogue of parameter types a Python caller can bind to.
/// </summary>
[Provider("values")]
public sealed class ValuesProvider
{
    /// <summary>Served as <c>values_echo</c>: returns its argument as it arrived.</summary>
    /// <param name="value">Any value.</param>
    /// <returns><paramref name="value"/>.</returns>
    [Remote]
    public object? Echo(object? value) => value;

    /// <summary>Served as <c>values_type_of</c>: the .NET type its argument arrived as (<c>null</c> for none).</summary>
    /// <param name="value">Any value.</param>
    /// <returns>The type's name, e.g. <c>Int32</c>, <c>Object[]</c>.</returns>
    [Remote]
    public string TypeOf(object? value) => value?.GetType().Name ?? "null";

    /// <summary>Served as <c>values_add</c>: 32-bit addition (Python integers bind to <c>int</c> when they fit).</summary>
    /// <param name="x">A number.</param>
    /// <param name="y">Another.</param>
    /// <returns>The sum, checked.</returns>
    [Remote]
    public int Add(int x, int y) => checked(x + y);

    /// <summary>Served as <c>values_add_long</c>: 64-bit addition.</summary>
    /// <param name="x">A number.</param>
    /// <param name="y">Another.</param>
    /// <returns>The sum, checked.</returns>
    [Remote]
    public long AddLong(long x, long y) => checked(x + y);

    /// <summary>Served as <c>values_scale</c>: a <c>double</c> parameter takes integers that fit in 32 bits too.</summary>
    /// <param name="x">The value.</param>
    /// <param name="factor">The factor.</param>
    /// <returns>The product.</returns>
    [Remote]
    public double Scale(double x, double factor = 2.0) => x * factor;

    /// <summary>Served as <c>values_concat</c>: joins two byte strings.</summary>
    /// <param name="first">The leading bytes.</param>
    /// <param name="second">The trailing bytes.</param>
    /// <returns>Both, in order.</returns>
    [Remote]
    public byte[] Concat(byte[] first, byte[] second) => [.. first, .. second];

    /// <summary>Served as <c>values_greet</c>: keyword arguments and an optional parameter.</summary>
    /// <param name="name">Who.</param>
    /// <param name="greeting">How; "Hello" unless given.</param>
    /// <returns>The greeting.</returns>
    [Remote]
    public string Greet(string name, string greeting = "Hello") => $"{greeting} {name}";

    /// <summary>Served as <c>values_count</c>: a list argument arrives as <c>object?[]</c>, a map as a string-keyed dictionary.</summary>
    /// <param name="items">A list.</param>
    /// <param name="fields">A map.</param>
    /// <returns>"items=N fields=M".</returns>
    [Remote]
    public string Count(object?[] items, Dictionary<string, object?> fields) =>
        string.Create(CultureInfo.InvariantCulture, $"items={items.Length} fields={fields.Count}");

    /// <summary>Served as <c>values_sleep</c>: answers after <paramref name="seconds"/>, or stops when the call is cancelled.</summary>
    /// <param name="seconds">How long.</param>
    /// <param name="cancellationToken">Cancelled with the call (its timeout, its caller's cancellation).</param>
    /// <returns><paramref name="seconds"/>.</returns>
    [Remote]
    public async Task<double> SleepAsync(double seconds, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        return seconds;
    }

    /// <summary>Served as <c>values_fail</c>: throws, so that the caller gets <see cref="MargoErrorCode.RemoteError"/>.</summary>
    /// <param name="message">The exception's message.</param>
    /// <returns>Never.</returns>
    [Remote]
    public string Fail(string message) => throw new InvalidOperationException(message);

    /// <summary>Served as <c>values_record</c>: a response with no gateway form (a record).</summary>
    /// <returns>A record.</returns>
    [Remote]
    public ValuesPoint Record() => new(1, 2);
}

/// <summary>A record a .NET caller receives as is and a gateway caller cannot.</summary>
/// <param name="X">Abscissa.</param>
/// <param name="Y">Ordinate.</param>
[GenerateSerializer]
public sealed record ValuesPoint([property: Id(0)] int X, [property: Id(1)] int Y);
