// mochi: call RPCs and shut engines down from a shell.
//   mochi call <address> <rpc_name> [--provider-id N] [--timeout SECONDS] [--one-way] [args...] [name=value...]
//   mochi lookup <address>
//   mochi shutdown <address>
// Common options: --cluster-id ID, --service-id ID (default "mochi", as the engines');
//   --tls-ca PEM [--tls-cert PEM --tls-key PEM]: TLS to the gateway (EngineOptions.Tls*, docs/security.md).
// Exit codes: 0 success, 1 the call failed (MargoException: code and message on stderr), 2 usage.
using System.Globalization;
using MochiOrleans;
using MochiOrleans.Cli;

const string Usage = """
    usage: mochi call <address> <rpc_name> [--provider-id N] [--timeout SECONDS] [--one-way] [args...] [name=value...]
           mochi lookup <address>
           mochi shutdown <address>
    options: --cluster-id ID, --service-id ID, --tls-ca PEM, --tls-cert PEM, --tls-key PEM
    """;

var words = new List<string>(args);
var options = new EngineOptions();
ushort providerId = 0;
TimeSpan? timeout = null;
var oneWay = false;
try
{
    options.ClusterId = TakeOption(words, "--cluster-id") ?? options.ClusterId;
    options.ServiceId = TakeOption(words, "--service-id") ?? options.ServiceId;
    options.TlsCaPath = TakeOption(words, "--tls-ca");
    options.TlsCertificatePath = TakeOption(words, "--tls-cert");
    options.TlsKeyPath = TakeOption(words, "--tls-key");
    providerId = TakeOption(words, "--provider-id") is { } id ? ushort.Parse(id, CultureInfo.InvariantCulture) : (ushort)0;
    timeout = TakeOption(words, "--timeout") is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) : null;
    oneWay = words.Remove("--one-way");
}
catch (FormatException e)
{
    return Fail(e.Message);
}

if (words.Count < 2 || (words[0] == "call" && words.Count < 3))
{
    return Fail(null);
}

Engine started;
try
{
    started = await Engine.StartAsync("tcp", EngineMode.Client, options);
}
catch (MargoException e)
{
    // Unusable settings (a TLS file that does not load) are a usage problem: each is named in the message.
    return Fail($"{e.Code}: {e.Message}");
}

await using var engine = started;
try
{
    var address = await engine.LookupAsync(words[1]);
    switch (words[0])
    {
        case "lookup":
            Console.WriteLine(address);
            return 0;
        case "shutdown":
            await address.ShutdownAsync();
            return 0;
        case "call":
            var (positional, keywords) = CliArguments.Parse(words.Skip(3));
            var response = await engine.Register(words[2], oneWay).On(address, providerId).CallAsync<object?>(positional, keywords, timeout);
            Console.WriteLine(CliArguments.Format(response));
            return 0;
        default:
            return Fail($"unknown command '{words[0]}'");
    }
}
catch (MargoException e)
{
    await Console.Error.WriteLineAsync($"{e.Code}: {e.Message}");
    return 1;
}

static string? TakeOption(List<string> words, string name)
{
    var index = words.IndexOf(name);
    if (index < 0)
    {
        return null;
    }

    if (index + 1 >= words.Count)
    {
        throw new FormatException($"{name} needs a value");
    }

    var value = words[index + 1];
    words.RemoveRange(index, 2);
    return value;
}

static int Fail(string? problem)
{
    if (problem is not null)
    {
        Console.Error.WriteLine($"mochi: {problem}");
    }

    Console.Error.WriteLine(Usage);
    return 2;
}
