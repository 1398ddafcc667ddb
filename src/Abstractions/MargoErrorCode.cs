namespace MochiOrleans;

/// <summary>
/// Why a call failed. Every failure a caller can observe carries one of these codes
/// (see <c>docs/errors.md</c> for the Margo/Mercury code each one corresponds to).
/// </summary>
[GenerateSerializer]
public enum MargoErrorCode
{
    /// <summary>No RPC with that name, or no provider with that id serves it (Mercury <c>HG_NOENTRY</c>).</summary>
    NoEntry,

    /// <summary>The arguments do not bind to the handler's parameters, or a value cannot travel (<c>HG_INVALID_ARG</c>, <c>HG_MSGSIZE</c>).</summary>
    InvalidArgument,

    /// <summary>The handler threw; the message carries the remote exception's message (<c>HG_OTHER_ERROR</c>).</summary>
    RemoteError,

    /// <summary>The handler returned without responding; the caller is told at once.</summary>
    NoResponse,

    /// <summary>The call's timeout elapsed before a response arrived (<c>HG_TIMEOUT</c>).</summary>
    Timeout,

    /// <summary>The caller's cancellation token was cancelled (<c>HG_CANCELED</c>).</summary>
    Canceled,

    /// <summary>The engine is finalizing or finalized, or remote shutdown is not enabled (<c>HG_PERMISSION</c>).</summary>
    Permission,

    /// <summary>The address, or the silo of an instance provider, cannot be reached (<c>HG_NODEV</c>, <c>HG_HOSTUNREACH</c>).</summary>
    Unreachable,

    /// <summary>The provider id is already registered for that service (<c>HG_EXIST</c>).</summary>
    AlreadyExists,

    /// <summary>A server-only operation was attempted on a client-mode engine (<c>HG_OPNOTSUPPORTED</c>).</summary>
    ModeMismatch,
}
