namespace MochiOrleans.Tests.FrameProbes;

/// <summary>A plain Orleans grain (not a MochiOrleans provider), to send Orleans messages of any shape to a silo.</summary>
public interface IFrameProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Answers the <see cref="FrameProbe.Value"/> it was given, or -1 for anything else.</summary>
    Task<int> EchoAsync(object? value);
}

/// <inheritdoc cref="IFrameProbeGrain"/>
public sealed class FrameProbeGrain : Grain, IFrameProbeGrain
{
    /// <inheritdoc/>
    public Task<int> EchoAsync(object? value) => Task.FromResult(value is FrameProbe probe ? probe.Value : -1);
}
