// Uploads a file to, or downloads one from, the file store sample's server, by bulk transfer (see docs/bulk.md).
//   FileStore.Client <address> upload <local path> <name>
//   FileStore.Client <address> download <name> <local path>
//   FileStore.Client <address> shutdown
using MochiOrleans;

if (args.Length < 2 || (args[1] is "upload" or "download" && args.Length != 4) || args[1] is not ("upload" or "download" or "shutdown"))
{
    Console.Error.WriteLine("usage: FileStore.Client <address> upload <local path> <name> | download <name> <local path> | shutdown");
    return 2;
}

await using var engine = await Engine.StartAsync("tcp", EngineMode.Client);
var address = await engine.LookupAsync(args[0]);
try
{
    switch (args[1])
    {
        case "upload":
        {
            var content = await File.ReadAllBytesAsync(args[2]);
            await using var bulk = engine.CreateBulk(content, BulkMode.ReadOnly);
            var stored = await engine.Register("files_upload").On(address, providerId: 1).CallAsync<long>(args[3], bulk);
            Console.WriteLine($"Uploaded {args[2]} as {args[3]} ({stored} bytes)");
            break;
        }

        case "download":
        {
            var size = await engine.Register("files_size").On(address, providerId: 1).CallAsync<long>(args[2]);
            if (size < 0)
            {
                Console.Error.WriteLine($"No file named '{args[2]}' on {address}");
                return 1;
            }

            var content = new byte[size];
            await using var bulk = engine.CreateBulk(content, BulkMode.WriteOnly);
            await engine.Register("files_download").On(address, providerId: 1).CallAsync<long>(args[2], bulk);
            await File.WriteAllBytesAsync(args[3], content);
            Console.WriteLine($"Downloaded {args[2]} to {args[3]} ({size} bytes)");
            break;
        }

        default:
            await address.ShutdownAsync();
            Console.WriteLine("Server shut down");
            break;
    }
}
catch (MargoException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

return 0;
