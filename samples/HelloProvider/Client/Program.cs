// The PyMargo providers tutorial's client, line by line (see README.md).
using MochiOrleans;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: HelloProvider.Client <server address, e.g. tcp://127.0.0.1:30000>");
    return 2;
}

await using var engine = await Engine.StartAsync("tcp", EngineMode.Client);
var hello = engine.Register("my_service_say_hello");
var address = await engine.LookupAsync(args[0]);
var exitCode = 0;
try
{
    var response = await hello.On(address, providerId: 42)
        .CallAsync<string>(["Matthieu"], new Dictionary<string, object?> { ["lastname"] = "Dorier" });
    if (response != "Good bye Matthieu")
    {
        throw new InvalidOperationException($"Unexpected response '{response}'.");
    }

    Console.WriteLine(response);
}
catch (MargoException e)
{
    Console.WriteLine(e);
    exitCode = 1;
}

await address.ShutdownAsync();
return exitCode;
