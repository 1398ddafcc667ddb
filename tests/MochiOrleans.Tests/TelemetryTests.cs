using System.Diagnostics;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>
/// The <c>MochiOrleans</c> activity source and meter (API.md "Telemetry"), seen by a listener in the caller's process,
/// between real engines over TCP. Each test roots its calls in a trace of its own and uses a provider id of its own, so
/// the spans and measurements of tests running in parallel do not mix.
/// </summary>
public class TelemetryTests
{
    [Fact]
    public async Task A_call_over_tcp_has_a_client_span_and_a_server_span_that_is_its_child_in_the_same_trace()
    {
        using var spans = new SpanRecorder();
        await using var server = await Engine.StartAsync("tcp").WithDeadline();
        server.RegisterProvider(new GreeterProvider(), providerId: 4701);
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        using var test = new Activity(nameof(TelemetryTests)).Start();
        var echoed = await client.Register("greeter_echo").On(address, 4701).CallAsync<string>("hi").WithDeadline();

        var mine = await spans.WaitForAsync(test.TraceId, count: 2);
        var caller = Assert.Single(mine, a => a.Kind == ActivityKind.Client);
        var provider = Assert.Single(mine, a => a.Kind == ActivityKind.Server);
        Assert.Equal("hi", echoed);
        Assert.Equal(test.SpanId, caller.ParentSpanId);
        Assert.Equal(caller.TraceId, provider.TraceId);
        Assert.Equal(caller.SpanId, provider.ParentSpanId);
        Assert.True(provider.HasRemoteParent);
        foreach (var span in new[] { caller, provider })
        {
            Assert.Equal("MochiOrleans", span.Source.Name);
            Assert.Equal("greeter_echo", span.DisplayName);
            Assert.Equal("mochi", span.GetTagItem("rpc.system"));
            Assert.Equal("greeter_echo", span.GetTagItem("rpc.method"));
            Assert.Equal(4701, span.GetTagItem("mochi.provider_id"));
            Assert.Null(span.GetTagItem("error.type"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        }
    }

    [Fact]
    public async Task A_failed_call_marks_both_spans_with_error_status_and_the_MargoErrorCode_as_error_type()
    {
        using var spans = new SpanRecorder();
        await using var server = await Engine.StartAsync("tcp").WithDeadline();
        server.RegisterProvider(new GreeterProvider(), providerId: 4702);
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        using var test = new Activity(nameof(TelemetryTests)).Start();
        var error = await Assert.ThrowsAsync<MargoException>(
            () => client.Register("greeter_fail").On(address, 4702).CallAsync("boom").WithDeadline());

        var mine = await spans.WaitForAsync(test.TraceId, count: 2);
        Assert.Equal(MargoErrorCode.RemoteError, error.Code);
        Assert.Equal(2, mine.Count);
        Assert.Contains(mine, a => a.Kind == ActivityKind.Client);
        Assert.Contains(mine, a => a.Kind == ActivityKind.Server);
        foreach (var span in mine)
        {
            Assert.Equal("greeter_fail", span.DisplayName);
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal("RemoteError", span.GetTagItem("error.type"));
        }
    }

    [Fact]
    public async Task A_call_refused_before_it_reaches_a_provider_has_only_a_client_span_with_its_error_type()
    {
        using var spans = new SpanRecorder();
        await using var server = await Engine.StartAsync("tcp").WithDeadline();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        using var test = new Activity(nameof(TelemetryTests)).Start();
        var error = await Assert.ThrowsAsync<MargoException>(
            () => client.Register("nobody_home").On(address, 4703).CallAsync().WithDeadline());

        var span = Assert.Single(await spans.WaitForAsync(test.TraceId, count: 1));
        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("NoEntry", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task A_one_way_call_has_a_client_span_and_a_server_span_that_is_its_child()
    {
        using var spans = new SpanRecorder();
        await using var server = await Engine.StartAsync("tcp").WithDeadline();
        server.RegisterProvider(new GreeterProvider(), providerId: 4704);
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        using var test = new Activity(nameof(TelemetryTests)).Start();
        await client.Register("greeter_echo", disableResponse: true).On(address, 4704).CallAsync("one way").WithDeadline();

        var mine = await spans.WaitForAsync(test.TraceId, count: 2);
        var caller = Assert.Single(mine, a => a.Kind == ActivityKind.Client);
        var provider = Assert.Single(mine, a => a.Kind == ActivityKind.Server);
        Assert.Equal(caller.SpanId, provider.ParentSpanId);
        Assert.Equal("greeter_echo", provider.GetTagItem("rpc.method"));
    }

    [Fact]
    public async Task Calls_record_client_and_server_durations_in_seconds_tagged_with_method_provider_and_error_type()
    {
        using var measurements = new MeasurementRecorder();
        await using var server = await Engine.StartAsync("tcp").WithDeadline();
        server.RegisterProvider(new GreeterProvider(), providerId: 4705);
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        await client.Register("greeter_echo").On(address, 4705).CallAsync<string>("hi").WithDeadline();
        await Assert.ThrowsAsync<MargoException>(() => client.Register("greeter_fail").On(address, 4705).CallAsync("boom").WithDeadline());

        foreach (var instrument in new[] { "mochi.rpc.client.duration", "mochi.rpc.server.duration" })
        {
            var recorded = await measurements.WaitForAsync(instrument, 4705, count: 2);
            Assert.Equal(2, recorded.Count);
            Assert.All(recorded, r => Assert.Equal("s", r.Unit));
            Assert.All(recorded, r => Assert.InRange(r.Value, 0, Deadline.Default.TotalSeconds));
            var success = Assert.Single(recorded, r => Equals(r.Tags["rpc.method"], "greeter_echo"));
            var failure = Assert.Single(recorded, r => Equals(r.Tags["rpc.method"], "greeter_fail"));
            Assert.False(success.Tags.ContainsKey("error.type"));
            Assert.Equal("RemoteError", failure.Tags["error.type"]);
        }
    }
}
