using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Llm;
using VoiceCoach.Practice;

namespace VoiceCoach.Web.Practice;

/// <summary>What the page chose for a session (sent with the WebSocket's query).</summary>
/// <param name="HandsFree">Answers end on a pause.</param>
/// <param name="FollowUps">Follow-up questions after a main answer.</param>
/// <param name="CutIn">The interviewer cuts in at the rubric's too-long point.</param>
/// <param name="WaitForSpeech">Hands-free: how long to wait for speech to start.</param>
internal sealed record RunChoices(bool HandsFree, int FollowUps, bool CutIn, TimeSpan WaitForSpeech);

/// <summary>
/// One practice session driven by a page over a WebSocket: the page's audio frames go into the same engine as the
/// terminal's microphone (VAD, streaming transcription, grading; every frame on disk as it arrives), its buttons become
/// commands, and the engine's events go back as JSON. When the socket closes mid-answer, what was said is kept and
/// graded, and the session can be resumed (here or with `voicecoach practice --resume`).
/// </summary>
/// <remarks>Threading: a receive loop, a send loop and the session loop; events are queued to the send loop.</remarks>
internal sealed class PracticeRun : IPracticeObserver
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<object> _outgoing = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BrowserAudioSource _source = new();
    private readonly string _id;
    private readonly string _directory;
    private readonly WebSocket _socket;
    private readonly WebAppOptions _options;
    private readonly IWebServices _services;
    private readonly ILogger _log;
    private readonly string _reportUrl;
    private PracticeSession? _session;
    private long _lastProgress;
    private TimeSpan _lastProgressAudio;

    public PracticeRun(string id, string directory, WebSocket socket, WebAppOptions options, IWebServices services)
    {
        _id = id;
        _directory = directory;
        _socket = socket;
        _options = options;
        _services = services;
        _log = options.Logging.CreateLogger<PracticeRun>();
        _reportUrl = $"/sessions/{Uri.EscapeDataString(id)}/report";
        Speaker = new BrowserSpeaker(services.Voice, Enqueue, options.Time, $"/api/sessions/{Uri.EscapeDataString(id)}/voice");
    }

    /// <summary>Says the questions through the page; serves their audio.</summary>
    public BrowserSpeaker Speaker { get; }

    /// <summary>The graded session once the report is written (kept to serve the report and record the page's latency).</summary>
    public GradedSession? Result { get; private set; }

    /// <summary>The company pack the session was graded against.</summary>
    public Core.Companies.CompanyPack? Company { get; private set; }

    /// <summary>The report page, rendered as the session ended (so the page gets it without a wait); null once stale.</summary>
    public string? ReportHtml { get; private set; }

    private double _longPause = 2;

    /// <summary>Records a figure in the session (session.json and report.md rewritten by their one writer).</summary>
    public void Update(GradedSession session)
    {
        Result = session;
        ReportHtml = null;
    }

    public async Task RunAsync(RunChoices choices, CancellationToken cancellationToken)
    {
        var sending = SendLoopAsync(cancellationToken);
        Task? receiving = null;
        IDisposable? transcriberToDispose = null;
        try
        {
            var library = PromptLibrary.Load(_options.PromptsDirectory);
            var state = PracticePlanner.Read(_directory);
            var pack = library.Company(state.Company);
            Company = pack;
            _longPause = library.Rubric.LongPauseSeconds;
            using var graders = await _services.CreateGradersAsync(library, pack, state.Id, cancellationToken);
            var warmUp = Task.Run(() => WarmUp(library, pack, graders.Rubric), CancellationToken.None);
            var transcriber = _services.CreateTranscriber();
            transcriberToDispose = transcriber as IDisposable;
            _session = new PracticeSession(new PracticeContext
            {
                State = state,
                Directory = _directory,
                Catalog = library.Questions,
                Rubric = library.Rubric,
                Company = pack,
                Grader = graders.Answers,
                RubricGrader = graders.Rubric,
                Semantic = graders.Semantic,
                SessionGrader = graders.Session,
                Source = _source,
                Speaker = Speaker,
                Transcriber = transcriber,
                Vad = _services.Vad,
                Observer = this,
                Time = _options.Time,
                Options = new PracticeOptions
                {
                    HandsFree = choices.HandsFree,
                    FollowUps = choices.FollowUps,
                    CutIn = choices.CutIn,
                    CountdownStep = TimeSpan.Zero,
                    FirstAudioTimeout = TimeSpan.FromSeconds(10),
                    Listening = new ListeningOptions { SpeechStartTimeout = choices.WaitForSpeech },
                    Interactive = true,
                },
                Logger = _log,
            });
            receiving = ReceiveLoopAsync(cancellationToken);
            var result = await _session.RunAsync(cancellationToken);
            Result = result.Session;
            await warmUp;
        }
        catch (Exception e) when (e is PromptFileException or SessionFileException or Core.Audio.AudioDeviceException or Core.Transcription.TranscriptionException or IOException)
        {
            _log.LogError(e, "Practice session {Session} failed", _id);
            _outgoing.Writer.TryWrite(new { type = "error", text = e.Message });
        }
        finally
        {
            transcriberToDispose?.Dispose();
            _outgoing.Writer.TryComplete();
            await sending;
            _source.Complete();
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session over", CancellationToken.None);
            }

            if (receiving is not null)
            {
                await receiving;
            }
        }
    }

    public void OnEvent(PracticeEvent e)
    {
        if (e is AnswerProgress progress)
        {
            // Every frame makes one; the page redraws ten times a second. Paced by the audio as well as the clock:
            // audio that arrives faster than real time (a backlog, a replay) still shows ten points per second of it.
            var now = _options.Time.GetTimestamp();
            if (_lastProgress != 0 && _options.Time.GetElapsedTime(_lastProgress, now) < ProgressEvery
                && progress.Elapsed - _lastProgressAudio < ProgressEvery)
            {
                return;
            }

            _lastProgress = now;
            _lastProgressAudio = progress.Elapsed;
        }
        else if (e is ListeningStarted)
        {
            _lastProgress = 0;
            _lastProgressAudio = TimeSpan.Zero;
        }
        else if (e is SessionDone { Result.Session: { } done } && Company is { } company)
        {
            // Rendered before the page hears "done": its request for the report is then answered at once.
            Result = done;
            ReportHtml = Pages.ReportEndpoints.RenderReport(done, company, _longPause, _id, _directory);
        }

        if (EventMessages.From(e, _reportUrl) is { } message)
        {
            _outgoing.Writer.TryWrite(message);
        }
    }

    /// <summary>
    /// Renders a sample report while the first question is asked, so the report after the last answer does not pay
    /// for compiling the HTML writer and Markdig (hundreds of ms on a busy machine).
    /// </summary>
    private void WarmUp(PromptLibrary library, Core.Companies.CompanyPack pack, RubricGrader grader)
    {
        try
        {
            Pages.ReportEndpoints.RenderReport(PromptSamples.Session(grader, library.Rubric, pack, _options.Time), pack, library.Rubric.LongPauseSeconds, "warm-up", _directory);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogDebug(e, "Report warm-up failed (harmless)");
        }
    }

    private Task Enqueue(object message)
    {
        _outgoing.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                if (_socket.State != WebSocketState.Open)
                {
                    continue; // the page went away; the session still finishes and writes its report
                }

                var bytes = JsonSerializer.SerializeToUtf8Bytes(message, Json);
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            _log.LogInformation(e, "Practice session {Session}: the page stopped listening", _id);
        }
    }

    /// <summary>Audio frames to the engine, commands to the session, "spoken" to the speaker; size-bounded.</summary>
    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[_options.MaxFrameBytes];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    if (length == buffer.Length)
                    {
                        await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {buffer.Length} bytes", cancellationToken);
                        return;
                    }

                    received = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                    length += received.Count;
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                switch (received.MessageType)
                {
                    case WebSocketMessageType.Close:
                        return;
                    case WebSocketMessageType.Binary when !_source.Push(buffer.AsSpan(0, length)):
                        await _socket.CloseAsync(WebSocketCloseStatus.InvalidPayloadData, "audio frames are 16-bit PCM: an even number of bytes", cancellationToken);
                        return;
                    case WebSocketMessageType.Text:
                        OnMessage(buffer.AsSpan(0, length));
                        break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            _log.LogInformation(e, "Practice session {Session}: the socket closed", _id);
        }
        finally
        {
            _source.Complete(); // the microphone stops: the session keeps what was said and ends
        }
    }

    private void OnMessage(ReadOnlySpan<byte> text)
    {
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(text));
            var root = doc.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "spoken" && root.TryGetProperty("id", out var id))
            {
                Speaker.Spoken(id.GetString() ?? string.Empty);
            }
            else if (type == "command" && root.TryGetProperty("command", out var c) && EventMessages.Command(c.GetString()) is { } command)
            {
                _session?.Send(command);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            _log.LogWarning(e, "Practice session {Session}: a message that is not a command was ignored", _id);
        }
    }
}
