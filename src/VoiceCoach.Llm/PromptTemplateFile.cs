using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Llm;

/// <summary>
/// A prompt file in Semantic Kernel's YAML prompt schema (prompts/grading/*.yaml), read into SK's
/// <see cref="PromptTemplateConfig"/> by a small reader over YamlDotNet (SK's own YAML package is not
/// served here): name, description, a Handlebars template (chat messages as &lt;message role="…"&gt;
/// blocks), input_variables, output_variable with the reply's JSON schema, and execution_settings per
/// service or model (<see cref="OpenAIPromptExecutionSettings"/>; response_format json_schema becomes
/// structured output from output_variable.json_schema). Loading validates everything a coach can break
/// and names the file, line and field; the lines are kept so that errors found later, while rendering,
/// name them too (<see cref="Error(PromptTemplateException)"/>). Treat <see cref="Config"/> as read-only:
/// functions are made from copies (<see cref="ConfigWith"/>).
/// </summary>
public sealed record PromptTemplateFile
{
    /// <summary>The key of the settings used for any model without settings of its own.</summary>
    public static readonly string DefaultService = PromptExecutionSettings.DefaultServiceId;

    private const string InputVariablesField = "input_variables.";
    private const string TemplateVariableField = "template: {{";
    private static readonly string[] ResponseFormats = ["json_schema", "json_object", "text"];

    /// <summary>The file as named in messages, e.g. prompts/grading/answer-feedback.yaml.</summary>
    public required string File { get; init; }

    /// <summary>The prompt as Semantic Kernel reads it.</summary>
    public required PromptTemplateConfig Config { get; init; }

    /// <summary>Line of the template's first text line in the file.</summary>
    public required long TemplateLine { get; init; }

    /// <summary>Line of the output schema's first line in the file.</summary>
    public required long OutputSchemaLine { get; init; }

    /// <summary>Where each input variable's name is declared: line and column.</summary>
    public required IReadOnlyDictionary<string, (long Line, long Column)> VariablePositions { get; init; }

    /// <summary>The file's lines as written (to find an error's column in the template).</summary>
    public required IReadOnlyList<string> FileLines { get; init; }

    public string Name => Config.Name!;

    /// <summary>The reply's JSON schema, as JSON text.</summary>
    public string OutputSchema => Config.OutputVariable!.JsonSchema!;

    public IReadOnlyList<InputVariable> InputVariables => Config.InputVariables;

    /// <summary>Parses and validates a prompt file.</summary>
    /// <exception cref="PromptFileException">Broken YAML, a missing or malformed field, an invalid schema.</exception>
    public static PromptTemplateFile Load(TextReader reader, string file)
    {
        var text = reader.ReadToEnd();
        var root = YamlNode.Parse(new StringReader(text), file);
        var name = root["name"].RequiredString().Trim();
        var format = root["template_format"].StringOr(HandlebarsPromptTemplateFactory.Format).Trim();
        if (!string.Equals(format, HandlebarsPromptTemplateFactory.Format, StringComparison.OrdinalIgnoreCase))
        {
            throw root["template_format"].Error($"'{format}' is not supported; VoiceCoach renders template_format: handlebars");
        }

        var templateNode = root["template"];
        var config = new PromptTemplateConfig(templateNode.RequiredString())
        {
            Name = name,
            Description = root["description"].StringOr(string.Empty),
            TemplateFormat = HandlebarsPromptTemplateFactory.Format,
        };

        var positions = ReadInputs(root, config);
        var (schema, schemaLine) = ReadOutput(root, config);
        ReadSettings(root, config, name, schema);
        return new PromptTemplateFile
        {
            File = file,
            Config = config,
            TemplateLine = templateNode.IsBlockScalar ? templateNode.Line + 1 : templateNode.Line,
            OutputSchemaLine = schemaLine,
            VariablePositions = positions,
            FileLines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray(),
        };
    }

    /// <summary>Reads a prompt file from disk, naming it <paramref name="displayName"/> in messages.</summary>
    public static PromptTemplateFile Load(string path, string displayName)
    {
        using var reader = new StreamReader(path);
        return Load(reader, displayName);
    }

    /// <summary>
    /// The settings a model gets, as SK's service selector picks them for a service registered under
    /// the model's name: the entry keyed or model_id'd by the model, else the default one.
    /// </summary>
    public OpenAIPromptExecutionSettings SettingsFor(string model) =>
        (OpenAIPromptExecutionSettings)(Config.ExecutionSettings.FirstOrDefault(s => string.Equals(s.Key, model, StringComparison.OrdinalIgnoreCase)).Value
            ?? Config.ExecutionSettings.Values.FirstOrDefault(s => string.Equals(s.ModelId, model, StringComparison.OrdinalIgnoreCase))
            ?? Config.ExecutionSettings[DefaultService]);

    /// <summary>A copy of <see cref="Config"/> whose execution settings went through <paramref name="adapt"/>.</summary>
    public PromptTemplateConfig ConfigWith(Func<OpenAIPromptExecutionSettings, OpenAIPromptExecutionSettings> adapt)
    {
        var copy = new PromptTemplateConfig(Config.Template)
        {
            Name = Config.Name,
            Description = Config.Description,
            TemplateFormat = Config.TemplateFormat,
            InputVariables = Config.InputVariables.ToList(),
            OutputVariable = Config.OutputVariable,
        };
        foreach (var (service, settings) in Config.ExecutionSettings)
        {
            copy.ExecutionSettings[service] = adapt((OpenAIPromptExecutionSettings)((OpenAIPromptExecutionSettings)settings).Clone());
        }

        return copy;
    }

    /// <summary>
    /// The file line and column of the first template line mentioning <paramref name="text"/>, or the template's first
    /// line (column 0, unknown) when no line does.
    /// </summary>
    private (long Line, long Column) PositionOf(string text) =>
        text.Length == 0 ? (TemplateLine, 0) : Find(line => line.IndexOf(text, StringComparison.Ordinal));

    /// <summary>Where the template first uses <paramref name="variable"/> inside a {{…}}: line and column of the name.</summary>
    private (long Line, long Column) UseOf(string variable)
    {
        var use = new Regex(@"\{\{[^}]*?(?<![\w.@])(" + Regex.Escape(variable) + @")(?![\w])", RegexOptions.CultureInvariant);
        return Find(line => use.Match(line) is { Success: true } m ? m.Groups[1].Index : -1);
    }

    /// <summary>A rendering problem as an error naming this file, the line, the column and the variable.</summary>
    public PromptFileException Error(PromptTemplateException ex)
    {
        var (line, column) = ex.Field.StartsWith(InputVariablesField, StringComparison.Ordinal) && VariablePositions.TryGetValue(ex.Field[InputVariablesField.Length..], out var declared)
            ? declared
            : ex.Field.StartsWith(TemplateVariableField, StringComparison.Ordinal) ? UseOf(ex.Anchor) : PositionOf(ex.Anchor);
        return new PromptFileException(File, line, column, ex.Field, ex.Problem, ex);
    }

    /// <summary>Checks that the reply schema requires the fields VoiceCoach reads.</summary>
    /// <exception cref="PromptFileException">A field is not declared as a required property.</exception>
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

    /// <summary>"default: temperature 0.2, max_tokens 900, json_schema", for `prompts check`.</summary>
    public static string Describe(string service, OpenAIPromptExecutionSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"{service}: temperature {s.Temperature?.ToString(CultureInfo.InvariantCulture) ?? "server"}, max_tokens {s.MaxTokens?.ToString(CultureInfo.InvariantCulture) ?? "server"}, {(s.ResponseFormat is string f ? f : "json_schema")}");

    /// <summary>
    /// The first template line where <paramref name="indexIn"/> finds something, as a file line and 1-based column. The
    /// file's own lines are searched (the template as YAML read it has lost its indentation); when the file's line no
    /// longer holds it (a quoted scalar's escapes) the template's line is searched and the column is left unknown.
    /// </summary>
    private (long Line, long Column) Find(Func<string, int> indexIn)
    {
        var templateLines = Config.Template.Split('\n');
        for (var i = 0; i < templateLines.Length; i++)
        {
            if (indexIn(templateLines[i]) < 0)
            {
                continue;
            }

            var line = TemplateLine + i;
            var at = line - 1 < FileLines.Count ? indexIn(FileLines[(int)(line - 1)]) : -1;
            return (line, at >= 0 ? at + 1 : 0);
        }

        return (TemplateLine, 0);
    }

    private static Dictionary<string, (long Line, long Column)> ReadInputs(YamlNode root, PromptTemplateConfig config)
    {
        var positions = new Dictionary<string, (long Line, long Column)>(StringComparer.Ordinal);
        foreach (var n in root["input_variables"].Items())
        {
            var varName = n["name"].RequiredString().Trim();
            if (!IsIdentifier(varName))
            {
                throw n["name"].Error($"'{varName}' is not a valid variable name (letters, digits and _)");
            }

            if (!positions.TryAdd(varName, (n["name"].Line, n["name"].Column)))
            {
                throw n["name"].Error($"'{varName}' is declared twice");
            }

            config.InputVariables.Add(new InputVariable
            {
                Name = varName,
                Description = n["description"].StringOr(string.Empty),
                IsRequired = n["is_required"].BoolOr(true),
                Default = n["default"].OptionalString(),
            });
        }

        return positions.Count > 0
            ? positions
            : throw root["input_variables"].Error("is missing; declare every {{variable}} the template uses (name, description, is_required)");
    }

    private static (string Schema, long Line) ReadOutput(YamlNode root, PromptTemplateConfig config)
    {
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
            throw new PromptFileException(root.File, schemaLine + (ex.LineNumber ?? 0), schemaNode.Path, $"not valid JSON: {ex.Message.Split(". ", 2)[0]}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw schemaNode.Error(ex.Message);
        }

        config.OutputVariable = new OutputVariable { Description = output["description"].StringOr(string.Empty), JsonSchema = schema };
        return (schema, schemaLine);
    }

    private static void ReadSettings(YamlNode root, PromptTemplateConfig config, string name, string schema)
    {
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

            var responseFormat = n["response_format"].Exists ? n["response_format"].OneOf(ResponseFormats) : "json_schema";
            if (responseFormat == "text")
            {
                throw n["response_format"].Error("text cannot be checked against output_variable.json_schema; use json_schema (or json_object for servers without schema support)");
            }

            config.ExecutionSettings[service] = new OpenAIPromptExecutionSettings
            {
                ServiceId = service,
                ModelId = n["model_id"].OptionalString(),
                Temperature = temperature,
                MaxTokens = maxTokens,
                ResponseFormat = responseFormat == "json_object" ? "json_object" : StructuredOutput(name, schema),
            };
        }

        if (config.ExecutionSettings.Count == 0)
        {
            config.ExecutionSettings[DefaultService] = new OpenAIPromptExecutionSettings { Temperature = 0.2, MaxTokens = 1000, ResponseFormat = StructuredOutput(name, schema) };
        }

        // VoiceCoach's rule since the first version: a model without settings of its own takes
        // "default", else the first entry. SK's selector knows only "default", so the first entry
        // stands in for it when the file has none.
        config.ExecutionSettings.TryAdd(DefaultService, config.ExecutionSettings.Values.First());
    }

    /// <summary>The response_format SK's OpenAI connector turns into structured output (json_schema with the prompt's name).</summary>
    private static JsonElement StructuredOutput(string name, string schema)
    {
        using var doc = JsonDocument.Parse(schema);
        var format = new Dictionary<string, object>
        {
            ["type"] = "json_schema",
            ["json_schema"] = new Dictionary<string, object> { ["name"] = name, ["schema"] = doc.RootElement.Clone() },
        };
        return JsonSerializer.SerializeToElement(format);
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');
}
