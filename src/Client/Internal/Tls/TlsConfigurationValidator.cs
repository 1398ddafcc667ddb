namespace MochiOrleans.Internal.Tls;

/// <summary>
/// Runs <see cref="TlsSettingsCheck"/> when an Orleans silo or client configured with <c>AddMochi</c> starts, as Orleans
/// validates its own options, so that a bad TLS setting stops start-up with every problem named.
/// </summary>
/// <param name="options">The engine options bound from the <c>Mochi</c> section.</param>
/// <param name="mode">Whether the host is a silo (which needs a certificate) or a client.</param>
internal sealed class TlsConfigurationValidator(EngineOptions options, EngineMode mode) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var failures = TlsSettingsCheck.Validate(options, mode);
        if (failures.Count > 0)
        {
            throw new OrleansConfigurationException("Invalid TLS settings: " + string.Join(" ", failures));
        }
    }
}
