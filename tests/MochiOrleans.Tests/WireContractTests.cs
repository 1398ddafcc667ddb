using System.Reflection;

namespace MochiOrleans.Tests;

/// <summary>
/// What other processes and other versions rely on: grain and observer interfaces and methods named on the wire by an
/// <c>[Alias]</c> (so renaming the C# does not break the wire), and the wire protocol kept out of the public API.
/// </summary>
public class WireContractTests
{
    private static readonly Assembly[] Libraries = [typeof(Address).Assembly, typeof(Engine).Assembly, typeof(MochiSiloBuilder).Assembly];

    // Changing one of these breaks calls between versions: add new names, never edit or remove one.
    private static readonly string[] ShippedWireNames =
    [
        "mochi.IBulkGrain.OpenChannelAsync",
        "mochi.IBulkGrain.ReadAsync",
        "mochi.IBulkGrain.WriteAsync",
        "mochi.IBulkObserver.ConnectChannelAsync",
        "mochi.IBulkObserver.ReadAsync",
        "mochi.IBulkObserver.WriteAsync",
        "mochi.IDispatchGrain.InvokeAsync",
        "mochi.IDispatchGrain.PostAsync",
        "mochi.IDispatchGrain.ResolveAsync",
        "mochi.IEngineDirectoryGrain.LookupAsync",
        "mochi.IProviderControlGrain.DeregisterAsync",
        "mochi.IProviderControlGrain.ListClusterAsync",
        "mochi.IProviderControlGrain.ListLocalAsync",
        "mochi.IProviderGrain.InvokeAsync",
        "mochi.IProviderGrain.PostAsync",
        "mochi.IProviderLifecycleGrain.ClaimAsync",
        "mochi.IProviderLifecycleGrain.PrefinalizeAsync",
        "mochi.IProviderLifecycleGrain.ReleaseAsync",
        "mochi.ISiloControlGrain.ConfirmShutdownAsync",
        "mochi.ISiloControlGrain.HasEngineAsync",
        "mochi.ISiloControlGrain.ShutdownAsync",
        "mochi.ISiloControlGrain.ShutdownEngineAsync",
        "mochi.ISiloRegistryGrain.GetRegistrationsAsync",
        "mochi.ISiloRegistryGrain.PublishAsync",
    ];

    [Fact]
    public void Every_grain_interface_and_grain_method_keeps_the_alias_it_shipped_with()
    {
        var wireNames = Libraries
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsInterface && (typeof(IGrain).IsAssignableFrom(t) || typeof(IGrainObserver).IsAssignableFrom(t)))
            .SelectMany(i => i.GetMethods().Select(m => $"{AliasOf(i)}.{AliasOf(m)}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(ShippedWireNames, wireNames);
    }

    [Fact]
    public void Every_serialized_type_has_an_alias_of_its_own()
    {
        var serialized = Libraries
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            .ToList();

        Assert.Contains(typeof(MargoErrorCode), serialized);
        Assert.All(serialized, t => Assert.StartsWith("mochi.", AliasOf(t), StringComparison.Ordinal));
        Assert.Equal(serialized.Count, serialized.Select(AliasOf).Distinct().Count());
    }

    [Fact]
    public void The_wire_protocol_and_the_runtime_internals_are_not_public_API()
    {
        var exported = Libraries.SelectMany(a => a.GetExportedTypes()).Select(t => t.FullName!);

        Assert.DoesNotContain(exported, name => name.StartsWith("MochiOrleans.Grains.", StringComparison.Ordinal));
        Assert.DoesNotContain(exported, name => name.StartsWith("MochiOrleans.Internal.", StringComparison.Ordinal));
    }

    private static string AliasOf(MemberInfo member) =>
        member.GetCustomAttribute<AliasAttribute>()?.Alias ?? $"(no alias: {member.Name})";
}
