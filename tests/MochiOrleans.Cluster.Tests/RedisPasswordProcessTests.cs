using System.Globalization;
using System.Security.Cryptography;
using MochiOrleans.Cluster.Tests.Infrastructure;
using MochiOrleans.Silo.Host.Configuration;
using StackExchange.Redis;

namespace MochiOrleans.Cluster.Tests;

/// <summary>
/// The Redis password and TLS of deploy/k8s, run on this machine: Redis started the way redis.yaml starts it (its init
/// container's script writes the config file, its server container loads it and serves TLS only, with a certificate
/// from a test CA), and a silo host process given the password and the CA the way silo-deployment.yaml gives them
/// (<c>Mochi__Host__RedisPassword</c>, <c>Mochi__Host__RedisTlsCaPath</c>).
/// </summary>
public sealed class RedisPasswordProcessTests
{
    [Fact]
    public async Task A_silo_given_the_password_and_the_ca_joins_the_membership_of_a_tls_redis_started_as_redis_yaml_starts_it()
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var directory = Directory.CreateTempSubdirectory("mochi-redis-");
        try
        {
            var port = FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
            using var pki = TestCertificateAuthority.Create("mochi-redis");
            await using var redis = await StartManifestRedisAsync(directory.FullName, pki, password, port);
            var endpoint = "127.0.0.1:" + port;
            var ca = Path.Combine(directory.FullName, "ca.crt");
            File.Copy(pki.CaPath, ca);

            // Redis refuses a TLS client without the password, and has no plaintext port at all...
            var refused = await Assert.ThrowsAsync<RedisConnectionException>(
                () => ConnectionMultiplexer.ConnectAsync(Tls(endpoint + ",abortConnect=true,connectTimeout=5000", ca)).WithDeadline());
            Assert.Contains("NOAUTH", refused.ToString(), StringComparison.Ordinal);
            await Assert.ThrowsAsync<RedisConnectionException>(
                () => ConnectionMultiplexer.ConnectAsync($"{endpoint},password={password},abortConnect=true,connectTimeout=2000").WithDeadline());

            // ...and the silo, given it apart from the connection string, becomes an active member.
            var clusterId = "auth-" + Guid.NewGuid().ToString("N")[..8];
            await using var silo = SiloProcess.StartClustered("silo-auth", endpoint, clusterId, 100, new Dictionary<string, string>
            {
                [Variable(nameof(SiloHostOptions.RedisPassword))] = password,
                [Variable(nameof(SiloHostOptions.RedisTlsCaPath))] = ca,
            });
            await silo.WaitUntilReadyAsync();
            Assert.DoesNotContain(password, silo.Log, StringComparison.Ordinal);

            await using var authenticated = await ConnectionMultiplexer.ConnectAsync(Tls($"{endpoint},password={password}", ca));
            var keys = authenticated.GetServer(endpoint).Keys(pattern: "*").Select(k => k.ToString()).ToList();
            Assert.Contains(keys, key => key.Contains(clusterId, StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Variable(string setting) => DeploymentEnvironment.Variable(setting);

    private static ConfigurationOptions Tls(string connectionString, string ca)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.Ssl = true;
        options.TrustIssuer(ca);
        return options;
    }

    /// <summary>
    /// Runs redis.yaml's init container script and server command with the volumes' mount paths moved under
    /// <paramref name="root"/>, on a loopback port.
    /// </summary>
    private static async Task<ChildProcess> StartManifestRedisAsync(string root, TestCertificateAuthority pki, string password, string port)
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

        // Redis's certificate, issued by the test CA for the address the tests dial.
        var tls = server.VolumeMounts.Single(m => pod.Volumes.Single(v => v.Name == m.Name).Secret is not null).MountPath;
        pki.WriteKubernetesSecret(root + tls, "localhost");

        var args = server.Args.Select(Local).ToList();
        args[args.IndexOf("--tls-port") + 1] = port;
        args.AddRange(["--bind", "127.0.0.1"]);
        var redis = ChildProcess.StartProgram(RedisServer.FindBinary(), args);
        await Deadline.UntilAsync(
            async () =>
            {
                try
                {
                    await using var client = await ConnectionMultiplexer.ConnectAsync(Tls($"127.0.0.1:{port},password={password},connectTimeout=1000,abortConnect=true", Path.Combine(root + tls, "ca.crt")));
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
