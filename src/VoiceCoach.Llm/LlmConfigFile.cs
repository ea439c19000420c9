using System.Globalization;
using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Llm;

/// <summary>
/// The llm: section of a VoiceCoach config file (voicecoach.yaml). Every field is optional; command-line
/// options and environment variables win over it. The API key itself is never read from the file, only
/// the name of the environment variable holding it (api_key_env), so config files can be shared.
/// </summary>
public sealed record LlmConfigFile
{
    public string? Url { get; init; }

    public string? Model { get; init; }

    public string? ApiKeyEnv { get; init; }

    public double? AttemptTimeoutSeconds { get; init; }

    public double? TotalTimeoutSeconds { get; init; }

    public int? Retries { get; init; }

    public double? RetryBaseDelaySeconds { get; init; }

    public double? MaxRetryAfterSeconds { get; init; }

    public int? BreakAfterFailures { get; init; }

    public double? BreakSeconds { get; init; }

    public int? MaxReplyChars { get; init; }

    /// <exception cref="Core.Prompts.PromptFileException">Broken YAML, a malformed value, or an api_key written into the file.</exception>
    public static LlmConfigFile Load(TextReader reader, string file)
    {
        var llm = YamlNode.Parse(reader, file)["llm"];
        if (llm["api_key"].Exists)
        {
            throw llm["api_key"].Error("keys do not belong in config files; put the key in an environment variable and name it with api_key_env");
        }

        return new LlmConfigFile
        {
            Url = llm["url"].OptionalString(),
            Model = llm["model"].OptionalString(),
            ApiKeyEnv = llm["api_key_env"].OptionalString(),
            AttemptTimeoutSeconds = Optional(llm["attempt_timeout_s"]),
            TotalTimeoutSeconds = Optional(llm["total_timeout_s"]),
            Retries = llm["retries"].Exists ? llm["retries"].RequiredInt() : null,
            RetryBaseDelaySeconds = Optional(llm["retry_base_delay_s"]),
            MaxRetryAfterSeconds = Optional(llm["max_retry_after_s"]),
            BreakAfterFailures = llm["break_after_failures"].Exists ? llm["break_after_failures"].RequiredInt() : null,
            BreakSeconds = Optional(llm["break_s"]),
            MaxReplyChars = llm["max_reply_chars"].Exists ? llm["max_reply_chars"].RequiredInt() : null,
        };
    }

    /// <summary>Applies the file's tuning to options (endpoint, model and key are resolved by the caller).</summary>
    public LlmOptions ApplyTo(LlmOptions o) => o with
    {
        AttemptTimeout = AttemptTimeoutSeconds is { } a ? TimeSpan.FromSeconds(a) : o.AttemptTimeout,
        TotalTimeout = TotalTimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : o.TotalTimeout,
        MaxRetries = Retries ?? o.MaxRetries,
        RetryBaseDelay = RetryBaseDelaySeconds is { } d ? TimeSpan.FromSeconds(d) : o.RetryBaseDelay,
        MaxRetryAfter = MaxRetryAfterSeconds is { } r ? TimeSpan.FromSeconds(r) : o.MaxRetryAfter,
        BreakAfterFailures = BreakAfterFailures ?? o.BreakAfterFailures,
        BreakDuration = BreakSeconds is { } b ? TimeSpan.FromSeconds(b) : o.BreakDuration,
        MaxReplyChars = MaxReplyChars ?? o.MaxReplyChars,
    };

    private static double? Optional(YamlNode n) => n.Exists ? n.RequiredDouble() : null;

    /// <summary>For messages.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"llm config (url {Url ?? "unset"}, model {Model ?? "unset"})");
}
