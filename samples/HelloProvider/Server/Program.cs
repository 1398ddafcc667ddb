// The PyMargo providers tutorial's server, line by line (see README.md).
using HelloProvider.Server;
using MochiOrleans;

await using var engine = await Engine.StartAsync(args.Length > 0 ? args[0] : "tcp");
var provider = new MyProvider();
engine.RegisterProvider(provider, providerId: 42);
Console.WriteLine($"Service running at {engine.Address}");
engine.EnableRemoteShutdown();
await engine.WaitForFinalizeAsync();
