namespace MochiOrleans.Internal;

/// <summary>
/// The Orleans response timeout of the provider and dispatch grains' invoke methods, in place of the silo's or client's
/// <c>MessagingOptions.ResponseTimeout</c> (30 s by default), so that a call's own deadline (its <c>timeout:</c>) is
/// the one that ends it, however long.
/// </summary>
/// <remarks>
/// Orleans carries a message's time to live as <see cref="int"/> milliseconds (<c>MessageSerializer</c> in Orleans.Core)
/// and its response inherits it; a longer value would wrap and the message would be dropped as expired. This is the
/// largest whole-hour value below <see cref="int.MaxValue"/> milliseconds (24.855 days): no Orleans call outlives it.
/// </remarks>
internal static class InvokeResponseTimeout
{
    /// <summary>The value, in the <see cref="TimeSpan"/> format <c>[ResponseTimeout]</c> takes.</summary>
    public const string Text = "24.20:00:00";

    /// <summary><see cref="Text"/> as a value.</summary>
    public static readonly TimeSpan Value = TimeSpan.Parse(Text, System.Globalization.CultureInfo.InvariantCulture);
}
