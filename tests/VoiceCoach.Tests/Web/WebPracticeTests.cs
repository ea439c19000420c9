using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VoiceCoach.Audio;
using VoiceCoach.Practice;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Practice;

namespace VoiceCoach.Tests.Web;

/// <summary>What a page does over the practice WebSocket, scripted: answers with PCM frames, acknowledges speech, collects events.</summary>
internal static class WebPractice
{
    public static readonly Lazy<float[]> Speech = new(() => AudioFileReader.ReadClip(RepoPaths.SharedFile("speech", "ljspeech", "LJ001-0001.wav")).Samples);

    public static async Task<string> CreateSessionAsync(WebHarness web, int count)
    {
        using var response = await web.Client.PostAsJsonAsync("/api/sessions", new { company = "netflix", round = "recruiter", count });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<ClientWebSocket> ConnectAsync(WebHarness web, string id, bool handsFree)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-VoiceCoach-Token", web.App.Token);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{web.App.Address.Port}/ws/practice/{id}?handsFree={(handsFree ? "true" : "false")}&followUps=0"), CancellationToken.None);
        return socket;
    }

    /// <summary>16-bit PCM of <paramref name="samples"/> in 20 ms messages.</summary>
    public static IEnumerable<byte[]> Frames(float[] samples)
    {
        for (var i = 0; i < samples.Length; i += 320)
        {
            var n = Math.Min(320, samples.Length - i);
            var bytes = new byte[2 * n];
            for (var k = 0; k < n; k++)
            {
                var s = (short)Math.Clamp(Math.Round(samples[i + k] * 32767.0), short.MinValue, short.MaxValue);
                bytes[2 * k] = (byte)s;
                bytes[(2 * k) + 1] = (byte)(s >> 8);
            }

            yield return bytes;
        }
    }

    public static async Task<JsonElement?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        ValueWebSocketReceiveResult r;
        do
        {
            r = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, r.Count);
        }
        while (!r.EndOfMessage);
        using var doc = JsonDocument.Parse(message.ToArray());
        return doc.RootElement.Clone();
    }

    public static async Task<WebSocketCloseStatus?> DrainUntilClosedAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await ReceiveAsync(socket, timeout.Token) is not null)
            {
            }
        }
        catch (WebSocketException)
        {
            // Closed without a handshake.
        }

        return socket.CloseStatus;
    }

    /// <summary>
    /// Plays the candidate: acknowledges every spoken question at once, answers each "listening" with
    /// <paramref name="answer"/> then silence (none when <paramref name="thenSilence"/> is false, so the answer
    /// never ends by itself), and returns every event until the socket closes.
    /// </summary>
    public static async Task<List<JsonElement>> PractiseAsync(ClientWebSocket socket, float[] answer, Func<JsonElement, ClientWebSocket, Task>? onEvent = null, bool thenSilence = true)
    {
        var events = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var silence = new float[thenSilence ? 16000 * 4 : 0];
        var feeding = Task.CompletedTask;
        // The browser's microphone streams from the start; so does this one (silence until an answer is due).
        foreach (var frame in Frames(new float[16000]))
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, true, timeout.Token);
        }

        while (await ReceiveAsync(socket, timeout.Token) is { } e)
        {
            events.Add(e);
            var type = e.GetProperty("type").GetString();
            if (type == "speak")
            {
                await SendJsonAsync(socket, new { type = "spoken", id = e.GetProperty("id").GetString() }, timeout.Token);
            }
            else if (type == "listening")
            {
                await feeding;
                feeding = FeedAsync(socket, [.. answer, .. silence], timeout.Token);
            }

            if (onEvent is not null)
            {
                await onEvent(e, socket);
            }
        }

        return events;
    }

    public static Task SendJsonAsync(ClientWebSocket socket, object message, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task FeedAsync(ClientWebSocket socket, float[] samples, CancellationToken cancellationToken)
    {
        foreach (var frame in Frames(samples))
        {
            if (socket.State != WebSocketState.Open)
            {
                return;
            }

            await socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellationToken);
        }
    }
}

/// <summary>A whole practice session through the web app's WebSocket into the practice engine, and its report.</summary>
public sealed class WebPracticeTests : IAsyncLifetime
{
    private WebHarness _web = null!;

    public async Task InitializeAsync() => _web = await WebHarness.StartAsync();

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task Practise_TwoAnswersHandsFreeOverTheSocket_GradesBothAndServesTheReport()
    {
        var id = await WebPractice.CreateSessionAsync(_web, 2);
        using var socket = await WebPractice.ConnectAsync(_web, id, handsFree: true);

        var events = await WebPractice.PractiseAsync(socket, WebPractice.Speech.Value);

        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(2, types.Count(t => t == "question"));
        Assert.Equal(2, types.Count(t => t == "graded"));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "progress" && e.GetProperty("spoken").GetDouble() > 2);
        var done = events.Single(e => e.GetProperty("type").GetString() == "done");
        Assert.True(done.GetProperty("finished").GetBoolean());
        Assert.Equal(2, done.GetProperty("grades").GetArrayLength());
        var report = await _web.Client.GetStringAsync(done.GetProperty("report").GetString());
        Assert.Contains("Q1", report, StringComparison.Ordinal);
        Assert.Contains($"/sessions/{id}/files/answers/q01.wav", report, StringComparison.Ordinal);
        using var wav = await _web.Client.GetAsync($"/sessions/{id}/files/answers/q01.wav");
        Assert.Equal("audio/wav", wav.Content.Headers.ContentType!.MediaType);
        Assert.Contains(FakeStreamingTranscriber.Sentence, await File.ReadAllTextAsync(Path.Combine(_web.Sessions, id, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_AudioArrivingFasterThanTheClock_StillReachesThePageAsTheAnswerGrows()
    {
        // A clock that stands still: the whole answer is read "at once", as on a fast machine or after a backlog.
        await using var web = await WebHarness.StartAsync(new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z", CultureInfo.InvariantCulture)));
        var id = await WebPractice.CreateSessionAsync(web, 1);
        using var socket = await WebPractice.ConnectAsync(web, id, handsFree: true);

        var events = await WebPractice.PractiseAsync(socket, WebPractice.Speech.Value);

        var spoken = events.Where(e => e.GetProperty("type").GetString() == "progress").Select(e => e.GetProperty("spoken").GetDouble()).ToList();
        Assert.True(spoken.Count(s => s > 2) >= 10, $"the page saw the answer at {string.Join(", ", spoken)} s");
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "done");
    }

    [Fact]
    public async Task PageLatency_AfterTheReport_IsKeptInSessionJsonAndTheReport()
    {
        var id = await WebPractice.CreateSessionAsync(_web, 1);
        using var socket = await WebPractice.ConnectAsync(_web, id, handsFree: true);
        await WebPractice.PractiseAsync(socket, WebPractice.Speech.Value);

        using var response = await _web.Client.PostAsJsonAsync($"/api/sessions/{id}/page-latency", new { ms = 412.4 });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_web.Sessions, id, "session.json")));
        Assert.Equal(412.4, json.RootElement.GetProperty("timings").GetProperty("page_latency_ms").GetDouble());
        Assert.Contains("- Report in the browser's page 412 ms after the last answer", await File.ReadAllTextAsync(Path.Combine(_web.Sessions, id, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Practise_PageClosedMidAnswer_KeepsWhatWasSaidAndTheSessionCanBeResumed()
    {
        var id = await WebPractice.CreateSessionAsync(_web, 2);
        var socket = await WebPractice.ConnectAsync(_web, id, handsFree: true);
        var folder = Path.Combine(_web.Sessions, id);
        // Four seconds of speech and no silence after it: the answer cannot end by itself, however fast the server
        // reads it (progress events are paced by the wall clock, so waiting for one raced a fast machine).
        var firstSeconds = WebPractice.Speech.Value[..(16000 * 4)];

        try
        {
            await WebPractice.PractiseAsync(
                socket,
                firstSeconds,
                async (e, s) =>
                {
                    if (e.GetProperty("type").GetString() == "listening")
                    {
                        // The recording is written as it arrives: close the tab once three seconds of it are on disk.
                        var wav = Path.Combine(folder, "answers", "q01.wav");
                        await WaitForAsync(() => File.Exists(wav) && new FileInfo(wav).Length >= 44 + (3 * 16000 * 2) ? wav : null);
                        s.Abort(); // the tab is closed
                    }
                },
                thenSilence: false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The aborted socket.
        }

        socket.Dispose();

        var state = await WaitForAsync(() => File.Exists(Path.Combine(folder, "report.md")) && PracticePlanner.Read(folder) is { } s && s.Items[0].Status == PracticeStatus.Transcribed ? s : null);
        Assert.False(state.Finished);
        Assert.Equal(PracticeStatus.Pending, state.Items[1].Status);
        var sessions = await _web.Client.GetFromJsonAsync<JsonElement>("/api/sessions");
        Assert.Contains(sessions.EnumerateArray(), s => s.GetProperty("id").GetString() == id && !s.GetProperty("finished").GetBoolean());
    }

    [Fact]
    public async Task Report_OfASessionThatIsNotThere_Is404()
    {
        using var response = await _web.Client.GetAsync("/sessions/2026-01-01-0000-00/report");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if (probe() is { } value)
                {
                    return value;
                }
            }
            catch (IOException)
            {
                // Being rewritten.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the session did not get there within 60 s");
    }
}
