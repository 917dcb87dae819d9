using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Orleans.Dispatch.Settings;

/// <summary>
/// TLS for silo-to-silo and gateway connections (Orleans' <c>Microsoft.Orleans.Connections.Security</c>),
/// read from the <c>Tls</c> section the same way by the silo host and the CLI. Compiled into both.
/// </summary>
/// <param name="Enabled">Whether connections use TLS.</param>
/// <param name="CertificatePath">This process's certificate: a PKCS#12 file (.pfx, .p12) or a PEM certificate with <paramref name="KeyPath"/>.</param>
/// <param name="KeyPath">The PEM private key of a PEM <paramref name="CertificatePath"/>.</param>
/// <param name="CertificatePassword">The PKCS#12 file's password; never logged.</param>
/// <param name="CertificateSubject">Instead of a file: the subject of a certificate in the store.</param>
/// <param name="StoreName">The store to look the subject up in.</param>
/// <param name="StoreLocation">The store location.</param>
/// <param name="CaCertificatePath">The authority whose certificates are trusted for peers (PEM or DER); null: the system's trusted roots.</param>
/// <param name="RequireClientCertificate">Whether silos require a certificate from whoever connects (mutual TLS): only holders of a trusted certificate join or call a gateway.</param>
internal sealed record TlsSettings(
    bool Enabled,
    string? CertificatePath,
    string? KeyPath,
    string? CertificatePassword,
    string? CertificateSubject,
    StoreName StoreName,
    StoreLocation StoreLocation,
    string? CaCertificatePath,
    bool RequireClientCertificate)
{
    /// <summary>Every key read, under <c>Tls:</c>.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "Tls:Enabled", "Tls:CertificatePath", "Tls:KeyPath", "Tls:CertificatePassword", "Tls:CertificateSubject",
        "Tls:StoreName", "Tls:StoreLocation", "Tls:CaCertificatePath", "Tls:RequireClientCertificate",
    ];

    public static TlsSettings Off { get; } = new(false, null, null, null, null, StoreName.My, StoreLocation.CurrentUser, null, true);

    /// <summary>Reads the settings through <paramref name="get"/> (a configuration key to its value), adding every problem, by key, to <paramref name="problems"/>.</summary>
    /// <param name="get">Reads a key (<c>Tls:Enabled</c> and so on).</param>
    /// <param name="problems">Where problems go.</param>
    /// <param name="certificateRequired">Whether an enabled TLS needs this process's own certificate (silos: yes; clients: only to be admitted under mutual TLS).</param>
    public static TlsSettings Read(Func<string, string?> get, List<string> problems, bool certificateRequired)
    {
        bool Flag(string key, bool fallback) => SettingText.Bool(get(key), key, fallback, problems);

        TEnum Choice<TEnum>(string key, TEnum fallback)
            where TEnum : struct, Enum => SettingText.Choice(get(key), key, fallback, problems);

        string? File(string key)
        {
            var path = get(key);
            if (string.IsNullOrWhiteSpace(path))
            {
                return null;
            }

            if (!System.IO.File.Exists(path))
            {
                problems.Add($"{key}: no file at '{path}'.");
            }

            return path;
        }

        var settings = new TlsSettings(
            Flag("Tls:Enabled", false),
            File("Tls:CertificatePath"),
            File("Tls:KeyPath"),
            get("Tls:CertificatePassword"),
            get("Tls:CertificateSubject") is { Length: > 0 } subject ? subject : null,
            Choice("Tls:StoreName", StoreName.My),
            Choice("Tls:StoreLocation", StoreLocation.CurrentUser),
            File("Tls:CaCertificatePath"),
            Flag("Tls:RequireClientCertificate", true));
        if (settings.Enabled && certificateRequired && settings.CertificatePath is null && settings.CertificateSubject is null)
        {
            problems.Add("Tls:CertificatePath or Tls:CertificateSubject: required when Tls:Enabled is true.");
        }

        if (settings.CertificatePath is { } certificate && !IsPkcs12(certificate) && settings.KeyPath is null)
        {
            problems.Add($"Tls:KeyPath: required with the PEM certificate '{certificate}' (or give a .pfx/.p12 file as Tls:CertificatePath).");
        }

        if (settings.Enabled && problems.Count == 0)
        {
            settings.CheckFilesLoad(problems);
        }

        return settings;
    }

    /// <summary>How the settings read in a log line: never the password.</summary>
    public string Describe() =>
        !Enabled ? "off"
        : $"on ({(RequireClientCertificate ? "mutual: a trusted client certificate is required" : "server certificates only")}; peers trusted by {(CaCertificatePath is null ? "the system's roots" : $"the authority in {CaCertificatePath}")})";

    /// <summary>Configures Orleans' TLS options: this process's certificate, what it asks of the other side, and how it checks it.</summary>
    /// <param name="options">Orleans' options.</param>
    /// <param name="silo">True for a silo (it asks whoever connects for a certificate when <see cref="RequireClientCertificate"/>); false for a client (it always asks the gateway for one).</param>
    public void Apply(TlsOptions options, bool silo)
    {
        options.LocalCertificate = LoadCertificate();
        options.RemoteCertificateMode = !silo || RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate;
        // With a certificate, always present it when asked (and fail clearly if it cannot authenticate a client).
        options.ClientCertificateMode = options.LocalCertificate is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
        var trusts = PeerCheck();
        options.RemoteCertificateValidation = (certificate, _, errors) => trusts(certificate, errors);
    }

    /// <summary>
    /// How a peer's certificate is checked: it must chain to <see cref="CaCertificatePath"/>'s
    /// authority (loaded once, here), or without one pass the system's checks.
    /// </summary>
    public Func<X509Certificate2, SslPolicyErrors, bool> PeerCheck()
    {
        var authority = CaCertificatePath is null ? null : X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath);
        return (certificate, errors) => IsTrusted(certificate, errors, authority);
    }

    /// <summary>This process's certificate, with its private key; null when none is configured (a client without one).</summary>
    public X509Certificate2? LoadCertificate()
    {
        if (CertificatePath is { } path)
        {
            if (IsPkcs12(path))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword);
            }

            // A PEM key is ephemeral; a PKCS#12 round trip gives TLS a key it can use on every platform.
            using var pem = X509Certificate2.CreateFromPemFile(path, KeyPath);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        if (CertificateSubject is { } subject)
        {
            using var store = new X509Store(StoreName, StoreLocation);
            store.Open(OpenFlags.ReadOnly);
            return store.Certificates.Find(X509FindType.FindBySubjectName, subject, validOnly: false).OfType<X509Certificate2>().FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new InvalidOperationException($"Tls:CertificateSubject: no certificate with a private key for '{subject}' in {StoreLocation}/{StoreName}.");
        }

        return null;
    }

    /// <summary>Loads the certificate and the authority once, so that a bad file stops the process at start with its key named, not at the first connection.</summary>
    private void CheckFilesLoad(List<string> problems)
    {
        try
        {
            using var certificate = LoadCertificate();
            if (certificate is { HasPrivateKey: false })
            {
                problems.Add($"Tls:CertificatePath: '{CertificatePath}' has no private key.");
            }
        }
        catch (Exception exception) when (exception is CryptographicException or InvalidOperationException or ArgumentException)
        {
            problems.Add($"Tls:{(CertificatePath is null ? "CertificateSubject" : "CertificatePath")}: the certificate could not be loaded: {exception.Message}");
        }

        if (CaCertificatePath is { } authority)
        {
            try
            {
                using var loaded = X509CertificateLoader.LoadCertificateFromFile(authority);
            }
            catch (CryptographicException exception)
            {
                problems.Add($"Tls:CaCertificatePath: '{authority}' could not be loaded: {exception.Message}");
            }
        }
    }

    /// <summary>
    /// Whether the other side's certificate chains to the configured authority (or, without one,
    /// passed the system's checks). Host names are not checked: silos are reached by address, and
    /// the authority is the cluster's own.
    /// </summary>
    private static bool IsTrusted(X509Certificate2 certificate, SslPolicyErrors errors, X509Certificate2? authority)
    {
        if (authority is null)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
}
