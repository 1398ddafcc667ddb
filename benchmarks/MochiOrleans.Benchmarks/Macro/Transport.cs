namespace MochiOrleans.Benchmarks.Macro;

/// <summary>Where the caller sits relative to the silo.</summary>
internal enum Transport
{
    /// <summary>The caller runs inside the silo process and uses the silo's own engine and grain factory.</summary>
    InProcess,

    /// <summary>The caller is an external Orleans client in another process, over TCP loopback.</summary>
    Tcp,
}
