namespace MochiOrleans.Internal;

/// <summary>
/// The Orleans <c>RequestContext</c> keys a client engine presents its tokens under. The receiving silo removes them
/// before the call runs, so that neither handlers nor onward calls see them.
/// </summary>
internal static class AccessTokenHeaders
{
    /// <summary>Carries <c>EngineOptions.AccessToken</c>.</summary>
    public const string AccessToken = "mochi-access-token";

    /// <summary>Carries <c>EngineOptions.AdminToken</c>; sent only with calls that need it (<see cref="ClientAccess.Admin"/>).</summary>
    public const string AdminToken = "mochi-admin-token";
}
