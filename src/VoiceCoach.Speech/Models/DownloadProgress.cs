namespace VoiceCoach.Speech.Models;

/// <summary>What a download is doing.</summary>
public enum DownloadStage
{
    /// <summary>Sending the request (again after a retry).</summary>
    Connecting,

    /// <summary>Receiving bytes.</summary>
    Downloading,

    /// <summary>Hashing the complete file.</summary>
    Verifying,

    /// <summary>Verified and renamed into place.</summary>
    Done,
}

/// <summary>A snapshot of a download, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="FileName">The file being downloaded, e.g. "ggml-base.en.bin".</param>
/// <param name="Stage">What the download is doing.</param>
/// <param name="BytesDone">Bytes on disk so far, including any resumed part.</param>
/// <param name="TotalBytes">The file size when known (catalog or server), else null.</param>
/// <param name="BytesThisRun">Bytes received by this run (excludes what was resumed).</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="Attempt">The attempt, 1 for the first; more after transient failures.</param>
/// <param name="RetryReason">Why the previous attempt failed, when <paramref name="Attempt"/> is above 1.</param>
public sealed record DownloadProgress(string FileName, DownloadStage Stage, long BytesDone, long? TotalBytes, long BytesThisRun, TimeSpan Elapsed, int Attempt = 1, string? RetryReason = null)
{
    /// <summary>Average speed of this run in bytes per second; 0 during the first second (too few bytes to judge).</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds >= 1 ? BytesThisRun / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time to finish at the average speed, or null when unknown.</summary>
    public TimeSpan? Remaining => TotalBytes is { } total && BytesPerSecond > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - BytesDone) / BytesPerSecond)
        : null;

    /// <summary>Fraction done in [0, 1], or null when the size is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 and { } total ? Math.Clamp(BytesDone / (double)total, 0, 1) : null;
}

/// <summary>The outcome of a verified download.</summary>
/// <param name="Path">The model file, renamed into place.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256 as computed (lower-case hex).</param>
/// <param name="Sha1">Its SHA-1 as computed (lower-case hex).</param>
/// <param name="ResumedFrom">Bytes that were already in the .part file and not downloaded again (0 for a fresh start).</param>
/// <param name="RangeIgnored">True when a resume was asked for but the server sent the whole file (HTTP 200), so it started over.</param>
/// <param name="CheckedSha256">True when the SHA-256 was compared with a published one.</param>
/// <param name="CheckedSha1">True when the SHA-1 was compared with a published one.</param>
public sealed record ModelDownloadResult(string Path, long Bytes, string Sha256, string Sha1, long ResumedFrom, bool RangeIgnored, bool CheckedSha256, bool CheckedSha1)
{
    /// <summary>True when only the size could be checked (no published hash).</summary>
    public bool SizeOnly => !CheckedSha256 && !CheckedSha1;
}
