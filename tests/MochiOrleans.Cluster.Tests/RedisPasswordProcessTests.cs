using System.Globalization;
using System.Security.Cryptography;
using MochiOrleans.Cluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace MochiOrleans.Cluster.Tests;

/// <summary>
/// The Redis password chain of deploy/k8s, run on this machine: Redis started the way redis.yaml starts it (its init
/// container's script writes the config file, its server container loads it), and a silo host process given the
/// password the way silo-deployment.yaml gives it (<c>Mochi__Host__RedisPassword</c>).
/// </summary>
public sealed class RedisPasswordProcessTests
{
    [Fact]
    public async Task A_silo_given_the_secret_password_joins_the_membership_of_a_redis_started_as_the_manifests_start_it()
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var directory = Directory.CreateTempSubdirectory("mochi-redis-");
        try
        {
            var port = FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
            await using var redis = await StartManifestRedisAsync(directory.FullName, password, port);
            var endpoint = "127.0.0.1:" + port;

            // Redis refuses a client without the password...
            var refused = await Assert.ThrowsAsync<RedisConnectionException>(
                () => ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=true,connectTimeout=5000").WithDeadline());
            Assert.Contains("NOAUTH", refused.ToString(), StringComparison.Ordinal);

            // ...and the silo, given it apart from the connection string, becomes an active member.
            var clusterId = "auth-" + Guid.NewGuid().ToString("N")[..8];
            await using var silo = SiloProcess.StartClustered("silo-auth", endpoint, clusterId, 100, new Dictionary<string, string>
            {
                [DeploymentEnvironmentVariable] = password,
            });
            await silo.WaitUntilReadyAsync();
            Assert.DoesNotContain(password, silo.Log, StringComparison.Ordinal);

            await using var authenticated = await ConnectionMultiplexer.ConnectAsync($"{endpoint},password={password}");
            var keys = authenticated.GetServer(endpoint).Keys(pattern: "*").Select(k => k.ToString()).ToList();
            Assert.Contains(keys, key => key.Contains(clusterId, StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string DeploymentEnvironmentVariable =>
        Silo.Host.Configuration.DeploymentEnvironment.Variable(nameof(Silo.Host.Configuration.SiloHostOptions.RedisPassword));

    /// <summary>
    /// Runs redis.yaml's init container script and server command with the volumes' mount paths moved under
    /// <paramref name="root"/>, on a loopback port.
    /// </summary>
    private static async Task<ChildProcess> StartManifestRedisAsync(string root, string password, string port)
    {
        var pod = KubernetesManifests.Load().Deployment("mochi-redis").Spec.Template.Spec;
        var init = Assert.Single(pod.InitContainers);
        var server = Assert.Single(pod.Containers);
        var mounts = init.VolumeMounts.Concat(server.VolumeMounts).Select(m => m.MountPath).Distinct().ToList();
        foreach (var mount in mounts)
        {
            Directory.CreateDirectory(root + mount);
        }

        string Local(string path) => mounts.Any(m => path == m || path.StartsWith(m + "/", StringComparison.Ordinal)) ? root + path : path;

        // The script writes to a path under a mount: the last word, after the redirection.
        var command = Assert.Single(init.Command, c => c.Contains("requirepass", StringComparison.Ordinal));
        var target = command[(command.LastIndexOf(' ') + 1)..];
        var script = command[..(command.LastIndexOf(' ') + 1)] + Local(target);
        await using (var config = ChildProcess.StartProgram(init.Command[0], [.. init.Command.Skip(1).SkipLast(1), script], new Dictionary<string, string> { ["REDIS_PASSWORD"] = password }))
        {
            Assert.Equal(0, await config.WaitForExitAsync());
        }

        var args = server.Args.Select(Local).Concat(["--bind", "127.0.0.1", "--port", port]);
        var redis = ChildProcess.StartProgram(RedisServer.FindBinary(), args);
        await Deadline.UntilAsync(
            async () =>
            {
                try
                {
                    await using var client = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},password={password},connectTimeout=1000,abortConnect=true");
                    await client.GetDatabase().PingAsync();
                    return true;
                }
                catch (Exception exception) when (exception is RedisException or System.Net.Sockets.SocketException or TimeoutException)
                {
                    return false;
                }
            },
            "Redis started as redis.yaml starts it answered");
        return redis;
    }
}
