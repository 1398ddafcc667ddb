namespace MochiOrleans.Internal.Networking;

/// <summary>The bounds <see cref="FrameGuard"/> holds every incoming frame to.</summary>
/// <param name="MaxDepth">The deepest nesting of tag-delimited values allowed anywhere in a frame.</param>
/// <param name="MaxHeaderBytes">Orleans' <c>MessagingOptions.MaxMessageHeaderSize</c> on this side.</param>
/// <param name="MaxBodyBytes">Orleans' <c>MessagingOptions.MaxMessageBodySize</c> on this side.</param>
internal sealed record FrameGuardLimits(int MaxDepth, int MaxHeaderBytes, int MaxBodyBytes)
{
    /// <summary>The least depth bound, whatever <c>EngineOptions.MaxNestingDepth</c> is.</summary>
    public const int LeastMaxDepth = 256;

    /// <summary>
    /// The depth bound for an engine's value limits: MochiOrleans' own values travel as length-prefixed blobs, which a
    /// frame scan skips, so the frame's own structure (invokable, request or response envelope, exceptions) takes a
    /// handful of levels; other grains' values, request context values and unknown fields get the room a MochiOrleans
    /// value has on the wire (<see cref="ValueLimits.MaxWireDepth"/>) and 128 levels more, and never less than
    /// <see cref="LeastMaxDepth"/>. At the highest <c>MaxNestingDepth</c> (1000) this is 2136 levels, an eighth of the
    /// ~17,000 at which Orleans' deserializer was seen to overflow a thread's stack.
    /// </summary>
    public static int MaxDepthFor(ValueLimits values) => Math.Max(LeastMaxDepth, values.MaxWireDepth + 128);
}
