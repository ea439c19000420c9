using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Http;

/// <summary>
/// <see cref="ITranscriber"/> over an OpenAI-compatible server: POST {url}/audio/transcriptions
/// (OpenAI, faster-whisper servers, whisper.cpp's server started with --inference-path) or
/// whisper.cpp's own POST /inference, with the clip as a 16 kHz mono 16-bit WAV and
/// response_format=verbose_json with word and segment timestamps. Retries network errors, timeouts,
/// 408/429 (honouring Retry-After) and 5xx with Polly; each attempt and the whole call have time
/// limits. The API key ($VOICECOACH_TRANSCRIBE_API_KEY, then $OPENAI_API_KEY) goes in a Bearer
/// header and is never logged. Safe to call from several threads. Disposing releases the
/// <see cref="HttpClient"/> only when the transcriber created it.
/// </summary>
public sealed class HttpTranscriber : ITranscriber, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly HttpTranscriberOptions _options;
    private readonly ILogger _logger;
    private readonly string? _apiKey;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Creates a transcriber for a server.</summary>
    /// <param name="url">The API base (http://host:port/v1), or a full endpoint ending in /audio/transcriptions or /inference.</param>
    /// <param name="options">Model, language, prompt, key, retries and timeouts; null for the defaults.</param>
    /// <param name="http">A client the caller owns; null to create one (disposed with this transcriber).</param>
    /// <param name="time">The clock for retry delays and timeouts; null for the system clock.</param>
    /// <param name="logger">Where attempts and failures are logged (never the key).</param>
    /// <exception cref="TranscriptionException">The URL is not an absolute http(s) URL.</exception>
    public HttpTranscriber(string url, HttpTranscriberOptions? options = null, HttpClient? http = null, TimeProvider? time = null, ILogger<HttpTranscriber>? logger = null)
    {
        Endpoint = ResolveEndpoint(url);
        _options = options ?? new HttpTranscriberOptions();
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        if (_ownsHttp)
        {
            // Polly owns the time limits; the client's own 100 s default would cut long answers short.
            _http.Timeout = Timeout.InfiniteTimeSpan;
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
        _apiKey = _options.ResolveApiKey();
        _pipeline = BuildPipeline(time ?? TimeProvider.System);
        var isWhisperCpp = Endpoint.AbsolutePath.EndsWith("/inference", StringComparison.Ordinal);
        EngineName = isWhisperCpp
            ? $"whisper.cpp server {Endpoint.Authority}{Endpoint.AbsolutePath}"
            : $"http {Endpoint.Authority}{Endpoint.AbsolutePath} ({_options.Model})";
    }

    /// <summary>The URL requests go to.</summary>
    public Uri Endpoint { get; }

    /// <summary>E.g. "http 127.0.0.1:8080/v1/audio/transcriptions (whisper-1)" or "whisper.cpp server 127.0.0.1:8080/inference".</summary>
    public string EngineName { get; }

    /// <summary>
    /// The endpoint for a URL: unchanged when it ends in /audio/transcriptions or /inference (whisper.cpp's
    /// server), else URL + /audio/transcriptions (so http://host:8000/v1 works as for OpenAI clients).
    /// </summary>
    /// <exception cref="TranscriptionException">Not an absolute http(s) URL.</exception>
    public static Uri ResolveEndpoint(string url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new TranscriptionException($"--url {url}: not an http(s) URL; give the server's API base, e.g. http://127.0.0.1:8000/v1, or whisper.cpp's http://127.0.0.1:8080/inference");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/audio/transcriptions", StringComparison.Ordinal) && !path.EndsWith("/inference", StringComparison.Ordinal))
        {
            path += "/audio/transcriptions";
        }

        return new UriBuilder(uri) { Path = path }.Uri;
    }

    /// <inheritdoc/>
    public async Task<Transcript> TranscribeAsync(AudioClip clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        byte[] wav;
        using (var buffer = new MemoryStream(44 + (clip.Samples.Length * 2)))
        {
            WavWriter.Write(buffer, clip.Samples, AudioClip.SampleRate);
            wav = buffer.ToArray();
        }

        var fileName = clip.Source.Length > 0 ? Path.GetFileNameWithoutExtension(clip.Source) + ".wav" : "answer.wav";
        _logger.LogDebug("Posting {Bytes} bytes of WAV ({Duration}) to {Endpoint} as model {Model}", wav.Length, clip.Duration, Endpoint, _options.Model);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async ct =>
                {
                    using var request = BuildRequest(wav, fileName);
                    return await _http.SendAsync(request, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TranscriptionException($"{Endpoint}: cannot reach the transcription server ({Innermost(ex)}); is it running? Start it or fix --url", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TranscriptionException($"{Endpoint}: no answer in time ({_options.AttemptTimeout.TotalSeconds:0} s per attempt, {_options.TotalTimeout.TotalSeconds:0} s in all, {_options.MaxRetries + 1} attempts); the server may be overloaded — try a smaller model or a shorter clip", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TranscriptionException(Describe(response.StatusCode, body));
            }

            Transcript transcript;
            bool estimated;
            try
            {
                transcript = VerboseJsonReader.Read(body, clip.Duration, EngineName, out estimated);
            }
            catch (FormatException ex)
            {
                throw new TranscriptionException($"{Endpoint}: {ex.Message}; is this an OpenAI-compatible /v1/audio/transcriptions endpoint (or whisper.cpp's /inference)?", ex);
            }
            catch (InvalidOperationException ex)
            {
                throw new TranscriptionException($"{Endpoint}: the server could not transcribe {Describe(clip)}: {ex.Message}", ex);
            }

            if (estimated)
            {
                _logger.LogInformation("{Endpoint} returned no word times; estimated them within segments", Endpoint);
                transcript = transcript with { Engine = EngineName + " (word times estimated from segments)" };
            }

            _logger.LogDebug("{Engine} transcribed {Source}: {Segments} segments, {Words} words", EngineName, Describe(clip), transcript.Segments.Count, transcript.Words.Count);
            return transcript;
        }
    }

    /// <summary>Releases the HTTP client when this transcriber created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    // The form owns its parts (disposing the request disposes them), which CA2000 cannot see.
#pragma warning disable CA2000
    private HttpRequestMessage BuildRequest(byte[] wav, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(_options.Model), "model");
        form.Add(new StringContent("verbose_json"), "response_format");
        form.Add(new StringContent("word"), "timestamp_granularities[]");
        form.Add(new StringContent("segment"), "timestamp_granularities[]");
        if (!string.IsNullOrWhiteSpace(_options.Language))
        {
            form.Add(new StringContent(_options.Language), "language");
        }

        if (!string.IsNullOrWhiteSpace(_options.Prompt))
        {
            form.Add(new StringContent(_options.Prompt), "prompt");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = form };
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        return request;
    }
#pragma warning restore CA2000

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(TimeProvider time)
    {
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
            MaxRetryAttempts = Math.Max(0, _options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, time)),
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                _logger.LogWarning("Transcription request to {Endpoint} failed ({Reason}); retry {Attempt} in {Delay}", Endpoint, reason, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        };
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(_options.TotalTimeout)
            .AddRetry(retry)
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, TimeSpan.FromSeconds(60).Ticks)) : null;
    }

    private string Describe(HttpStatusCode status, string body)
    {
        var code = (int)status;
        var server = ServerMessage(body);
        var said = server is null ? string.Empty : $": {server}";
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"{Endpoint}: the server refused the API key (HTTP {code}{said}); set {HttpTranscriberOptions.ApiKeyVariable} (or {HttpTranscriberOptions.OpenAiKeyVariable}) to a valid key",
            HttpStatusCode.NotFound =>
                $"{Endpoint}: not found (HTTP 404{said}); give the API base ending in /v1 for OpenAI-compatible servers, or http://HOST:PORT/inference for whisper.cpp's server",
            HttpStatusCode.TooManyRequests =>
                $"{Endpoint}: still rate-limited after {_options.MaxRetries + 1} attempts (HTTP 429{said}); wait and try again, or check the account's quota",
            _ when code >= 500 =>
                $"{Endpoint}: server error HTTP {code} after {_options.MaxRetries + 1} attempts{said}; check the server's log",
            _ => $"{Endpoint}: the server rejected the request (HTTP {code}{said}); check --model ({_options.Model}) and that the server accepts 16 kHz WAV",
        };
    }

    private static string? ServerMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && VerboseJsonReader.ErrorMessage(doc.RootElement) is { } message)
            {
                return VerboseJsonReader.Snippet(message);
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the start of the text instead.
        }

        return VerboseJsonReader.Snippet(body);
    }

    private static string Describe(AudioClip clip) => clip.Source.Length > 0 ? clip.Source : "the audio";

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message;
    }
}
