// Calls providers of a MochiOrleans cluster (see docs/deploy.md).
//   ClusterClient call  <tcp://host:port> <rpc> <providerId> [string args...]   (cluster id: ORLEANS_CLUSTER_ID, default mochi)
//   ClusterClient watch <redis connection string> <clusterId> <any engine address> <seconds> <rpc>:<providerId>...
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MochiOrleans;
using Orleans.Configuration;

return args switch
{
    ["call", var address, var rpc, var id, .. var rest] => await CallAsync(address, rpc, ushort.Parse(id, CultureInfo.InvariantCulture), rest),
    ["watch", var redis, var clusterId, var address, var seconds, .. var targets] when targets.Length > 0 =>
        await WatchAsync(redis, clusterId, address, TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)), targets),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ClusterClient call <tcp://host:port> <rpc> <providerId> [args...]");
    Console.Error.WriteLine("       ClusterClient watch <redis> <clusterId> <any engine address> <seconds> <rpc>:<providerId>...");
    return 2;
}

// An engine in client mode, as the tutorial's client: through the gateway at (or in front of) the address.
static async Task<int> CallAsync(string address, string rpc, ushort providerId, string[] args)
{
    // The silos' cluster id (the same ORLEANS_CLUSTER_ID they read): a gateway refuses clients of another cluster.
    var options = new EngineOptions { ClusterId = Environment.GetEnvironmentVariable("ORLEANS_CLUSTER_ID") ?? "mochi" };
    await using var engine = await Engine.StartAsync("tcp", EngineMode.Client, options);
    try
    {
        var target = await engine.LookupAsync(address);
        var response = await engine.Register(rpc).On(target, providerId).CallAsync<object?>([.. args]);
        Console.WriteLine(response);
        return 0;
    }
    catch (MargoException e)
    {
        Console.Error.WriteLine($"{e.Code}: {e.Message}");
        return 1;
    }
}

// An Orleans client that finds the gateways in Redis, as a client inside the cluster would: losing a silo only
// loses that gateway. Each target is called in a loop; every change of outcome is printed with its time.
static async Task<int> WatchAsync(string redis, string clusterId, string address, TimeSpan duration, string[] targets)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.UseOrleansClient(client => client
        .UseRedisClustering(redis)
        .Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = "mochi";
        })
        .AddMochi());
    using var host = builder.Build();
    await host.StartAsync();
    var engine = host.Services.GetRequiredService<Engine>();
    var clock = Stopwatch.StartNew();
    using var stop = new CancellationTokenSource(duration);
    // The address only names the cluster: once looked up, calls go through whichever gateway the client has.
    var target = await engine.LookupAsync(address);
    await Task.WhenAll(targets.Select(t => WatchOneAsync(engine, target, t, clock, stop.Token)));
    await host.StopAsync();
    return 0;
}

static async Task WatchOneAsync(Engine engine, Address address, string target, Stopwatch clock, CancellationToken stop)
{
    var split = target.LastIndexOf(':');
    var rpc = target[..split];
    var providerId = ushort.Parse(target[(split + 1)..], CultureInfo.InvariantCulture);

    var call = engine.Register(rpc).On(address, providerId);
    string? last = null;
    var since = TimeSpan.Zero;
    var slowest = TimeSpan.Zero;

    // CALL_TIMEOUT (seconds) bounds each call; 0 leaves the engine's default (Orleans' 30 s response timeout).
    var timeoutSeconds = double.Parse(Environment.GetEnvironmentVariable("CALL_TIMEOUT") ?? "5", CultureInfo.InvariantCulture);
    TimeSpan? timeout = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : null;
    while (!stop.IsCancellationRequested)
    {
        var started = clock.Elapsed;
        string outcome;
        try
        {
            outcome = "ok " + await call.CallAsync<object?>([], kwargs: null, timeout, CancellationToken.None);
        }
        catch (MargoException e)
        {
            outcome = e.Code.ToString();
        }

        var took = clock.Elapsed - started;
        slowest = took > slowest ? took : slowest;
        if (outcome != last)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{DateTime.UtcNow:HH:mm:ss.fff} {clock.Elapsed.TotalSeconds,8:F3}s {target}: {outcome} (previous outcome lasted {(started - since).TotalSeconds:F3}s; this call took {took.TotalMilliseconds:F0} ms)"));
            last = outcome;
            since = started;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
    }

    Console.WriteLine(FormattableString.Invariant($"{clock.Elapsed.TotalSeconds,8:F3}s {target}: end; slowest call {slowest.TotalMilliseconds:F0} ms"));
}
