using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace VoiceCoach.Web.Security;

/// <summary>
/// Every request needs the per-launch token: in the query (<c>?token=</c>, the link `serve` prints), in the cookie the
/// first page sets from it, or in the <c>X-VoiceCoach-Token</c> header. Anything else gets 401 before it reaches a page,
/// an API call or a WebSocket. The cookie is HttpOnly and SameSite=Strict: another site cannot ride on it.
/// </summary>
internal sealed class TokenGate(string token)
{
    public const string CookieName = "voicecoach_token";
    public const string HeaderName = "X-VoiceCoach-Token";
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    /// <summary>A new random token (256 bits, URL-safe).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var fromQuery = context.Request.Query["token"].ToString();
        if (Matches(fromQuery))
        {
            context.Response.Cookies.Append(CookieName, fromQuery, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            await next(context);
            return;
        }

        if (Matches(context.Request.Cookies[CookieName]) || Matches(context.Request.Headers[HeaderName].ToString()))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("401: this VoiceCoach needs the link with its token, as `voicecoach serve` printed it (http://127.0.0.1:PORT/?token=…).\n", context.RequestAborted);
    }

    private bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
