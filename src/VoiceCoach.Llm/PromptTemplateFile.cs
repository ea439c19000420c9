using System.Text.Json;
using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Llm;

/// <summary>One declared input of a prompt template (Semantic Kernel's input_variables entry).</summary>
/// <param name="Name">The variable as used in the template ({{name}}).</param>
/// <param name="Description">What it holds, for the coach.</param>
/// <param name="IsRequired">True when rendering without it is an error.</param>
/// <param name="Default">Used when VoiceCoach does not provide the variable; lets a coach add constants.</param>
/// <param name="Line">Line in the file, for messages.</param>
public sealed record PromptInputVariable(string Name, string Description, bool IsRequired, string? Default, long Line);

/// <summary>Execution settings for one service (Semantic Kernel's execution_settings entry).</summary>
/// <param name="ServiceId">The key: "default" or a service/model name.</param>
/// <param name="ModelId">model_id, when the entry names one.</param>
/// <param name="Temperature">Sampling temperature (0–2); null for the server's default.</param>
/// <param name="MaxTokens">Cap on the reply's tokens; null for the server's default.</param>
/// <param name="ResponseFormat">json_schema (the reply must match output_variable) or json_object.</param>
public sealed record PromptExecutionSettings(string ServiceId, string? ModelId, double? Temperature, int? MaxTokens, LlmResponseFormat ResponseFormat);

/// <summary>
/// A prompt file in Semantic Kernel's YAML prompt schema (prompts/grading/*.yaml): name, description,
/// a Handlebars template (chat messages as &lt;message role="…"&gt; blocks), input_variables,
/// output_variable with a JSON schema for the reply, and execution_settings per service.
/// Loading validates everything a coach can break and names the file, line and field. Immutable.
/// </summary>
public sealed record PromptTemplateFile
{
    public required string File { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = string.Empty;

    public required string Template { get; init; }

    /// <summary>Line of the template's first text line in the file.</summary>
    public required long TemplateLine { get; init; }

    public required IReadOnlyList<PromptInputVariable> InputVariables { get; init; }

    public string OutputDescription { get; init; } = string.Empty;

    /// <summary>The reply's JSON schema, as JSON text.</summary>
    public required string OutputSchema { get; init; }

    public required long OutputSchemaLine { get; init; }

    public required IReadOnlyList<PromptExecutionSettings> ExecutionSettings { get; init; }

    /// <summary>The settings for a model: the entry keyed or model_id'd by it, else "default", else the first.</summary>
    public PromptExecutionSettings SettingsFor(string model) =>
        ExecutionSettings.FirstOrDefault(s => string.Equals(s.ServiceId, model, StringComparison.OrdinalIgnoreCase) || string.Equals(s.ModelId, model, StringComparison.OrdinalIgnoreCase))
        ?? ExecutionSettings.FirstOrDefault(s => s.ServiceId == "default")
        ?? ExecutionSettings[0];

    /// <summary>Parses and validates a prompt file.</summary>
    /// <exception cref="Core.Prompts.PromptFileException">Broken YAML, a missing or malformed field, an invalid schema.</exception>
    public static PromptTemplateFile Load(TextReader reader, string file)
    {
        var root = YamlNode.Parse(reader, file);
        var name = root["name"].RequiredString().Trim();
        var format = root["template_format"].StringOr("handlebars").Trim();
        if (!string.Equals(format, "handlebars", StringComparison.OrdinalIgnoreCase))
        {
            throw root["template_format"].Error($"'{format}' is not supported; VoiceCoach renders template_format: handlebars");
        }

        var templateNode = root["template"];
        var template = templateNode.RequiredString();
        var inputs = new List<PromptInputVariable>();
        foreach (var n in root["input_variables"].Items())
        {
            var varName = n["name"].RequiredString().Trim();
            if (!IsIdentifier(varName))
            {
                throw n["name"].Error($"'{varName}' is not a valid variable name (letters, digits and _)");
            }

            if (inputs.Any(i => i.Name == varName))
            {
                throw n["name"].Error($"'{varName}' is declared twice");
            }

            inputs.Add(new PromptInputVariable(varName, n["description"].StringOr(string.Empty), n["is_required"].BoolOr(true), n["default"].OptionalString(), n.Line));
        }

        if (inputs.Count == 0)
        {
            throw root["input_variables"].Error("is missing; declare every {{variable}} the template uses (name, description, is_required)");
        }

        var output = root["output_variable"];
        var schemaNode = output["json_schema"];
        var schema = schemaNode.RequiredString();
        var schemaLine = schemaNode.IsBlockScalar ? schemaNode.Line + 1 : schemaNode.Line;
        try
        {
            using var doc = JsonDocument.Parse(schema);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("type", out var t) || t.GetString() != "object")
            {
                throw schemaNode.Error("must be a JSON schema with \"type\": \"object\" (the reply is one JSON object)");
            }

            JsonSchemaValidator.CheckSupported(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new PromptFileException(file, schemaLine + (ex.LineNumber ?? 0), schemaNode.Path, $"not valid JSON: {ex.Message.Split(". ", 2)[0]}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw schemaNode.Error(ex.Message);
        }

        var settings = new List<PromptExecutionSettings>();
        foreach (var (service, n) in root["execution_settings"].Entries())
        {
            var temperature = n["temperature"].Exists ? n["temperature"].RequiredDouble() : (double?)null;
            if (temperature is < 0 or > 2)
            {
                throw n["temperature"].Error("must be between 0 and 2");
            }

            var maxTokens = n["max_tokens"].Exists ? n["max_tokens"].RequiredInt() : (int?)null;
            if (maxTokens is < 16 or > 100_000)
            {
                throw n["max_tokens"].Error("must be between 16 and 100000");
            }

            var responseFormat = n["response_format"].Exists ? n["response_format"].OneOf(["json_schema", "json_object", "text"]) : "json_schema";
            if (responseFormat == "text")
            {
                throw n["response_format"].Error("text cannot be checked against output_variable.json_schema; use json_schema (or json_object for servers without schema support)");
            }

            settings.Add(new PromptExecutionSettings(
                service,
                n["model_id"].OptionalString(),
                temperature,
                maxTokens,
                responseFormat == "json_object" ? LlmResponseFormat.JsonObject : LlmResponseFormat.JsonSchema));
        }

        if (settings.Count == 0)
        {
            settings.Add(new PromptExecutionSettings("default", null, 0.2, 1000, LlmResponseFormat.JsonSchema));
        }

        return new PromptTemplateFile
        {
            File = file,
            Name = name,
            Description = root["description"].StringOr(string.Empty),
            Template = template,
            TemplateLine = templateNode.IsBlockScalar ? templateNode.Line + 1 : templateNode.Line,
            InputVariables = inputs,
            OutputDescription = output["description"].StringOr(string.Empty),
            OutputSchema = schema,
            OutputSchemaLine = schemaLine,
            ExecutionSettings = settings,
        };
    }

    /// <summary>Reads a prompt file from disk, naming it <paramref name="displayName"/> in messages.</summary>
    public static PromptTemplateFile Load(string path, string displayName)
    {
        using var reader = new StreamReader(path);
        return Load(reader, displayName);
    }

    /// <summary>The file line of the first template line mentioning <paramref name="text"/>, or the template's first line.</summary>
    public long LineOf(string text)
    {
        var lines = Template.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(text, StringComparison.Ordinal))
            {
                return TemplateLine + i;
            }
        }

        return TemplateLine;
    }

    /// <summary>Checks that the reply schema requires the fields VoiceCoach reads.</summary>
    /// <exception cref="Core.Prompts.PromptFileException">A field is not declared as a required property.</exception>
    public void RequireOutputFields(params string[] fields)
    {
        using var doc = JsonDocument.Parse(OutputSchema);
        var required = doc.RootElement.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        var props = doc.RootElement.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        foreach (var field in fields)
        {
            if (!required.Contains(field) || props.ValueKind != JsonValueKind.Object || !props.TryGetProperty(field, out _))
            {
                throw new PromptFileException(File, OutputSchemaLine, "output_variable.json_schema", $"must declare \"{field}\" under properties and required; VoiceCoach reads it from the reply");
            }
        }
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');
}
