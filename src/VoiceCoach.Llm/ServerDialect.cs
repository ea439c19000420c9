using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace VoiceCoach.Llm;

/// <summary>
/// What differs between OpenAI and the servers that copy its protocol. The OpenAI package sends the
/// reply cap as max_completion_tokens, which OpenAI (and Azure OpenAI) want but Ollama, LM Studio and
/// llama.cpp's server ignore (they read max_tokens): for any other host the cap goes into the body as
/// max_tokens through SK's ExtraBody, so the prompt's max_tokens is honoured everywhere.
/// </summary>
internal static class ServerDialect
{
    public static bool IsOpenAi(Uri endpoint) =>
        endpoint.Host.EndsWith("openai.com", StringComparison.OrdinalIgnoreCase) || endpoint.Host.EndsWith("openai.azure.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>The settings to send to <paramref name="endpoint"/> (a copy the caller may change).</summary>
    public static OpenAIPromptExecutionSettings Adapt(OpenAIPromptExecutionSettings settings, Uri endpoint)
    {
        if (IsOpenAi(endpoint) || settings.MaxTokens is not { } max)
        {
            return settings;
        }

        // ExtraBody is SK's documented way to send fields the connector does not model; marked experimental in 1.82.
#pragma warning disable SKEXP0010
        var extra = settings.ExtraBody is { } body ? new Dictionary<string, object?>(body, StringComparer.Ordinal) : new Dictionary<string, object?>(StringComparer.Ordinal);
        extra["max_tokens"] = max;
        settings.MaxTokens = null;
        settings.ExtraBody = extra;
#pragma warning restore SKEXP0010
        return settings;
    }
}
