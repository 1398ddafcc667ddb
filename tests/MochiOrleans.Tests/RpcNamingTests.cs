using MochiOrleans.Internal;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Registry;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

public class RpcNamingTests
{
    [Theory]
    [InlineData("SayHello", "say_hello")]
    [InlineData("GetHTTPStatus", "get_http_status")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("Version2Beta", "version2_beta")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("X", "x")]
    public void Method_names_become_snake_case(string method, string expected) =>
        Assert.Equal(expected, RpcNameResolver.ToSnakeCase(method));

    [Fact]
    public void Full_names_join_service_and_rpc_name_and_drop_a_trailing_Async()
    {
        var names = Names(typeof(NamingProvider), serviceName: null);

        Assert.Equal(
            ["naming_custom", "naming_echo", "naming_get_http_status", "naming_say_hello", "naming_scoped"],
            names);
    }

    [Fact]
    public void The_registration_service_name_takes_precedence_over_the_Provider_attribute()
    {
        var names = Names(typeof(NamingProvider), serviceName: "other");

        Assert.Contains("other_say_hello", names);
        Assert.DoesNotContain(names, n => n.StartsWith("naming_", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_provider_service_name_a_method_uses_its_own_or_none()
    {
        Assert.Equal(["alpha_in_alpha", "bare"], Names(typeof(ServicelessProvider), serviceName: null));
    }

    [Fact]
    public void The_grain_key_is_service_colon_provider_id()
    {
        var registration = ProviderRegistration.ForProvider(ProviderModel.For(typeof(GreeterProvider)), new GreeterProvider(), true, 42, null);

        Assert.Equal("greeter:42", registration.GrainKey);
    }

    [Fact]
    public void Two_methods_mapping_to_one_rpc_name_fail_registration_loudly()
    {
        var error = Assert.Throws<ArgumentException>(() => Names(typeof(ClashingProvider), serviceName: null));

        Assert.Contains("clash_ping", error.Message, StringComparison.Ordinal);
        Assert.Contains("AlsoPing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_without_remote_methods_is_not_a_provider() =>
        Assert.Throws<ArgumentException>(() => ProviderModel.For(typeof(string)));

    private static string[] Names(Type type, string? serviceName) =>
        [.. ProviderRegistration.ForProvider(ProviderModel.For(type), instance: null, isInstance: true, 1, serviceName)
            .Methods.Keys.Order(StringComparer.Ordinal)];
}
