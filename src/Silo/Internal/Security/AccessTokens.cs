using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MochiOrleans.Internal.Security;

/// <summary>
/// The server's <see cref="EngineOptions.AccessToken"/> and <see cref="EngineOptions.AdminToken"/>, and the one check
/// of what a call from outside the cluster presents against them.
/// </summary>
/// <remarks>
/// Only SHA-256 digests are kept and compared, with <see cref="CryptographicOperations.FixedTimeEquals"/>: the
/// comparison takes the same time whatever the presented token, its length included. No message here or in its
/// callers ever contains a token.
/// </remarks>
internal sealed class AccessTokens
{
    private readonly byte[]? _access;
    private readonly byte[]? _admin;

    public AccessTokens(IOptions<EngineOptions> options)
    {
        var value = options.Value;
        _access = Digest(value.AccessToken);
        _admin = Digest(value.AdminToken);
    }

    /// <summary>
    /// Why a caller from outside the cluster presenting <paramref name="presented"/> may not make a call that needs
    /// <paramref name="access"/>, or <see langword="null"/> when it may.
    /// </summary>
    /// <remarks>
    /// The single check for every client-facing operation: a new one that must be reserved to administrators is
    /// listed in <see cref="ClientCallRules"/> as <see cref="ClientAccess.Admin"/>, and the call filter applies this.
    /// </remarks>
    public string? Refusal(ClientAccess access, PresentedTokens presented)
    {
        if (access == ClientAccess.Refused)
        {
            return "It is reserved to the silos of the cluster.";
        }

        if (access == ClientAccess.Anyone)
        {
            return null;
        }

        if (_access is not null && !Matches(_access, presented.Access))
        {
            return presented.Access is null
                ? "The server requires an access token (EngineOptions.AccessToken) and none was presented."
                : "The access token presented does not match the server's.";
        }

        if (access == ClientAccess.Admin && _admin is not null && !Matches(_admin, presented.Admin))
        {
            return presented.Admin is null
                ? "The server requires its admin token (EngineOptions.AdminToken) for this operation and none was presented."
                : "The admin token presented does not match the server's.";
        }

        return null;
    }

    private static bool Matches(byte[] expected, string? presented) =>
        CryptographicOperations.FixedTimeEquals(expected, Digest(presented ?? string.Empty));

    private static byte[]? Digest(string? token) => token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
