using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace VoiceCoach.Speech.Models;

/// <summary>
/// Downloads a catalog model into a folder: writes NAME.bin.part, resumes it with an HTTP Range
/// request when it exists (starting over cleanly when the server ignores the range), retries
/// transient failures with Polly, checks the size and every published hash, then renames the file
/// into place in one step, so a model file is either complete and verified or absent. Cancelling
/// keeps the .part for the next run. The caller owns the <see cref="HttpClient"/>; one downloader
/// runs one download at a time per target file.
/// </summary>
public sealed class ModelDownloader
{
    private const int BufferSize = 1 << 16;

    private readonly HttpClient _http;
    private readonly ModelDownloaderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a downloader over a client the caller owns and disposes.</summary>
    public ModelDownloader(HttpClient http, ModelDownloaderOptions? options = null, TimeProvider? time = null, ILogger<ModelDownloader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = options ?? new ModelDownloaderOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The URL of a model under a base URL: BASE/ggml-NAME.bin.</summary>
    /// <exception cref="ModelDownloadException">The base URL is not an absolute http(s) URL.</exception>
    public static Uri UrlFor(ModelCatalogEntry entry, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/" + entry.FileName, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ModelDownloadException($"{baseUrl}: not an http(s) URL; give the folder URL that holds ggml-*.bin files, e.g. {ModelCatalog.DefaultBaseUrl}");
        }

        return url;
    }

    /// <summary>The partial file a download of <paramref name="entry"/> into <paramref name="directory"/> writes.</summary>
    public static string PartPath(ModelCatalogEntry entry, string directory) => Path.Combine(directory, entry.FileName + ".part");

    /// <summary>Downloads, verifies and renames <paramref name="entry"/> into <paramref name="directory"/> (created if missing).</summary>
    /// <param name="entry">The model; its size and hashes are what the file is checked against.</param>
    /// <param name="url">Where to fetch it (see <see cref="UrlFor"/>).</param>
    /// <param name="directory">The models folder.</param>
    /// <param name="progress">Receives progress; may be null. Called on the downloading thread.</param>
    /// <param name="cancellationToken">Stops the download; the .part file is kept for a resume.</param>
    /// <exception cref="ModelDownloadException">Not found, unreachable after retries, a hash or size mismatch (the .part is deleted), a full disk.</exception>
    public async Task<ModelDownloadResult> DownloadAsync(ModelCatalogEntry entry, Uri url, string directory, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDownloadException($"{directory}: cannot create the models folder ({ex.Message}); choose another with --dir", ex);
        }

        var target = Path.Combine(directory, entry.FileName);
        var part = PartPath(entry, directory);
        var run = new Run(entry, url, part, progress, _time);
        var existing = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (entry.SizeBytes is { } size && existing > size)
        {
            _logger.LogWarning("{Part} holds {Bytes} bytes, more than {Size}; starting over", part, existing, size);
            File.Delete(part);
            existing = 0;
        }

        run.ResumedFrom = existing;
        if (existing > 0)
        {
            _logger.LogInformation("Resuming {Url} from byte {Offset} of {Part}", url, existing, part);
        }

        if (entry.SizeBytes is not { } complete || existing != complete)
        {
            await DownloadWithRetriesAsync(run, cancellationToken).ConfigureAwait(false);
        }

        run.Report(DownloadStage.Verifying, new FileInfo(part).Length, 0);
        var (sha256, sha1, length) = await HashAsync(part, cancellationToken).ConfigureAwait(false);
        Verify(entry, url, part, length, sha256, sha1);
        try
        {
            File.Move(part, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDownloadException($"{target}: cannot move the verified download into place ({ex.Message}); the verified file is {part}", ex);
        }

        run.Report(DownloadStage.Done, length, 0);
        _logger.LogInformation("Downloaded {File} ({Bytes} bytes, sha256 {Sha256}) from {Url}", target, length, sha256, url);
        return new ModelDownloadResult(target, length, sha256, sha1, run.ResumedFrom, run.RangeIgnored, entry.Sha256 is not null, entry.Sha1 is not null);
    }

    private async Task DownloadWithRetriesAsync(Run run, CancellationToken cancellationToken)
    {
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TransientDownloadException>(),
            MaxRetryAttempts = Math.Max(0, _options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryDelay,
            MaxDelay = TimeSpan.FromMinutes(1),
            DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is TransientDownloadException { RetryAfter: { } after } ? after : null),
            OnRetry = args =>
            {
                run.Attempt = args.AttemptNumber + 2;
                run.RetryReason = args.Outcome.Exception?.Message;
                _logger.LogWarning("Download of {Url} failed ({Reason}); retry {Attempt} in {Delay}", run.Url, run.RetryReason, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        };
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddRetry(retry).Build();
        try
        {
            await pipeline.ExecuteAsync(async ct => await AttemptAsync(run, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TransientDownloadException ex)
        {
            var attempts = Math.Max(0, _options.MaxRetries) + 1;
            var kept = File.Exists(run.Part) && new FileInfo(run.Part).Length > 0
                ? $"; {ModelCatalog.FormatBytes(new FileInfo(run.Part).Length)} are kept in {run.Part} and the next run resumes"
                : string.Empty;
            throw new ModelDownloadException($"{run.Url}: {ex.Message} (gave up after {attempts} attempts); check the network or the mirror (--from URL), then run the command again{kept}", ex);
        }
    }

    private async Task AttemptAsync(Run run, CancellationToken cancellationToken)
    {
        var have = File.Exists(run.Part) ? new FileInfo(run.Part).Length : 0;
        run.Report(DownloadStage.Connecting, have, 0);
        using var request = new HttpRequestMessage(HttpMethod.Get, run.Url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        long? total;
        switch (response.StatusCode)
        {
            case HttpStatusCode.PartialContent when have > 0:
                var range = response.Content.Headers.ContentRange;
                if (range?.From != have)
                {
                    // Not the bytes we asked for: drop the part rather than splice a wrong offset.
                    File.Delete(run.Part);
                    throw new TransientDownloadException($"the server sent bytes from {range?.From?.ToString(CultureInfo.InvariantCulture) ?? "?"} when asked from {have}; starting over");
                }

                total = range.Length ?? (response.Content.Headers.ContentLength is { } rest ? have + rest : null);
                break;
            case HttpStatusCode.OK:
            case HttpStatusCode.PartialContent:
                if (have > 0)
                {
                    _logger.LogWarning("{Url} ignored the Range request (HTTP {Status}); downloading {File} from the start", run.Url, (int)response.StatusCode, run.Entry.FileName);
                    run.RangeIgnored = true;
                    run.ResumedFrom = 0;
                    have = 0;
                }

                total = response.Content.Headers.ContentLength;
                break;
            case HttpStatusCode.RequestedRangeNotSatisfiable when have > 0:
                if (response.Content.Headers.ContentRange?.Length == have)
                {
                    return;
                }

                File.Delete(run.Part);
                throw new TransientDownloadException($"the server rejected resuming at byte {have} (HTTP 416); starting over");
            case HttpStatusCode.NotFound or HttpStatusCode.Gone:
                throw new ModelDownloadException($"{run.Url}: not found (HTTP {(int)response.StatusCode}); check the name with 'voicecoach models list', or the mirror given with --from / VOICECOACH_MODEL_BASE_URL");
            case HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError:
                throw new TransientDownloadException($"the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}", RetryAfter(response));
            default:
                throw new ModelDownloadException($"{run.Url}: the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}; check the URL (--from / VOICECOACH_MODEL_BASE_URL)");
        }

        if (run.Entry.SizeBytes is { } expected && total is { } offered && offered != expected)
        {
            throw new ModelDownloadException($"{run.Url}: the server offers {offered} bytes but {run.Entry.FileName} is {expected} bytes; the mirror serves a different file (check --from)");
        }

        run.Total = total ?? run.Entry.SizeBytes;
        await CopyBodyAsync(run, response, have, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ResponseTimeout);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientDownloadException($"cannot connect: {Innermost(ex)}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientDownloadException($"no answer within {_options.ResponseTimeout.TotalSeconds:0} s", ex);
        }
    }

    private async Task CopyBodyAsync(Run run, HttpResponseMessage response, long have, CancellationToken cancellationToken)
    {
        // Unbuffered (bufferSize 0): every write reaches the OS, so a full disk surfaces here, not
        // in a flush at dispose, and what was written survives a cancellation.
        FileStream file;
        try
        {
            file = new FileStream(run.Part, have == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDownloadException($"{run.Part}: cannot write the download ({ex.Message}); check the folder or choose another with --dir", ex);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using (file.ConfigureAwait(false))
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    while (true)
                    {
                        stall.CancelAfter(_options.StallTimeout);
                        int read;
                        try
                        {
                            read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), stall.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                        {
                            throw new TransientDownloadException($"no data for {_options.StallTimeout.TotalSeconds:0} s after {have} bytes", ex);
                        }
                        catch (Exception ex) when (ex is IOException or HttpRequestException)
                        {
                            throw new TransientDownloadException($"the connection broke after {have} bytes: {Innermost(ex)}", ex);
                        }

                        if (read == 0)
                        {
                            break;
                        }

                        try
                        {
                            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        }
                        catch (IOException ex) when (IsDiskFull(ex))
                        {
                            throw new ModelDownloadException($"{run.Part}: the disk is full after {ModelCatalog.FormatBytes(have)} of {(run.Total is { } t ? ModelCatalog.FormatBytes(t) : "?")}; free some space (or choose another folder with --dir) and run again to resume", ex);
                        }
                        catch (IOException ex)
                        {
                            throw new ModelDownloadException($"{run.Part}: cannot write the download ({ex.Message}); check the folder or choose another with --dir", ex);
                        }

                        have += read;
                        run.ThisRun += read;
                        run.Report(DownloadStage.Downloading, have, run.ThisRun);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (run.Total is { } expectedTotal && have < expectedTotal)
        {
            throw new TransientDownloadException($"the connection closed after {have} of {expectedTotal} bytes");
        }
    }

    private static void Verify(ModelCatalogEntry entry, Uri url, string part, long length, string sha256, string sha1)
    {
        string? problem = null;
        if (entry.SizeBytes is { } size && length != size)
        {
            problem = $"is {length} bytes, expected {size}";
        }
        else if (entry.Sha256 is { } expected256 && !string.Equals(expected256, sha256, StringComparison.Ordinal))
        {
            problem = $"sha256 mismatch: got {sha256}, expected {expected256}";
        }
        else if (entry.Sha1 is { } expected1 && !string.Equals(expected1, sha1, StringComparison.Ordinal))
        {
            problem = $"sha1 mismatch: got {sha1}, expected {expected1}";
        }

        if (problem is not null)
        {
            File.Delete(part);
            throw new ModelDownloadException($"{entry.FileName} from {url}: {problem}; the download is corrupt or the mirror serves a different file, so it was deleted — run the command again (or check --from)");
        }
    }

    private static async Task<(string Sha256, string Sha1, long Length)> HashAsync(string path, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        long length = 0;
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, 1 << 20), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha256.AppendData(buffer, 0, read);
                    sha1.AppendData(buffer, 0, read);
                    length += read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(sha1.GetHashAndReset()), length);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, TimeSpan.FromMinutes(2).Ticks)) : null;
    }

    /// <summary>ENOSPC on Unix (the IOException carries errno), ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(IOException ex) =>
        (!OperatingSystem.IsWindows() && ex.HResult == 28) || (ex.HResult & 0xFFFF) is 112 or 39;

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null && ex is HttpRequestException)
        {
            ex = ex.InnerException;
        }

        return ex.Message;
    }

    /// <summary>The state of one download across its attempts.</summary>
    private sealed class Run(ModelCatalogEntry entry, Uri url, string part, IProgress<DownloadProgress>? progress, TimeProvider time)
    {
        private readonly long _started = time.GetTimestamp();

        public ModelCatalogEntry Entry { get; } = entry;

        public Uri Url { get; } = url;

        public string Part { get; } = part;

        public long ResumedFrom { get; set; }

        public bool RangeIgnored { get; set; }

        public long? Total { get; set; } = entry.SizeBytes;

        public long ThisRun { get; set; }

        public int Attempt { get; set; } = 1;

        public string? RetryReason { get; set; }

        public void Report(DownloadStage stage, long done, long thisRun) =>
            progress?.Report(new DownloadProgress(Entry.FileName, stage, done, Total, thisRun, time.GetElapsedTime(_started), Attempt, RetryReason));
    }

    /// <summary>A failure worth retrying; the retry resumes from what is on disk.</summary>
    private sealed class TransientDownloadException(string message, Exception? inner = null, TimeSpan? retryAfter = null) : Exception(message, inner)
    {
        public TransientDownloadException(string message, TimeSpan? retryAfter)
            : this(message, null, retryAfter)
        {
        }

        public TimeSpan? RetryAfter { get; } = retryAfter;
    }
}
