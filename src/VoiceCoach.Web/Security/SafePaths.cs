using System.Text.RegularExpressions;

namespace VoiceCoach.Web.Security;

/// <summary>
/// Turns a path from a request into a file under one root, or refuses it: no request path reaches outside the sessions
/// and prompts folders. A path is refused when, after the URL decoding the server did and one more (a doubly encoded
/// <c>%252e%252e</c>), it holds a <c>..</c> or <c>.</c> segment, a backslash, a colon, a control character, starts at a
/// root, names a hidden file, or resolves outside the root.
/// </summary>
internal static partial class SafePaths
{
    /// <summary>The full path of <paramref name="relative"/> under <paramref name="root"/>, or null when it is refused.</summary>
    public static string? Resolve(string root, string? relative)
    {
        if (string.IsNullOrWhiteSpace(relative) || relative.Length > 400)
        {
            return null;
        }

        var decoded = Uri.UnescapeDataString(relative);
        if (decoded.Contains('%', StringComparison.Ordinal) || decoded.Contains('\\', StringComparison.Ordinal) || decoded.Contains(':', StringComparison.Ordinal)
            || decoded.Any(char.IsControl) || decoded.StartsWith('/') || Path.IsPathRooted(decoded))
        {
            return null;
        }

        var segments = decoded.Split('/');
        if (segments.Any(s => s.Length == 0 || s.StartsWith('.')))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, Path.Combine(segments)));
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return full.StartsWith(rootFull, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>The session folder for an id (a folder name under the sessions folder), or null when it is refused or absent.</summary>
    public static string? SessionFolder(string sessionsRoot, string? id)
    {
        if (id is null || !SessionId().IsMatch(id))
        {
            return null;
        }

        var dir = Resolve(sessionsRoot, id);
        return dir is not null && Directory.Exists(dir) ? dir : null;
    }

    /// <summary>A session id as practice and grade make them (2026-11-22-1930-00), or a folder name of letters, digits, '-', '_' and '.'.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionId();
}
