using System.Text.Json;

namespace VoiceCoach.Core.Sessions;

/// <summary>Small helpers for the hand-written JSON contracts (session.json, CLI --json output).</summary>
public static class JsonWriterExtensions
{
    /// <summary>Writes <c>"name": ["a", "b"]</c>.</summary>
    public static void WriteStringArray(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }
}
