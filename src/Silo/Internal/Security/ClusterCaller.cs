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
    private const string HostedClientPrefix = "hosted-";

    /// <summary>Whether <paramref name="source"/> is a grain, system target or hosted client of a silo.</summary>
    public static bool IsSilo(GrainId? source)
    {
        if (source is not { } id || id.IsDefault)
        {
            return false;
        }

        return !id.IsClient() || ClientKeyOf(id).StartsWith(HostedClientPrefix, StringComparison.Ordinal);
    }

    /// <summary>The caller's Orleans client key, as handlers see it when the request names no valid client address.</summary>
    public static string ClientKey(GrainId? source) =>
        source is { } id && id.IsClient() ? ClientKeyOf(id) : "unknown";

    // An observer's id is its client's key, '+', and the observer's own key.
    private static string ClientKeyOf(GrainId id)
    {
        var key = id.Key.ToString();
        var separator = key.IndexOf('+', StringComparison.Ordinal);
        return separator < 0 ? key : key[..separator];
    }
}
