using System.Globalization;
using System.Text.Json;

namespace VoiceCoach.Core.Sessions;

/// <summary>
/// What every reader of session.json checks before trusting it: a schema version it knows, valid JSON (named by
/// line and column), and grades that are letters of the rubric. A file from a newer VoiceCoach, or one edited by
/// hand into a grade the rubric does not have ("Z+"), is refused with one line instead of being read wrongly.
/// </summary>
public static class SessionSchema
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int Version = SessionJsonWriter.SchemaVersion;

    /// <summary>Parses a session.json; invalid JSON is named by line and column.</summary>
    /// <exception cref="SessionFileException">Not JSON, or a schema version this build cannot read.</exception>
    public static JsonDocument Parse(Stream stream, string file, string fix)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new SessionFileException(file, string.Create(CultureInfo.InvariantCulture,
                $"not valid JSON at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}; {fix}"), ex);
        }

        try
        {
            CheckVersion(doc.RootElement, file);
        }
        catch
        {
            doc.Dispose();
            throw;
        }

        return doc;
    }

    /// <summary>
    /// Refuses a schema version this build does not read. A file without the field predates it and is version 1.
    /// </summary>
    /// <exception cref="SessionFileException">The version is not a positive whole number, or is newer than <see cref="Version"/>.</exception>
    public static void CheckVersion(JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n < 1)
        {
            throw new SessionFileException(file, string.Create(CultureInfo.InvariantCulture,
                $"schema {v.GetRawText()} is not a session.json schema version (this VoiceCoach reads {Version}); the file is damaged: grade the answers again with `voicecoach grade`"));
        }

        if (n > Version)
        {
            throw new SessionFileException(file, string.Create(CultureInfo.InvariantCulture,
                $"schema {n} is newer than this VoiceCoach reads (schema {Version}); update VoiceCoach (bash scripts/install.sh), or grade the answers again with this version"));
        }
    }

    /// <summary>Refuses a grade that is not one of <paramref name="letters"/> (the rubric's); null letters skip the check.</summary>
    /// <exception cref="SessionFileException">The grade is not one of the letters.</exception>
    public static void CheckGrade(string? grade, string field, string file, IReadOnlyCollection<string>? letters)
    {
        if (grade is null || letters is null || letters.Contains(grade, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        throw new SessionFileException(file, $"{field}: '{grade}' is not a grade of the rubric ({string.Join(", ", letters)}); the file was edited or is damaged: grade it again with `voicecoach regrade`");
    }
}
