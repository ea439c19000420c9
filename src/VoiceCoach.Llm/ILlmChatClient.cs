namespace VoiceCoach.Llm;

/// <summary>A chat message: system, user or assistant.</summary>
public sealed record LlmMessage(string Role, string Content)
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
}

/// <summary>How the reply must be formatted: text, any JSON object, or JSON matching a schema.</summary>
public enum LlmResponseFormat
{
    Text,
    JsonObject,
    JsonSchema,
}

/// <summary>One chat-completion request.</summary>
/// <param name="Messages">The conversation, in order.</param>
/// <param name="Temperature">Sampling temperature; null for the server's default.</param>
/// <param name="MaxTokens">Cap on the reply's tokens; null for the server's default.</param>
/// <param name="Format">The reply format asked for.</param>
/// <param name="SchemaName">The schema's name (for <see cref="LlmResponseFormat.JsonSchema"/>).</param>
/// <param name="Schema">The JSON schema text (for <see cref="LlmResponseFormat.JsonSchema"/>).</param>
public sealed record LlmChatRequest(
    IReadOnlyList<LlmMessage> Messages,
    double? Temperature,
    int? MaxTokens,
    LlmResponseFormat Format,
    string? SchemaName = null,
    string? Schema = null);

/// <summary>The model's reply: its text, the model that answered and how long the call took.</summary>
public sealed record LlmChatReply(string Content, string Model, TimeSpan Latency);

/// <summary>
/// The port to a chat model. Implementations own retries, timeouts and circuit breaking: a call
/// either returns the reply or throws <see cref="LlmException"/> saying why the model is unavailable.
/// </summary>
public interface ILlmChatClient
{
    /// <summary>The model name, for reports.</summary>
    string Model { get; }

    /// <exception cref="LlmException">The server could not be reached or kept failing.</exception>
    Task<LlmChatReply> CompleteAsync(LlmChatRequest request, CancellationToken cancellationToken);
}
