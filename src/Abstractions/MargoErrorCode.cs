namespace MochiOrleans;

/// <summary>
/// Why a call failed. Every failure a caller can observe carries one of these codes
/// (see <c>docs/errors.md</c> for the Margo/Mercury code each one corresponds to).
/// </summary>
/// <remarks>
/// Every member has an explicit value because the value, not the name, is what travels: callers in other processes
/// (and other versions) decode it. Inserting or reordering a member must never renumber the others; a new code takes
/// the next unused value.
/// </remarks>
[GenerateSerializer, Alias("mochi.MargoErrorCode")]
public enum MargoErrorCode
{
    /// <summary>No RPC with that name, or no provider with that id serves it (Mercury <c>HG_NOENTRY</c>).</summary>
    NoEntry = 0,

    /// <summary>The arguments do not bind to the handler's parameters, or a value cannot travel (<c>HG_INVALID_ARG</c>, <c>HG_MSGSIZE</c>).</summary>
    InvalidArgument = 1,

    /// <summary>The handler threw; the message carries the remote exception's message (<c>HG_OTHER_ERROR</c>).</summary>
    RemoteError = 2,

    /// <summary>The handler returned without responding; the caller is told at once.</summary>
    NoResponse = 3,

    /// <summary>The call's timeout elapsed before a response arrived (<c>HG_TIMEOUT</c>).</summary>
    Timeout = 4,

    /// <summary>The caller's cancellation token was cancelled (<c>HG_CANCELED</c>).</summary>
    Canceled = 5,

    /// <summary>The engine is finalizing or finalized, or remote shutdown is not enabled (<c>HG_PERMISSION</c>).</summary>
    Permission = 6,

    /// <summary>The address, or the silo of an instance provider, cannot be reached (<c>HG_NODEV</c>, <c>HG_HOSTUNREACH</c>).</summary>
    Unreachable = 7,

    /// <summary>The provider id is already registered for that service (<c>HG_EXIST</c>).</summary>
    AlreadyExists = 8,

    /// <summary>A server-only operation was attempted on a client-mode engine (<c>HG_OPNOTSUPPORTED</c>).</summary>
    ModeMismatch = 9,
}
