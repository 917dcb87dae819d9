using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Orleans.Dispatch.Silo.Hosting;

/// <summary>
/// Requires <c>Http:ApiKey</c> on the paths that reveal state (the dashboard, the group view, <c>/metrics</c>):
/// as a Bearer token (scrapers, scripts) or as the password of HTTP Basic (browsers, any user
/// name). <c>/health</c> stays open for orchestrators.
/// </summary>
internal static class HttpCredential
{
    private const string Challenge = "Basic realm=\"Orleans.Dispatch\", charset=\"UTF-8\"";

    public static void Require(WebApplication app, string apiKey, IReadOnlyList<PathString> protectedPaths)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        app.Use(async (context, next) =>
        {
            if (!protectedPaths.Any(path => context.Request.Path.StartsWithSegments(path)) || Presents(context.Request, expected))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        });
    }

    private static bool Presents(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        string? offered = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            offered = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            offered = BasicPassword(header["Basic ".Length..].Trim());
        }

        // Hashes of equal length compared in constant time: neither the key nor its length leaks through timing.
        return offered is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(offered)), expected);
    }

    private static string? BasicPassword(string encoded)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
