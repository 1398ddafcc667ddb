using MochiOrleans.Benchmarks.Hosting;
using MochiOrleans.Benchmarks.Macro;
using MochiOrleans.Benchmarks.Micro;
using MochiOrleans.Benchmarks.Peers;
using MochiOrleans.Benchmarks.ScaleOut;
using MochiOrleans.Benchmarks.Telemetry;
using MochiOrleans.Benchmarks.Transfers;

// dotnet run -c Release -- --quick          end-to-end matrix in under two minutes
// dotnet run -c Release --                  the full matrix, longer and with more rounds
// dotnet run -c Release -- --micro [BDN args]  BenchmarkDotNet micro-benchmarks of the hot-path pieces
// dotnet run -c Release -- --quick --tls    the same with TLS on the TCP runs (certificates made at run time)
// dotnet run -c Release -- --telemetry     calls/s with and without a MochiOrleans listener (about a minute)
// dotnet run -c Release -- --scale-out [--quick] [--redis host:port]  1, 2 and 3 silo processes on Redis membership
// dotnet run -c Release -- --bulk         64 MiB by bulk pull vs 1 MiB byte[] calls vs a plain socket (about a minute)
// --serve is how the benchmark re-launches itself as the silo process of the TCP runs, --serve-grpc as the gRPC peer.
if (args.Contains(ServeCommand.Flag))
{
    return await ServeCommand.RunAsync(args).ConfigureAwait(false);
}

if (args.Contains(ServeGrpcCommand.Flag))
{
    return await ServeGrpcCommand.RunAsync().ConfigureAwait(false);
}

if (args.Contains(TelemetryOverhead.Flag))
{
    return await TelemetryOverhead.RunAsync().ConfigureAwait(false);
}

if (args.Contains(BulkThroughput.Flag))
{
    return await BulkThroughput.RunAsync().ConfigureAwait(false);
}

if (args.Contains(ScaleOutSuite.Flag))
{
    return await ScaleOutSuite.RunAsync(args).ConfigureAwait(false);
}

if (args.Contains(MicroSuite.Flag))
{
    return MicroSuite.Run([.. args.Where(a => a != MicroSuite.Flag)]);
}

return await MacroSuite.RunAsync(BenchSettings.Parse(args)).ConfigureAwait(false);
