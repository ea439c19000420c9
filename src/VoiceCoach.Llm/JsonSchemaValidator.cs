using System.Globalization;
using System.Text.Json;

namespace VoiceCoach.Llm;

/// <summary>
/// Checks a model's JSON reply against the prompt's output schema. Supports the subset of JSON
/// Schema that structured-output servers accept and grading replies need: type (one or a list,
/// "null" included), properties, required, additionalProperties (true/false), items, enum,
/// minItems/maxItems, minLength/maxLength, minimum/maximum; description and title are ignored.
/// Any other keyword is refused when the prompt is loaded, so nothing in a schema goes unchecked.
/// </summary>
public static class JsonSchemaValidator
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "enum",
        "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum", "description", "title", "$schema",
    };

    /// <summary>Throws <see cref="NotSupportedException"/> naming a keyword this validator would not enforce.</summary>
    public static void CheckSupported(JsonElement schema, string path = "$")
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new NotSupportedException($"{path}: a schema must be a JSON object");
        }

        foreach (var p in schema.EnumerateObject())
        {
            if (!Keywords.Contains(p.Name))
            {
                throw new NotSupportedException($"{path}: \"{p.Name}\" is not supported; use {string.Join(", ", Keywords.Where(k => k != "$schema"))}");
            }
        }

        if (schema.TryGetProperty("properties", out var props))
        {
            foreach (var p in props.EnumerateObject())
            {
                CheckSupported(p.Value, $"{path}.{p.Name}");
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            CheckSupported(items, path + "[]");
        }
    }

    /// <summary>Validates <paramref name="value"/>; returns null when it matches, else the first problem ("$.tip: expected string, got number").</summary>
    public static string? Validate(JsonElement schema, JsonElement value, string path = "$")
    {
        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!allowed.Any(t => Matches(t, value)))
            {
                return $"{path}: expected {string.Join(" or ", allowed)}, got {Describe(value)}";
            }
        }

        if (schema.TryGetProperty("enum", out var en) && !en.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
        {
            return $"{path}: {Short(value)} is not one of {string.Join(", ", en.EnumerateArray().Select(e => e.GetRawText()))}";
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (schema.TryGetProperty("required", out var req))
                {
                    foreach (var r in req.EnumerateArray())
                    {
                        if (!value.TryGetProperty(r.GetString()!, out _))
                        {
                            return $"{path}: \"{r.GetString()}\" is missing";
                        }
                    }
                }

                var props = schema.TryGetProperty("properties", out var p) ? p : default;
                foreach (var member in value.EnumerateObject())
                {
                    if (props.ValueKind == JsonValueKind.Object && props.TryGetProperty(member.Name, out var sub))
                    {
                        var error = Validate(sub, member.Value, $"{path}.{member.Name}");
                        if (error is not null)
                        {
                            return error;
                        }
                    }
                    else if (schema.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.False)
                    {
                        return $"{path}: \"{member.Name}\" is not allowed";
                    }
                }

                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
                {
                    return Inv($"{path}: {count} items, at least {minItems.GetInt32()} expected");
                }

                if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
                {
                    return Inv($"{path}: {count} items, at most {maxItems.GetInt32()} allowed");
                }

                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        var error = Validate(items, item, Inv($"{path}[{i++}]"));
                        if (error is not null)
                        {
                            return error;
                        }
                    }
                }

                break;
            case JsonValueKind.String:
                var length = value.GetString()!.Length;
                if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
                {
                    return Inv($"{path}: {length} characters, at least {minLength.GetInt32()} expected");
                }

                if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
                {
                    return Inv($"{path}: {length} characters, at most {maxLength.GetInt32()} allowed");
                }

                break;
            case JsonValueKind.Number:
                var n = value.GetDouble();
                if (schema.TryGetProperty("minimum", out var min) && n < min.GetDouble())
                {
                    return Inv($"{path}: {n} is below the minimum {min.GetDouble()}");
                }

                if (schema.TryGetProperty("maximum", out var max) && n > max.GetDouble())
                {
                    return Inv($"{path}: {n} is above the maximum {max.GetDouble()}");
                }

                break;
        }

        return null;
    }

    private static bool Matches(string type, JsonElement v) => type switch
    {
        "object" => v.ValueKind == JsonValueKind.Object,
        "array" => v.ValueKind == JsonValueKind.Array,
        "string" => v.ValueKind == JsonValueKind.String,
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => v.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Short(JsonElement v)
    {
        var raw = v.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
