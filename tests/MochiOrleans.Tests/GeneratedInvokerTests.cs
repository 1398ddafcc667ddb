using MochiOrleans.CodeGeneration;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>
/// Providers built with the MochiOrleans source generator (this assembly references it as every provider project
/// does) are invoked through generated code; the ones it cannot name are still served, through compiled expressions.
/// </summary>
[Collection(ClusterCollection.Name)]
public class GeneratedInvokerTests(ClusterFixture fixture)
{
    [Fact]
    public void Every_rpc_and_hook_of_a_provider_built_with_the_generator_uses_its_generated_invoker()
    {
        var model = ProviderModel.For(typeof(LifecycleProvider));

        Assert.NotEmpty(model.Methods);
        Assert.All(model.Methods, method => Assert.Same(GeneratedInvokers.Find(method.Method), method.Invoke));
        Assert.All(model.Prefinalize.Concat(model.Finalize), hook => Assert.Same(GeneratedInvokers.Find(hook.Method), hook.Invoke));
    }

    [Fact]
    public async Task A_provider_the_generator_cannot_name_is_served_through_a_compiled_invoker()
    {
        var id = fixture.NextProviderId();
        var model = ProviderModel.For(typeof(HiddenProvider));
        Assert.Null(GeneratedInvokers.Find(model.Methods.Single().Method));

        fixture.PrimaryEngine.RegisterProvider(new HiddenProvider(), id);
        var address = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();

        Assert.Equal(42, await fixture.ClientEngine.Register("hidden_answer").On(address, id).CallAsync<int>(41).WithDeadline());
    }

    [Provider("hidden")]
    private sealed class HiddenProvider
    {
        [Remote]
        public static int Answer(int value) => value + 1;
    }
}
