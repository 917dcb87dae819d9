using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// Certificates made by the repository's own <c>scripts/make-dev-certs.sh</c> (so the script is
/// exercised too) in a temporary directory: an authority, a silo certificate and a client one.
/// </summary>
public sealed class DevCertificates
{
    private static readonly Lazy<DevCertificates> SharedSet = new(() => Make("shared"));

    private DevCertificates(string directory) => Directory = directory;

    /// <summary>The directory holding <c>ca.crt</c>, <c>silo.crt</c>, <c>silo.key</c>, <c>client.crt</c>, <c>client.key</c>.</summary>
    public string Directory { get; }

    public string Authority => File("ca.crt");

    public string ClientCertificate => File("client.crt");

    public string ClientKey => File("client.key");

    /// <summary>The set every real-process test's silos and clients use, made once per test run.</summary>
    public static DevCertificates Shared => SharedSet.Value;

    /// <summary>A new set, from a new authority that nothing else trusts. Synchronous: it runs once, before any silo starts.</summary>
    public static DevCertificates Make(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"dispatch-certs-{Environment.ProcessId}-{name}-{Guid.NewGuid():N}");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", "make-dev-certs.sh"));
        info.ArgumentList.Add(directory);
        using var script = Process.Start(info)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        if (!script.WaitForExit(TimeSpan.FromSeconds(60)) || script.ExitCode != 0 || !System.IO.File.Exists(Path.Combine(directory, "client.key")))
        {
            throw new InvalidOperationException($"scripts/make-dev-certs.sh failed:{System.Environment.NewLine}{output.Result}{errors.Result}");
        }

        return new DevCertificates(directory);
    }

    public string File(string name) => Path.Combine(Directory, name);

    /// <summary>The client certificate with its key, as TLS needs it.</summary>
    public X509Certificate2 LoadClientCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(ClientCertificate, ClientKey);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this set's authority.</summary>
    public bool IssuedByThisAuthority(X509Certificate2 certificate)
    {
        using var authority = X509CertificateLoader.LoadCertificateFromFile(Authority);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
