using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Bulk transfers between the silos of one cluster: a silo reaches another's bulk through that silo's bulk grain.</summary>
[Collection(ClusterCollection.Name)]
public class BulkClusterTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_silo_pulls_from_and_pushes_to_another_silos_bulk_over_that_silos_data_channel()
    {
        var id = fixture.NextProviderId();
        await fixture.SecondaryEngine.RegisterProviderAsync(new BulkProvider(fixture.SecondaryEngine), id).WithDeadline();
        var data = new byte[(2 * 1024 * 1024) + 9];
        new Random(17).NextBytes(data);
        var expected = data[3..];
        await using var bulk = fixture.PrimaryEngine.CreateBulk(data, BulkMode.ReadWrite);
        var channels = fixture.SecondaryEngine.BulkChannels;
        var (viaChannel, viaMessages) = (channels.ChannelTransfers, channels.MessageTransfers);

        var pulled = await fixture.PrimaryEngine.Register("bulk_pull").On(fixture.SecondaryEngine.Address, id).CallAsync<byte[]>(bulk, 3L, data.Length - 3).WithDeadline();
        await fixture.PrimaryEngine.Register("bulk_push").On(fixture.SecondaryEngine.Address, id).CallAsync<object?>(bulk, 0L, new byte[] { 7, 7 }).WithDeadline();

        Assert.Equal(expected, pulled);
        Assert.Equal(new byte[] { 7, 7 }, data[..2]);
        Assert.Equal((viaChannel + 2, viaMessages), (channels.ChannelTransfers, channels.MessageTransfers));
    }
}
