using System.Globalization;

namespace VoiceCoach.Llm;

/// <summary>
/// Where the LLM reviewer is and how patiently to call it. Defaults suit a local model server
/// (Ollama, LM Studio, llama.cpp) on the same machine; <see cref="Validate"/> rejects nonsense with a
/// message naming the setting. Nothing goes over the network unless an <see cref="Endpoint"/> is set.
/// </summary>
public sealed record LlmOptions
{
    /// <summary>The OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (required).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The model name sent with every request. Default "llama3.2" (Ollama's name).</summary>
    public string Model { get; init; } = "llama3.2";

    /// <summary>The API key, when the server needs one (OpenAI, Azure); never logged. Default none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How long one HTTP attempt may take. Default 60 s (a local 8B model writes ~400 tokens in that time on a CPU).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one answer's call may take, retries and waits included. Default 150 s.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>Retries after the first attempt on network errors, timeouts, 408, 429 and 5xx. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First back-off delay; doubled per retry, with jitter. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After the client honours; longer waits are capped to this. Default 30 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Attempts before the circuit may open: once at least this many were made (in the last two total
    /// timeouts) and half of them failed, later answers skip the LLM at once. A 429 (rate limited) is not
    /// a failure here: the server is alive and says when to come back. Default 3.
    /// </summary>
    public int BreakAfterFailures { get; init; } = 3;

    /// <summary>How long the circuit stays open. Default 5 minutes: the rest of a practice session.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest reply accepted, in characters; a longer one is treated as a broken reply. Default 20 000.</summary>
    public int MaxReplyChars { get; init; } = 20_000;

    /// <summary>The endpoint without user info, query or key, for logs and reports.</summary>
    public string EndpointForDisplay => new UriBuilder(Endpoint) { UserName = string.Empty, Password = string.Empty, Query = string.Empty }.Uri.ToString().TrimEnd('/');

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public LlmOptions Validate()
    {
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"llm url '{Endpoint}' must be an http:// or https:// URL, e.g. http://127.0.0.1:11434/v1");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ArgumentException("llm model must not be empty (e.g. llama3.2, qwen2.5:7b, gpt-4o-mini)");
        }

        // The resilience pipeline measures in half seconds at the finest (Polly's circuit breaker refuses less).
        InRange(AttemptTimeout, "attempt timeout", 0.5);
        InRange(TotalTimeout, "total timeout", 0.5);
        InRange(RetryBaseDelay, "retry base delay", 0);
        InRange(MaxRetryAfter, "max retry-after", 0);
        InRange(BreakDuration, "break duration", 0.5);
        if (TotalTimeout < AttemptTimeout)
        {
            throw new ArgumentException(Inv($"llm total timeout ({TotalTimeout.TotalSeconds:0.###} s) must be at least the attempt timeout ({AttemptTimeout.TotalSeconds:0.###} s)"));
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentException(Inv($"llm retries ({MaxRetries}) must be between 0 and 10"));
        }

        if (BreakAfterFailures is < 2 or > 100)
        {
            throw new ArgumentException(Inv($"llm break-after-failures ({BreakAfterFailures}) must be between 2 and 100"));
        }

        if (MaxReplyChars is < 256 or > 10_000_000)
        {
            throw new ArgumentException(Inv($"llm max reply chars ({MaxReplyChars}) must be between 256 and 10000000"));
        }

        return this;
    }

    private static void InRange(TimeSpan value, string name, double minSeconds)
    {
        if (value < TimeSpan.FromSeconds(minSeconds) || value > TimeSpan.FromHours(1))
        {
            throw new ArgumentException(Inv($"llm {name} ({value.TotalSeconds:0.###} s) must be {minSeconds} to 3600 seconds"));
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
