using MochiOrleans.Grains;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Registry;

/// <summary>How this silo is named in MochiOrleans: its control grain key and its engine's address.</summary>
internal sealed class SiloIdentity(ILocalSiloDetails silo)
{
    private readonly Lazy<string> _engineAddress = new(() =>
        EngineAddressFormat.Format((silo.GatewayAddress ?? silo.SiloAddress).Endpoint));

    public SiloAddress SiloAddress => silo.SiloAddress;

    /// <summary>The key of this silo's <see cref="ISiloControlGrain"/>.</summary>
    public string SiloKey => KeyOf(silo.SiloAddress);

    /// <summary>The address string of this silo's engine (<c>tcp://ip:gatewayPort</c>).</summary>
    public string EngineAddress => _engineAddress.Value;

    public static string KeyOf(SiloAddress silo) => silo.ToParsableString();
}
