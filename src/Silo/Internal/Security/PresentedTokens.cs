namespace MochiOrleans.Internal.Security;

/// <summary>
/// The tokens a call presented (see <see cref="AccessTokenHeaders"/>). Deliberately not a record: its text form must
/// never show a token.
/// </summary>
internal readonly struct PresentedTokens(string? access, string? admin)
{
    public string? Access { get; } = access;

    public string? Admin { get; } = admin;

    /// <summary>Takes the tokens out of the current call's <c>RequestContext</c>, so that handlers and onward calls never see them.</summary>
    public static PresentedTokens Take()
    {
        var tokens = new PresentedTokens(
            RequestContext.Get(AccessTokenHeaders.AccessToken) as string,
            RequestContext.Get(AccessTokenHeaders.AdminToken) as string);
        RequestContext.Remove(AccessTokenHeaders.AccessToken);
        RequestContext.Remove(AccessTokenHeaders.AdminToken);
        return tokens;
    }

    /// <inheritdoc />
    public override string ToString() => nameof(PresentedTokens);
}
