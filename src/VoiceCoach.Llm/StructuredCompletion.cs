using System.Text.Json;

namespace VoiceCoach.Llm;

/// <summary>
/// Asks for a reply that must be JSON matching the prompt's output schema. A reply that is not JSON,
/// misses the schema or fails <c>check</c> gets exactly one repair attempt (the model is shown its reply
/// and the problem); a second bad reply is an <see cref="LlmException"/>, and the caller falls back.
/// </summary>
internal static class StructuredCompletion
{
    private const int EchoChars = 2000;

    public static async Task<(JsonElement Json, LlmChatReply Reply, int Attempts)> CompleteAsync(
        ILlmChatClient client, PromptTemplateFile prompt, IReadOnlyList<LlmMessage> messages, Func<JsonElement, string?> check, CancellationToken cancellationToken)
    {
        var settings = prompt.SettingsFor(client.Model);
        using var schema = JsonDocument.Parse(prompt.OutputSchema);
        var conversation = messages.ToList();
        string? problem = null;
        var latency = TimeSpan.Zero;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var request = new LlmChatRequest(conversation, settings.Temperature, settings.MaxTokens, settings.ResponseFormat, prompt.Name, prompt.OutputSchema);
            var reply = await client.CompleteAsync(request, cancellationToken);
            latency += reply.Latency;
            problem = Problem(reply.Content, schema.RootElement, check, out var json);
            if (problem is null)
            {
                return (json, reply with { Latency = latency }, attempt);
            }

            var echo = reply.Content.Length > EchoChars ? reply.Content[..EchoChars] + "…" : reply.Content;
            conversation.Add(new LlmMessage(LlmMessage.Assistant, echo));
            conversation.Add(new LlmMessage(LlmMessage.User,
                $"That reply cannot be used: {problem}. Reply again with only one JSON object, no prose and no code fences, matching this JSON schema:\n{prompt.OutputSchema}"));
        }

        throw new LlmException($"the model's reply did not match the prompt's JSON schema twice ({problem})");
    }

    private static string? Problem(string content, JsonElement schema, Func<JsonElement, string?> check, out JsonElement json)
    {
        json = default;
        var text = StripFences(content);
        try
        {
            using var doc = JsonDocument.Parse(text);
            json = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return $"not valid JSON ({ex.Message.Split(". ", 2)[0]})";
        }

        return JsonSchemaValidator.Validate(schema, json) ?? check(json);
    }

    /// <summary>Models often wrap JSON in ```json fences even when asked not to; that is not worth a repair.</summary>
    private static string StripFences(string s)
    {
        var t = s.Trim();
        if (t.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = t.IndexOf('\n', StringComparison.Ordinal);
            var end = t.LastIndexOf("```", StringComparison.Ordinal);
            if (firstLine > 0 && end > firstLine)
            {
                return t[(firstLine + 1)..end].Trim();
            }
        }

        return t;
    }
}
