using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace VoiceCoach.Web.Pages;

/// <summary>
/// The pages' HTML, scripts and styles, embedded in this assembly (wwwroot/): served by name from a fixed list, so no
/// request path reaches the file system. No build step: plain HTML and JavaScript modules.
/// </summary>
internal static class StaticAssets
{
    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>Writes an embedded file, or 404.</summary>
    public static async Task ServeAsync(HttpContext context, string name)
    {
        if (!Files.TryGetValue(name, out var bytes))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = Types[Path.GetExtension(name)];
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>An embedded file's text (for pages that wrap it).</summary>
    public static string Text(string name) => System.Text.Encoding.UTF8.GetString(Files[name]);

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            var name = resource["wwwroot/".Length..];
            if (!Types.ContainsKey(Path.GetExtension(name)))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
