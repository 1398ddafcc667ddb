// A file store: clients upload and download files by bulk transfer (see docs/bulk.md).
using FileStore.Server;
using MochiOrleans;

await using var engine = await Engine.StartAsync(args.Length > 0 ? args[0] : "tcp");
engine.RegisterProvider(new FileProvider(engine), providerId: 1);
engine.EnableRemoteShutdown();
Console.WriteLine($"Service running at {engine.Address}");
await engine.WaitForFinalizeAsync();
