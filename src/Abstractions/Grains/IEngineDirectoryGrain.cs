namespace MochiOrleans.Grains;

/// <summary>
/// Answers questions about the engines of a cluster from the local silo's view. A stateless worker; use key <c>0</c>.
/// </summary>
[Alias("mochi.IEngineDirectoryGrain")]
internal interface IEngineDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Finds the silo whose engine has the address <paramref name="engineAddress"/>.</summary>
    /// <param name="engineAddress">An engine address string such as <c>tcp://127.0.0.1:30000</c>.</param>
    /// <returns>The key of that silo's <see cref="ISiloControlGrain"/>, or <see langword="null"/> if no active silo has it.</returns>
    [Alias("LookupAsync")]
    Task<string?> LookupAsync(string engineAddress);
}
