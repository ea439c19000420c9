using VoiceCoach.Speech.Whisper;

namespace VoiceCoach.Speech.Http;

/// <summary>Settings of <see cref="HttpTranscriber"/>; the defaults suit a local whisper server and OpenAI alike.</summary>
public sealed record HttpTranscriberOptions
{
    /// <summary>The environment variable read first for the API key.</summary>
    public const string ApiKeyVariable = "VOICECOACH_TRANSCRIBE_API_KEY";

    /// <summary>The environment variable read when <see cref="ApiKeyVariable"/> is unset.</summary>
    public const string OpenAiKeyVariable = "OPENAI_API_KEY";

    /// <summary>The `model` form field. Default "whisper-1" (OpenAI's name; whisper.cpp's server ignores it).</summary>
    public string Model { get; init; } = "whisper-1";

    /// <summary>The `language` form field; null or empty to let the server detect it. Default "en".</summary>
    public string? Language { get; init; } = "en";

    /// <summary>The `prompt` form field; Whisper keeps "um"/"uh" only when its context shows them. Default <see cref="WhisperTranscriberOptions.FillerPrompt"/>.</summary>
    public string? Prompt { get; init; } = WhisperTranscriberOptions.FillerPrompt;

    /// <summary>
    /// Bearer token; null reads $VOICECOACH_TRANSCRIBE_API_KEY, then $OPENAI_API_KEY; empty sends none.
    /// Never logged.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>Retries after a network error, a timeout, HTTP 408, 429 or 5xx. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First retry delay, doubled each time with jitter; a Retry-After header wins. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Limit for one request, upload to last byte of the answer. Default 120 s (a CPU server on a 2-minute answer).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Limit for all attempts and waits together. Default 300 s.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The key to send: <see cref="ApiKey"/>, else the environment; null for none.</summary>
    internal string? ResolveApiKey()
    {
        if (ApiKey is not null)
        {
            return ApiKey.Length > 0 ? ApiKey : null;
        }

        var key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            key = Environment.GetEnvironmentVariable(OpenAiKeyVariable);
        }

        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }
}
