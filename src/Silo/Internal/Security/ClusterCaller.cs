namespace MochiOrleans.Internal.Security;

/// <summary>Tells a call made by a silo of the cluster from one made by a client, from the Orleans caller identity.</summary>
/// <remarks>
/// Orleans gives every client a client grain id (<c>sys.client/…</c>) and sends it as the sender of each call; grains
/// and system targets have grain ids of their own, and code running on a silo outside any grain calls as the silo's
/// hosted client, <c>sys.client/hosted-{silo}</c>. A stock Orleans client cannot send calls under another sender.
/// The gateway does not check the sender a client's message claims, though: a client that writes Orleans' wire
/// protocol itself could claim a grain id (docs/security.md, "What remains").
/// </remarks>
internal static class ClusterCaller
{
    /// <summary>Whether <paramref name="source"/> is a grain, system target or hosted client of a silo.</summary>
    public static bool IsSilo(GrainId? source)
    {
        if (source is not { } id || id.IsDefault)
        {
            return false;
        }

        // On the key's bytes: this runs for every call, and a client's key as a string would be made for each.
        return !id.IsClient() || id.Key.AsSpan().StartsWith("hosted-"u8);
    }

    /// <summary>The key of the Orleans client that sent a call, or the default key if a silo or nobody known sent it.</summary>
    public static IdSpan ClientKey(GrainId? source) => source is { } id && id.IsClient() ? id.Key : default;

    /// <summary>
    /// The client address (<c>client://</c> and the caller's Orleans client key) handlers see when the request names
    /// no valid client address of its own.
    /// </summary>
    public static string ClientAddress(IdSpan clientKey)
    {
        if (clientKey.IsDefault)
        {
            return "client://unknown";
        }

        // An observer's id is its client's key, '+', and the observer's own key.
        var key = clientKey.ToString();
        var separator = key.IndexOf('+', StringComparison.Ordinal);
        return "client://" + (separator < 0 ? key : key[..separator]);
    }
}
