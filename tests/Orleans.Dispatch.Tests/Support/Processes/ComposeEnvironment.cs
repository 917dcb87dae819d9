using System.Text.RegularExpressions;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// What docker compose does to a service's environment before the container sees it:
/// <c>${VAR}</c> references take their values (REDIS_PASSWORD from the test's Redis), and paths
/// under <c>/run/secrets/</c> become the files the file's <c>secrets</c> section names, taken
/// from the test's certificates instead of <c>./certs</c>.
/// </summary>
public static partial class ComposeEnvironment
{
    public const string SecretsMount = "/run/secrets/";

    public static Dictionary<string, string> Resolve(
        IReadOnlyDictionary<string, string> environment, RedisServer redis, DevCertificates certificates, IReadOnlyDictionary<string, string> secrets)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in environment)
        {
            var text = Reference().Replace(value, match => match.Groups["name"].Value switch
            {
                "REDIS_PASSWORD" => redis.Password,
                var name => throw new InvalidOperationException($"docker-compose.yml refers to ${{{name}}}, which the tests do not know how to supply"),
            });
            if (text.StartsWith(SecretsMount, StringComparison.Ordinal))
            {
                var secret = text[SecretsMount.Length..];
                var file = secrets.TryGetValue(secret, out var path) ? path : throw new InvalidOperationException($"{key} mounts the secret '{secret}', which docker-compose.yml does not define");
                text = certificates.File(Path.GetFileName(file));
            }

            resolved[key] = text;
        }

        return resolved;
    }

    /// <summary><c>${NAME}</c>, <c>${NAME:?message}</c>, <c>${NAME:-default}</c> and the like.</summary>
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:[:?\-+][^}]*)?\}")]
    public static partial Regex Reference();
}
