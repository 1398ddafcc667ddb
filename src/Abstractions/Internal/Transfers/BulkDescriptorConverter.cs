using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// Sends a <see cref="MochiOrleans.Bulk"/> as its descriptor, never its bytes, and turns a descriptor that arrives into
/// a bulk bound to the receiving runtime: the silo's bulk grain for a server engine's memory, the client's observer for
/// a client engine's. A received bulk passed on travels as the descriptor it came as.
/// </summary>
[RegisterConverter]
internal sealed class BulkDescriptorConverter(IServiceProvider services) : IConverter<MochiOrleans.Bulk, BulkDescriptor>
{
    private IGrainFactory? _grains;

    private IGrainFactory? Grains => _grains ??= services.GetService<IGrainFactory>();

    public MochiOrleans.Bulk ConvertFromSurrogate(in BulkDescriptor surrogate)
    {
        BulkEndpoint? endpoint = surrogate.Observer is { } observer
            ? new BulkEndpoint(observer)
            : surrogate.SiloKey is { } siloKey ? new BulkEndpoint(Grains!.GetGrain<IBulkGrain>(siloKey)) : null;
        return new MochiOrleans.Bulk(surrogate, endpoint);
    }

    public BulkDescriptor ConvertToSurrogate(in MochiOrleans.Bulk value) =>
        value.Descriptor ?? value.Owner!.Describe(value, Grains);
}
