using System.Collections.Concurrent;
using MochiOrleans;

namespace FileStore.Server;

/// <summary>
/// Stores files by name. Uploads and downloads move the bytes by bulk transfer: the caller exposes its buffer and the
/// provider pulls from it (upload) or pushes into it (download), so a file may be far larger than an RPC argument.
/// </summary>
[Provider("files")]
public sealed class FileProvider(Engine engine)
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    /// <summary>Pulls the caller's bulk and stores it as <paramref name="name"/>; responds with the bytes stored.</summary>
    [Remote]
    public async Task Upload(Handle handle, string name, Bulk data)
    {
        var content = new byte[data.Size];
        await using var local = engine.CreateBulk(content, BulkMode.WriteOnly);
        await engine.TransferAsync(BulkOperation.Pull, handle.Address, data, 0, local, 0, data.Size);
        _files[name] = content;
        Console.WriteLine($"Stored {name} ({content.Length} bytes)");
        handle.Respond(content.LongLength);
    }

    /// <summary>The size of file <paramref name="name"/>, or -1 if there is none.</summary>
    [Remote]
    public long Size(string name) => _files.TryGetValue(name, out var content) ? content.LongLength : -1;

    /// <summary>Pushes file <paramref name="name"/> into the caller's bulk, which must be at least as large.</summary>
    [Remote]
    public async Task Download(Handle handle, string name, Bulk into)
    {
        if (!_files.TryGetValue(name, out var content))
        {
            throw new FileNotFoundException($"No file named '{name}' is stored here.");
        }

        await using var local = engine.CreateBulk(content, BulkMode.ReadOnly);
        await engine.TransferAsync(BulkOperation.Push, handle.Address, into, 0, local, 0, content.Length);
        handle.Respond(content.LongLength);
    }
}
