using MochiOrleans.Internal.Providers;

namespace MochiOrleans.Tests;

public class ArgumentBindingTests
{
    private static readonly RemoteMethod Concat = MethodOf(nameof(Shapes.Concat));
    private static readonly RemoteMethod WithRuntimeParameters = MethodOf(nameof(Shapes.WithRuntimeParameters));

    [Fact]
    public void Positional_and_keyword_arguments_bind_by_position_then_by_name()
    {
        var bound = Bind(Concat, ["a"], new() { ["second"] = "b" }, out var error);

        Assert.Null(error);
        Assert.Equal(new object?[] { "a", "b", 0L }, bound);
    }

    [Fact]
    public void An_optional_parameter_left_out_takes_its_default()
    {
        var bound = Bind(Concat, ["a", "b"], null, out _);

        Assert.Equal(0L, bound![2]);
    }

    [Fact]
    public void Numeric_arguments_widen_without_loss()
    {
        var bound = Bind(Concat, ["a", "b", 7], null, out var error);

        Assert.Null(error);
        Assert.Equal(7L, bound![2]);
    }

    [Theory]
    [InlineData(new object?[] { "a", "b", 1.5 }, "'count' expects Int64")]
    [InlineData(new object?[] { "a", null, 1 }, null)]
    [InlineData(new object?[] { "a", "b", 1, 2 }, "takes 3 argument(s)")]
    [InlineData(new object?[] { }, "missing argument 'first'")]
    public void Arguments_that_do_not_fit_are_refused_naming_the_parameter(object?[] args, string? expected)
    {
        var bound = Bind(Concat, args, null, out var error);

        if (expected is null)
        {
            Assert.NotNull(bound);
            return;
        }

        Assert.Null(bound);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_given_by_position_and_by_keyword_is_refused()
    {
        var bound = Bind(Concat, ["a"], new() { ["first"] = "again" }, out var error);

        Assert.Null(bound);
        Assert.Contains("both by position and by keyword", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_keyword_is_refused()
    {
        var bound = Bind(Concat, ["a"], new() { ["third"] = "c" }, out var error);

        Assert.Null(bound);
        Assert.Contains("no parameter named 'third'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_for_a_value_type_is_refused()
    {
        var bound = Bind(Concat, ["a", "b", null], null, out var error);

        Assert.Null(bound);
        Assert.Contains("cannot be null", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_and_cancellation_token_are_filled_by_the_runtime_not_by_callers()
    {
        using var source = new CancellationTokenSource();

        var bound = ArgumentBinder.Bind(WithRuntimeParameters, "rpc", [5], null, handle: null, source.Token, out var error);

        Assert.Null(error);
        Assert.Equal(3, bound!.Length);
        Assert.Equal(5, bound[1]);
        Assert.Equal(source.Token, bound[2]);
        Assert.Equal(0, WithRuntimeParameters.HandleIndex);
        Assert.Equal(2, WithRuntimeParameters.CancellationIndex);
        Assert.Single(WithRuntimeParameters.Parameters);
    }

    private static object?[]? Bind(RemoteMethod method, object?[] args, Dictionary<string, object?>? kwargs, out string? error) =>
        ArgumentBinder.Bind(method, "rpc", args, kwargs, handle: null, CancellationToken.None, out error);

    private static RemoteMethod MethodOf(string name) =>
        RemoteMethod.Create(typeof(Shapes).GetMethod(name)!, new RemoteAttribute());

    private static class Shapes
    {
        public static string Concat(string first, string? second, long count = 0) => first + second + count;

        public static int WithRuntimeParameters(Handle handle, int value, CancellationToken cancellationToken) => value;
    }
}
