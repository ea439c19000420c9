namespace VoiceCoach.Speech.Models;

/// <summary>Settings of <see cref="ModelDownloader"/>; the defaults suit a home connection.</summary>
public sealed record ModelDownloaderOptions
{
    /// <summary>Retries after a transient failure (connection lost or refused, 408/429/5xx, stall); each resumes. Default 4.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay, doubled each time with jitter; a Retry-After header wins. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for the response headers of one attempt. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A transfer that delivers no byte for this long is dropped and resumed. Default 60 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
