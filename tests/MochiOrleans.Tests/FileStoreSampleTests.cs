namespace MochiOrleans.Tests;

/// <summary>The file store sample's programs as separate processes: one client uploads a file by bulk, another downloads it.</summary>
public class FileStoreSampleTests
{
    private const string Server = "samples/FileStore/Server";
    private const string Client = "samples/FileStore/Client";

    [Fact]
    public async Task A_file_larger_than_any_rpc_argument_uploaded_by_one_client_is_downloaded_intact_by_another()
    {
        var directory = Directory.CreateTempSubdirectory("mochi-filestore-");
        try
        {
            var original = Path.Combine(directory.FullName, "original.bin");
            var copy = Path.Combine(directory.FullName, "copy.bin");
            var content = new byte[(int)new EngineOptions().MaxPayloadBytes + 3_000_001];
            new Random(5).NextBytes(content);
            await File.WriteAllBytesAsync(original, content);
            await using var server = ChildProcess.Start(Server);
            var address = (await server.WaitForLineAsync("Service running at ")).Split("Service running at ")[1].Trim();

            await using (var uploader = ChildProcess.Start(Client, address, "upload", original, "data.bin"))
            {
                Assert.True(await uploader.WaitForExitAsync() == 0, string.Join('\n', uploader.Lines));
            }

            await using (var downloader = ChildProcess.Start(Client, address, "download", "data.bin", copy))
            {
                Assert.True(await downloader.WaitForExitAsync() == 0, string.Join('\n', downloader.Lines));
            }

            await using (var stopper = ChildProcess.Start(Client, address, "shutdown"))
            {
                Assert.True(await stopper.WaitForExitAsync() == 0, string.Join('\n', stopper.Lines));
            }

            Assert.True(await server.WaitForExitAsync() == 0, string.Join('\n', server.Lines));
            Assert.Contains($"Stored data.bin ({content.Length} bytes)", server.Lines);
            var downloaded = await File.ReadAllBytesAsync(copy);
            Assert.True(content.AsSpan().SequenceEqual(downloaded), "the downloaded file differs");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
