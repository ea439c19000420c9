using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.IntegrationTests.Http;
using VoiceCoach.Speech.Http;

namespace VoiceCoach.IntegrationTests.Speech.Http;

/// <summary>The HTTP transcriber against a loopback server speaking the OpenAI (and whisper.cpp server) protocol.</summary>
public sealed class HttpTranscriberTests
{
    private const string OpenAiWords = """
        {"task":"transcribe","language":"english","duration":2.0,"text":"Hello there. I led it.",
         "segments":[{"id":0,"start":0.0,"end":1.0,"text":" Hello there."},{"id":1,"start":1.2,"end":2.0,"text":" I led it."}],
         "words":[{"word":"Hello","start":0.1,"end":0.4},{"word":"there.","start":0.5,"end":0.9},
                  {"word":"I","start":1.25,"end":1.3},{"word":"led","start":1.4,"end":1.6},{"word":"it.","start":1.65,"end":1.9}]}
        """;

    private static readonly HttpTranscriberOptions Fast = new() { ApiKey = "sk-test-secret", RetryDelay = TimeSpan.FromMilliseconds(10) };

    private readonly AudioClip _clip = new(Tone(2.0), "/tmp/answer-1.flac");

    [Fact]
    public async Task Transcribe_ServerGivesWordTimestamps_UsesThemPerSegment()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => Json(c, OpenAiWords));
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast);

        var transcript = await transcriber.TranscribeAsync(_clip, CancellationToken.None);

        Assert.Equal("Hello there. I led it.", transcript.Text);
        Assert.Equal(["Hello", "there."], transcript.Segments[0].Words.Select(w => w.Text));
        Assert.Equal(["I", "led", "it."], transcript.Segments[1].Words.Select(w => w.Text));
        Assert.Equal(TimeSpan.FromSeconds(1.4), transcript.Segments[1].Words[1].Start);
        Assert.Equal(TimeSpan.FromSeconds(1.6), transcript.Segments[1].Words[1].End);
        Assert.Equal($"http {server.Url.Authority}/v1/audio/transcriptions (whisper-1)", transcript.Engine);
    }

    [Fact]
    public async Task Transcribe_Request_IsMultipartWithTheFieldsAndA16kMonoWav()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => Json(c, OpenAiWords));
        using var transcriber = new HttpTranscriber(server.Url + "v1/", Fast with { Model = "Systran/faster-whisper-small" });

        await transcriber.TranscribeAsync(_clip, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/audio/transcriptions", request.Path);
        Assert.Equal("Bearer sk-test-secret", request.Headers["Authorization"]);
        Assert.Equal(["Systran/faster-whisper-small"], request.Form["model"]);
        Assert.Equal(["verbose_json"], request.Form["response_format"]);
        Assert.Equal(["word", "segment"], request.Form["timestamp_granularities[]"]);
        Assert.Equal(["en"], request.Form["language"]);
        Assert.Contains("um", request.Form["prompt"].Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("answer-1.wav", request.FileName);
        Assert.Equal("audio/wav", request.FileContentType);
        var wav = request.File!;
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20))); // PCM
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22))); // mono
        Assert.Equal(16_000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal(_clip.Samples.Length * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(44 + (_clip.Samples.Length * 2), wav.Length);
    }

    [Fact]
    public async Task Transcribe_SegmentsOnly_EstimatesWordTimesInsideEachSegment()
    {
        const string body = """{"text":"We shipped it. Revenue grew.","segments":[{"start":0.5,"end":1.5,"text":" We shipped it."},{"start":3.0,"end":4.0,"text":" Revenue grew."}]}""";
        await using var server = await LoopbackServer.StartAsync((c, _) => Json(c, body));
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast);

        var transcript = await transcriber.TranscribeAsync(_clip, CancellationToken.None);

        Assert.Equal(["We", "shipped", "it."], transcript.Segments[0].Words.Select(w => w.Text));
        Assert.Equal(["Revenue", "grew."], transcript.Segments[1].Words.Select(w => w.Text));
        Assert.All(transcript.Segments[0].Words, w => Assert.InRange(w.Start.TotalSeconds, 0.5, 1.5));
        Assert.All(transcript.Segments[1].Words, w => Assert.InRange(w.End.TotalSeconds, 3.0, 4.0));
        Assert.Equal(TimeSpan.FromSeconds(3.0), transcript.Segments[1].Words[0].Start);
        Assert.EndsWith("(word times estimated from segments)", transcript.Engine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_WhisperCppServer_JoinsItsTokensIntoWords()
    {
        // whisper.cpp's server: /inference, per-token "words" inside each segment, probabilities.
        const string body = """
            {"task":"transcribe","language":"english","duration":2.0,"text":" Hello, world\n","segments":[{"id":0,"text":" Hello, world","start":0.0,"end":1.8,
              "tokens":[1,2,3,4],"words":[{"word":" Hel","start":0.1,"end":0.3,"t_dtw":-1,"probability":0.9},{"word":"lo","start":0.3,"end":0.5,"t_dtw":-1,"probability":0.7},
              {"word":",","start":0.5,"end":0.55,"t_dtw":-1,"probability":0.95},{"word":" world","start":0.8,"end":1.4,"t_dtw":-1,"probability":0.8}],"temperature":0.0,"avg_logprob":-0.2,"no_speech_prob":0.01}]}
            """;
        await using var server = await LoopbackServer.StartAsync((c, _) => Json(c, body));
        using var transcriber = new HttpTranscriber(server.Url + "inference", Fast);

        var transcript = await transcriber.TranscribeAsync(_clip, CancellationToken.None);

        Assert.Equal("/inference", server.Requests.Single().Path);
        var words = transcript.Words;
        Assert.Equal(["Hello,", "world"], words.Select(w => w.Text));
        Assert.Equal(TimeSpan.FromSeconds(0.1), words[0].Start);
        Assert.Equal(TimeSpan.FromSeconds(0.55), words[0].End);
        Assert.Equal(0.7, words[0].Confidence);
        Assert.Equal($"whisper.cpp server {server.Url.Authority}/inference", transcript.Engine);
    }

    [Fact]
    public async Task Transcribe_ServerFailsOnceWith500_RetriesAndSucceeds()
    {
        await using var server = await LoopbackServer.StartAsync((c, n) =>
        {
            if (n == 0)
            {
                c.Response.StatusCode = 500;
                return c.Response.WriteAsync("model still loading");
            }

            return Json(c, OpenAiWords);
        });
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast);

        var transcript = await transcriber.TranscribeAsync(_clip, CancellationToken.None);

        Assert.Equal(5, transcript.Words.Count);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(_clip.Samples.Length * 2 + 44, r.File!.Length));
    }

    [Fact]
    public async Task Transcribe_429WithRetryAfter_WaitsWhatTheServerAsksThenRetries()
    {
        await using var server = await LoopbackServer.StartAsync((c, n) =>
        {
            if (n == 0)
            {
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                return c.Response.WriteAsync("""{"error":{"message":"Rate limit reached","type":"requests"}}""");
            }

            return Json(c, OpenAiWords);
        });
        var clock = new RecordingTimeProvider();
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast, time: clock);

        var transcript = await transcriber.TranscribeAsync(_clip, CancellationToken.None);

        Assert.Equal(5, transcript.Words.Count);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(1), clock.Timers);
    }

    [Fact]
    public async Task Transcribe_AlwaysOverloaded_GivesUpWithTheServersMessage()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) =>
        {
            c.Response.StatusCode = 503;
            return c.Response.WriteAsync("""{"detail":"GPU out of memory"}""");
        });
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast with { MaxRetries = 2 });

        var ex = await Assert.ThrowsAsync<TranscriptionException>(() => transcriber.TranscribeAsync(_clip, CancellationToken.None));

        Assert.Equal($"{server.Url}v1/audio/transcriptions: server error HTTP 503 after 3 attempts: GPU out of memory; check the server's log", ex.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Transcribe_GarbageBody_SaysItIsNotATranscription()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => c.Response.WriteAsync("<html><body>It works!</body></html>"));
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast);

        var ex = await Assert.ThrowsAsync<TranscriptionException>(() => transcriber.TranscribeAsync(_clip, CancellationToken.None));

        Assert.StartsWith($"{server.Url}v1/audio/transcriptions: the response is not JSON", ex.Message, StringComparison.Ordinal);
        Assert.Contains("It works!", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAI-compatible", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_JsonWithoutTranscript_SaysWhatWasMissing()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => Json(c, """{"status":"ok"}"""));
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast);

        var ex = await Assert.ThrowsAsync<TranscriptionException>(() => transcriber.TranscribeAsync(_clip, CancellationToken.None));

        Assert.Contains("has neither \"text\" nor \"segments\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_WhisperCppErrorWith200_ReportsTheServersMessage()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) => Json(c, """{"error":"failed to read WAV file"}"""));
        using var transcriber = new HttpTranscriber(server.Url + "inference", Fast);

        var ex = await Assert.ThrowsAsync<TranscriptionException>(() => transcriber.TranscribeAsync(_clip, CancellationToken.None));

        Assert.Equal($"{server.Url}inference: the server could not transcribe /tmp/answer-1.flac: failed to read WAV file", ex.Message);
    }

    [Fact]
    public async Task Transcribe_KeyRefused_NamesTheVariableAndNeverTheKey()
    {
        await using var server = await LoopbackServer.StartAsync((c, _) =>
        {
            c.Response.StatusCode = 401;
            return Json(c, """{"error":{"message":"Incorrect API key provided: sk-test-secret"}}""", 401);
        });
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast);

        var ex = await Assert.ThrowsAsync<TranscriptionException>(() => transcriber.TranscribeAsync(_clip, CancellationToken.None));

        Assert.Contains("refused the API key (HTTP 401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("VOICECOACH_TRANSCRIBE_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Transcribe_NothingListens_SaysItCannotReachTheServer()
    {
        var url = $"http://127.0.0.1:{LoopbackServer.DeadPort()}/v1";
        using var transcriber = new HttpTranscriber(url, Fast with { MaxRetries = 1 });

        var ex = await Assert.ThrowsAsync<TranscriptionException>(() => transcriber.TranscribeAsync(_clip, CancellationToken.None));

        Assert.StartsWith($"{url}/audio/transcriptions: cannot reach the transcription server (Connection refused", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("Start it or fix --url", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_ServerTooSlow_TimesOutPerAttemptAndSaysSo()
    {
        await using var server = await LoopbackServer.StartAsync(async (c, _) =>
            await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        // Attempts of 2 s, not 300 ms: on a loaded machine the server had not yet read the second upload when the client gave
        // up, so it never counted the second request.
        using var transcriber = new HttpTranscriber(server.Url + "v1", Fast with { MaxRetries = 1, AttemptTimeout = TimeSpan.FromSeconds(2) });

        var ex = await Assert.ThrowsAsync<TranscriptionException>(() => transcriber.TranscribeAsync(_clip, CancellationToken.None));

        Assert.Contains("no answer in time", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    private static async Task Json(HttpContext context, string body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private static float[] Tone(double seconds) =>
        Enumerable.Range(0, (int)(seconds * AudioClip.SampleRate)).Select(i => 0.3f * MathF.Sin(2 * MathF.PI * 220 * i / AudioClip.SampleRate)).ToArray();

    /// <summary>The system clock, recording every timer Polly sets (retry delays, timeouts).</summary>
    private sealed class RecordingTimeProvider : TimeProvider
    {
        public System.Collections.Concurrent.ConcurrentBag<TimeSpan> Timers { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Timers.Add(dueTime);
            return System.CreateTimer(callback, state, dueTime, period);
        }
    }
}
