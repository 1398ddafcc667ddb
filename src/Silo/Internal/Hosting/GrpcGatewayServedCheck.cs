using Microsoft.Extensions.Options;

namespace MochiOrleans.Internal.Hosting;

/// <summary>
/// Refuses <c>Mochi:Gateway:Port</c> in a silo that serves no gateway: the silo host and server engines serve it, but
/// an application's own silo (<c>ISiloBuilder.AddMochi</c>) does not, and a setting ignored without a word would leave
/// callers in other languages with nothing to connect to.
/// </summary>
internal sealed class GrpcGatewayServedCheck(IEnumerable<GrpcGatewayServed> served) : IValidateOptions<EngineOptions>
{
    private readonly bool _served = served.Any();

    public ValidateOptionsResult Validate(string? name, EngineOptions options) =>
        options.Gateway.Port is null || _served
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{EngineOptions.SectionName}:{nameof(EngineOptions.Gateway)}:{nameof(GrpcGatewayOptions.Port)} is set, but this silo serves no gRPC gateway: " +
                "the silo host and Engine.StartAsync server engines (with MochiOrleans.Gateway) serve it, a silo of the application's own (ISiloBuilder.AddMochi) does not; unset it.");
}
