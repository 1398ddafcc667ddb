namespace MochiOrleans.Tests.FrameProbes;

/// <summary>A record with one field, which a hand-built message extends with fields it does not know.</summary>
[GenerateSerializer, Alias("mochi-test-frame-probe")]
public sealed class FrameProbe
{
    /// <summary>The value echoed back.</summary>
    [Id(0)]
    public int Value { get; set; }
}
