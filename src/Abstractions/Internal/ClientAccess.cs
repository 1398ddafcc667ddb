namespace MochiOrleans.Internal;

/// <summary>What a caller from outside the cluster needs to make one grain call (see <see cref="ClientCallRules"/>).</summary>
internal enum ClientAccess
{
    /// <summary>Cluster-internal: only silos of the cluster may call it.</summary>
    Refused,

    /// <summary>
    /// Any client, token or not: what an Orleans client needs to connect at all (the cluster manifest), so that a
    /// client without the token connects and is told <c>Permission</c> on its first call instead of timing out.
    /// </summary>
    Anyone,

    /// <summary>Any client presenting the server's access token (if it has one) may call it.</summary>
    Caller,

    /// <summary>Like <see cref="Caller"/>, and the client must also present the server's admin token (if it has one).</summary>
    Admin,
}
