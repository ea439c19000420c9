using System.Text.Json;

namespace VoiceCoach.Core.Sessions;

/// <summary>Typed field access that names the file and field when a value has the wrong type.</summary>
internal sealed class SessionJsonFields(string file)
{
    public SessionFileException Missing(string field) => new(file, $"{field} is missing; this session.json is incomplete (grade the answers again with `voicecoach regrade`)");

    public string? Text(JsonElement e, string property) =>
        !e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new SessionFileException(file, $"{property}: expected text, found {v.ValueKind.ToString().ToLowerInvariant()}");

    public double? Number(JsonElement e, string property) =>
        !e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw new SessionFileException(file, $"{property}: expected a number, found {v.ValueKind.ToString().ToLowerInvariant()}");

    public bool Bool(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.True;

    public IReadOnlyList<string> Texts(JsonElement e, string property) =>
        !e.TryGetProperty(property, out var v) || v.ValueKind != JsonValueKind.Array ? []
        : v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? string.Empty
            : throw new SessionFileException(file, $"{property}: expected a list of texts")).ToList();

    /// <summary>The numbers of an object property by name ("criteria", "timings"); entries that are not numbers are skipped.</summary>
    public static Dictionary<string, double> NumberMap(JsonElement e, string property)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        if (e.TryGetProperty(property, out var o) && o.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in o.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                map[p.Name] = p.Value.GetDouble();
            }
        }

        return map;
    }
}
