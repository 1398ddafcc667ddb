namespace MochiOrleans.Cli;

/// <summary>What <c>mochi</c> exits with, for scripts to branch on.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The call (or listing, shutdown, deregistration) failed; its <see cref="MargoErrorCode"/> is on stderr.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong; nothing was sent anywhere.</summary>
    public const int Usage = 2;
}
