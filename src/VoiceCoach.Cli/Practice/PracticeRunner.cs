using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Practice;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading;

namespace VoiceCoach.Cli.Practice;

/// <summary>How a practice session behaves.</summary>
internal sealed record PracticeRunOptions
{
    /// <summary>Answers end after <see cref="Silence"/> once speech was heard; no key needed.</summary>
    public bool HandsFree { get; init; }

    /// <summary>Hands-free: silence that ends an answer. Default 1.5 s.</summary>
    public TimeSpan Silence { get; init; } = EndOfAnswerOptions.Default.TrailingSilence;

    /// <summary>Follow-up questions asked after a main answer when the bank has them. Default 1.</summary>
    public int FollowUps { get; init; } = 1;

    /// <summary>Countdown step before recording (3-2-1) when not hands-free; zero for none. Default 0.6 s.</summary>
    public TimeSpan CountdownStep { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Longest answer before recording stops by itself. Default 5 min.</summary>
    public TimeSpan MaxAnswer { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for the microphone's first audio before calling it dead. Default 3 s.</summary>
    public TimeSpan FirstAudioTimeout { get; init; } = TimeSpan.FromSeconds(3);
}

/// <summary>Everything a session runs with; the runner owns none of it.</summary>
internal sealed record PracticeContext
{
    public required PracticeState State { get; init; }

    /// <summary>The session folder (practice.json, answers/, the report).</summary>
    public required string Directory { get; init; }

    public required QuestionCatalog Catalog { get; init; }

    public required RubricSettings Rubric { get; init; }

    public required CompanyPack Company { get; init; }

    /// <summary>Grades one answer (the rubric; an LLM-backed grader wraps it when --llm is wired).</summary>
    public required IAnswerGrader Grader { get; init; }

    public required SessionGrader SessionGrader { get; init; }

    public required IAudioSource Source { get; init; }

    public required ISpeaker Speaker { get; init; }

    /// <summary>Plays the cue tone in hands-free mode when questions are spoken; null for none.</summary>
    public IAudioSink? Sink { get; init; }

    public required IStreamingTranscriber Transcriber { get; init; }

    public required SileroVad Vad { get; init; }

    public required IPracticeKeys Keys { get; init; }

    public required IPracticeView View { get; init; }

    public required TimeProvider Time { get; init; }

    public required PracticeRunOptions Options { get; init; }

    public required ILogger Logger { get; init; }

    /// <summary>Called once the input works (first audio heard, or a recording source), before the first question.</summary>
    public Action? OnReady { get; init; }
}

/// <summary>The outcome of a run.</summary>
/// <param name="Session">The graded session (null when no answer was graded).</param>
/// <param name="ReportPath">report.md, when written.</param>
/// <param name="Finished">Every question answered or skipped.</param>
/// <param name="FeedbackLatencyMs">End of the last answer to report.md on disk, when an answer ended in this run.</param>
internal sealed record PracticeResult(GradedSession? Session, string? ReportPath, bool Finished, double? FeedbackLatencyMs);

/// <summary>
/// Runs a practice session: asks each pending question of the plan, records the answer (crash-safe WAV,
/// streamed to the recogniser as it is spoken, VAD for the live display and hands-free ending), and transcribes
/// and grades each answer in the background while the next is asked; at the end assembles and writes the report.
/// practice.json is rewritten (atomically) after every change, so any interruption can be resumed.
/// </summary>
/// <remarks>
/// Threading: the session loop runs on the caller's context; one pump task moves frames from the source into a
/// channel; background tasks per answer touch the state only under <see cref="_gate"/>.
/// </remarks>
internal sealed class PracticeRunner
{
    private const int VadWindow = 512;
    private readonly PracticeContext _c;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<GradedAnswer?>> _processing = [];
    private readonly TaskCompletionSource _firstAudio = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _recording;
    private readonly Dictionary<string, long> _transcriptReady = [];
    private string? _lastItem;
    private double _gradingMs;
    private bool _speak = true;

    public PracticeRunner(PracticeContext context)
    {
        _c = context;
    }

    /// <summary>The answers folder inside the session.</summary>
    public const string AnswersFolder = "answers";

    private PracticeState State => _c.State;

    /// <summary>
    /// Asks every pending question, then waits for the background work and writes the report.
    /// <paramref name="cancellationToken"/> (Ctrl+C) stops the asking as <c>q</c> does: the answer being recorded is
    /// kept if anything was said, and the answers so far are still transcribed, graded and reported (a second Ctrl+C
    /// ends the process).
    /// </summary>
    public async Task<PracticeResult> RunAsync(CancellationToken cancellationToken)
    {
        RecoverInterrupted();
        var warmUp = Task.Run(() => WarmUpAsync(cancellationToken), CancellationToken.None);
        foreach (var item in State.Items.Where(i => i.Status is PracticeStatus.Recorded or PracticeStatus.Transcribed))
        {
            StartProcessing(item, null, null, 0);
        }

        long? lastAnswerEnd = null;
        var finished = State.NextPending() is null;
        if (!finished)
        {
            (lastAnswerEnd, finished) = await AskAllAsync(cancellationToken);
        }


        await warmUp;
        return await FinishAsync(lastAnswerEnd, finished, CancellationToken.None);
    }

    /// <summary>
    /// Grades and renders a throw-away answer while the first question is asked, so the code that runs after the
    /// last answer is already compiled (the first grading and report otherwise spend hundreds of ms in the JIT).
    /// </summary>
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            var answer = new AnswerToGrade
            {
                Index = 1,
                Question = Resolve(State.Items[0]),
                Transcript = TranscriptTiming.Estimate("In my last role I led the migration of our training pipeline and we cut the cost by thirty percent.", TimeSpan.FromSeconds(8)),
                Duration = TimeSpan.FromSeconds(8),
            };
            // The rubric alone: warming up must not spend an LLM call (the LLM grader runs this same rubric first).
            var graded = await new RubricGrader(_c.Rubric, _c.Company).GradeAsync(answer, cancellationToken);
            var session = _c.SessionGrader.Assemble(State.Id, [graded], TimeSpan.Zero);
            VoiceCoach.Core.Sessions.SessionJsonWriter.Write(session, Stream.Null);
            new VoiceCoach.Grading.Reports.MarkdownReportWriter(_c.Company).Write(session, TextWriter.Null);
            VoiceCoach.Grading.Reports.TimelineSvgWriter.Write(graded, TextWriter.Null);
        }
        catch (Exception e)
        {
            _c.Logger.LogDebug(e, "Warm-up failed or was stopped (harmless)");
        }
    }

    /// <summary>A take interrupted by a crash: repair its WAV, keep it as an earlier take, ask the question again.</summary>
    private void RecoverInterrupted()
    {
        foreach (var item in State.Items.Where(i => i.Status == PracticeStatus.Recording))
        {
            var kept = KeepTake(item);
            item.Status = PracticeStatus.Pending;
            Save();
            _c.View.Line(kept is null
                ? $"[yellow]{Markup.Escape(Label(item))} was interrupted before any audio; asking it again.[/]"
                : $"[yellow]{Markup.Escape(Label(item))} was interrupted: the partial take is kept as {Markup.Escape(kept)}; asking it again.[/]");
        }

        foreach (var item in State.Items.Where(i => i.Status == PracticeStatus.Recorded && i.Audio is not null))
        {
            var path = Path.Combine(_c.Directory, item.Audio!);
            if (File.Exists(path) && WavRepair.Inspect(path).NeedsRepair)
            {
                WavRepair.Repair(path);
            }
        }
    }

    private async Task<(long? LastAnswerEnd, bool Finished)> AskAllAsync(CancellationToken cancellationToken)
    {
        using var capture = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Back-pressure while recording (nothing recorded is dropped); between answers the pump discards audio.
        var frames = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });
        var pump = Task.Run(() => PumpAsync(frames.Writer, capture.Token), CancellationToken.None);
        long? lastEnd = null;
        var finished = false;
        try
        {
            if (_c.Source is not ICuedAudioSource)
            {
                await WaitForFirstAudioAsync(cancellationToken);
            }

            _c.OnReady?.Invoke();

            while (State.NextPending() is { } item)
            {
                var outcome = await AskAsync(item, frames.Reader, cancellationToken);
                if (outcome.Ended is { } end)
                {
                    lastEnd = end;
                    _lastItem = outcome.ItemId;
                }

                if (outcome.Quit || cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }

            finished = State.NextPending() is null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while a question was spoken or cued: nothing of this question was recorded.
        }
        finally
        {
            await capture.CancelAsync();
            try
            {
                await pump;
            }
            catch (Exception e) when (e is OperationCanceledException or AudioDeviceException)
            {
                // The capture ends with the session.
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            _c.View.Line("[yellow]Stopped (Ctrl+C): the answers recorded so far are kept and graded; press Ctrl+C again to leave at once.[/]");
        }

        return (lastEnd, finished);
    }

    private async Task PumpAsync(ChannelWriter<AudioFrame> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _c.Source.CaptureAsync(cancellationToken))
            {
                _firstAudio.TrySetResult();
                if (_recording)
                {
                    await writer.WriteAsync(frame, cancellationToken);
                }
            }

            _firstAudio.TrySetException(new AudioDeviceException(_c.Source.Name, "the microphone stopped before delivering audio", "check it with `voicecoach record test.wav --seconds 3`"));
            writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            _firstAudio.TrySetCanceled(cancellationToken);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            _firstAudio.TrySetException(e);
            writer.TryComplete(e);
        }
    }

    /// <exception cref="AudioDeviceException">The microphone failed to open or sent nothing.</exception>
    private async Task WaitForFirstAudioAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _firstAudio.Task.WaitAsync(_c.Options.FirstAudioTimeout, _c.Time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new AudioDeviceException(_c.Source.Name, string.Create(CultureInfo.InvariantCulture, $"no audio from the microphone within {_c.Options.FirstAudioTimeout.TotalSeconds:0} s"), "check it with `voicecoach record test.wav --seconds 3`");
        }
    }

    private sealed record AskOutcome(long? Ended, bool Quit, string? ItemId = null);

    private async Task<AskOutcome> AskAsync(PracticeItem item, ChannelReader<AudioFrame> frames, CancellationToken cancellationToken)
    {
        var question = Resolve(item);
        var main = State.Items.Where(i => i.FollowUpOf is null).ToList();
        var number = main.IndexOf(State.Find(item.FollowUpOf ?? item.Id) ?? item) + 1;
        _c.View.Question(number, main.Count, Label(item), question, item.Text);
        await SpeakAsync(item.Text, cancellationToken);
        while (true)
        {
            await _c.View.CueAsync(!_c.Options.HandsFree, _c.Options.CountdownStep, cancellationToken);
            if (_c.Options.HandsFree && _speak && _c.Sink is { } sink)
            {
                await PlayToneAsync(sink, cancellationToken);
            }

            var take = await RecordTakeAsync(item, question, frames, cancellationToken);
            switch (take.Kind)
            {
                case TakeEnd.Redo:
                    var kept = KeepTake(item);
                    _c.View.Line($"[grey]Take kept as {Markup.Escape(kept ?? "nothing")}; answer again.[/]");
                    continue;
                case TakeEnd.Skip:
                    KeepTake(item);
                    item.Status = PracticeStatus.Skipped;
                    Save();
                    _c.View.Line($"[grey]{Markup.Escape(Label(item))} skipped.[/]");
                    return new AskOutcome(null, false);
                case TakeEnd.Quit when !take.SpeechHeard:
                    KeepTake(item);
                    item.Status = PracticeStatus.Pending;
                    Save();
                    _c.View.Line("[yellow]Stopped. Nothing was said for this question; it will be asked again with --resume.[/]");
                    return new AskOutcome(null, true);
                default:
                    AcceptTake(item, question, take);
                    return new AskOutcome(take.EndedAt, take.Kind == TakeEnd.Quit, item.Id);
            }
        }
    }

    private async Task SpeakAsync(string text, CancellationToken cancellationToken)
    {
        if (!_speak)
        {
            return;
        }

        try
        {
            await _c.Speaker.SpeakAsync(text, cancellationToken);
        }
        catch (Exception e) when (e is SpeechSynthesisException or AudioDeviceException)
        {
            _speak = false;
            _c.Logger.LogWarning(e, "Speaking the question failed");
            _c.View.Line($"[yellow]Questions will be shown, not spoken: {Markup.Escape(e.Message)} (--no-speak hides this)[/]");
        }
    }

    private async Task PlayToneAsync(IAudioSink sink, CancellationToken cancellationToken)
    {
        var tone = new float[AudioClip.SampleRate * 15 / 100];
        for (var i = 0; i < tone.Length; i++)
        {
            var envelope = Math.Min(1.0, Math.Min(i, tone.Length - i) / 160.0);
            tone[i] = (float)(0.25 * envelope * Math.Sin(2 * Math.PI * 880 * i / AudioClip.SampleRate));
        }

        try
        {
            await sink.PlayAsync(new AudioClip(tone, "cue"), cancellationToken);
        }
        catch (AudioDeviceException e)
        {
            _c.Logger.LogWarning(e, "Cue tone failed");
        }
    }

    private enum TakeEnd
    {
        Key,
        Silence,
        Source,
        Limit,
        Redo,
        Skip,
        Quit,
    }

    private sealed record Take(
        TakeEnd Kind,
        long EndedAt,
        ITranscriptionStream Stream,
        List<float> Probabilities,
        long Samples,
        TimeSpan StreamStart,
        TimeSpan? SpeechEnd,
        bool SpeechHeard);

    private async Task<Take> RecordTakeAsync(PracticeItem item, Question question, ChannelReader<AudioFrame> frames, CancellationToken cancellationToken)
    {
        while (frames.TryRead(out _))
        {
            // Audio heard while the question was asked is not part of the answer.
        }

        _recording = true;

        var relative = $"{AnswersFolder}/{item.Id}.wav";
        var path = Path.Combine(_c.Directory, AnswersFolder, item.Id + ".wav");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        item.Status = PracticeStatus.Recording;
        item.Audio = relative;
        item.Transcript = null;
        item.Voice = null;
        Save();

        var writer = new StreamingWavWriter(path, AudioClip.SampleRate, 1);
        var stream = _c.Transcriber.Start(path);
        var vad = _c.Vad.CreateSession();
        var detector = new EndOfAnswerDetector(new EndOfAnswerOptions { TrailingSilence = _c.Options.Silence }, VadWindow);
        var probabilities = new List<float>();
        var fresh = new List<float>();
        var cued = _c.Source as ICuedAudioSource;
        if (cued is not null && item.SourceFile is { } file)
        {
            cued.Cue(file);
        }

        var target = question.TargetSeconds ?? _c.Rubric.TargetFor(question.Kind);
        TimeSpan? streamStart = null;
        var paused = false;
        var speechNow = false;
        var silentSince = _c.Time.GetTimestamp();
        var anySound = false;
        TakeEnd kind;
        try
        {
            kind = await _c.View.LiveAsync(async update =>
            {
                while (true)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return TakeEnd.Quit; // Ctrl+C ends the take as q does
                    }

                    switch (_c.Keys.Poll())
                    {
                        case PracticeKey.Finish:
                            return TakeEnd.Key;
                        case PracticeKey.Redo:
                            return TakeEnd.Redo;
                        case PracticeKey.Skip:
                            return TakeEnd.Skip;
                        case PracticeKey.Quit:
                            return TakeEnd.Quit;
                        case PracticeKey.Pause:
                            paused = !paused;
                            break;
                    }

                    if (!frames.TryRead(out var frame))
                    {
                        if (cued is { CueFinished: true })
                        {
                            return TakeEnd.Source;
                        }

                        // Not cancelled by Ctrl+C: the loop turns it into a quit within 50 ms (the capture ends with it).
                        var wait = frames.WaitToReadAsync(CancellationToken.None).AsTask();
                        await Task.WhenAny(wait, Task.Delay(50, CancellationToken.None));
                        if (cancellationToken.IsCancellationRequested)
                        {
                            return TakeEnd.Quit;
                        }

                        if (wait.IsCompleted && !await wait)
                        {
                            return TakeEnd.Source; // the source ended (or failed: the pump completed the channel)
                        }

                        continue;
                    }

                    if (!paused)
                    {
                        streamStart ??= frame.Timestamp;
                        writer.Write(frame.Samples);
                        stream.Push(frame.Samples);
                        fresh.Clear();
                        vad.Push(frame.Samples, fresh);
                        foreach (var p in fresh)
                        {
                            probabilities.Add(p);
                            detector.Observe(p);
                            speechNow = p >= 0.5f || (speechNow && p >= 0.35f);
                        }
                    }

                    if (frame.Level.Peak > 1e-4f)
                    {
                        anySound = true;
                        silentSince = _c.Time.GetTimestamp();
                    }

                    update(new LiveStatus
                    {
                        Label = Label(item),
                        Question = item.Text,
                        Elapsed = writer.Duration,
                        Target = target,
                        Level = frame.Level,
                        SpeechNow = speechNow && !paused,
                        SpeechHeard = detector.SpeechDetected,
                        Silence = detector.LastSpeechEnd is { } end && !speechNow ? detector.Position - end : TimeSpan.Zero,
                        SilenceLimit = _c.Options.Silence,
                        HandsFree = _c.Options.HandsFree,
                        Paused = paused,
                        Background = _processing.Values.Count(t => !t.IsCompleted),
                        Warning = _c.Time.GetElapsedTime(silentSince) > TimeSpan.FromSeconds(3) && cued is null
                            ? (anySound ? "No sound from the microphone for a while: is it muted?" : "No sound from the microphone: is it muted or unplugged? (--device NAME picks another; see `voicecoach devices`)")
                            : null,
                    });

                    if (_c.Options.HandsFree && detector.IsEnded)
                    {
                        return TakeEnd.Silence;
                    }

                    if (cued is { CueFinished: true } && frames.Count == 0)
                    {
                        return TakeEnd.Source;
                    }

                    if (writer.Duration >= _c.Options.MaxAnswer)
                    {
                        return TakeEnd.Limit;
                    }
                }
            });
        }
        catch
        {
            _recording = false;
            await writer.DisposeAsync();
            await stream.DisposeAsync();
            throw;
        }

        _recording = false;

        var endedAt = _c.Time.GetTimestamp();
        var samples = writer.FramesWritten;
        await writer.DisposeAsync();
        TimeSpan? speechEnd = detector.IsEnded ? detector.LastSpeechEnd : null;
        if (speechEnd is null && detector.SpeechDetected)
        {
            var segments = VadSegmenter.FromProbabilities(probabilities.ToArray(), VadOptions.Default, VadWindow);
            speechEnd = segments.Count > 0 ? segments[^1].End : null;
        }

        item.DurationS = Math.Round(samples / (double)AudioClip.SampleRate, 3);
        item.StreamStartS = Math.Round((streamStart ?? TimeSpan.Zero).TotalSeconds, 3);
        item.SpeechEndS = speechEnd is { } se ? Math.Round(se.TotalSeconds, 3) : null;
        item.EndedBy = kind switch
        {
            TakeEnd.Key => "key",
            TakeEnd.Silence => "silence",
            TakeEnd.Source => "source",
            TakeEnd.Limit => "limit",
            TakeEnd.Quit => "quit",
            TakeEnd.Redo => "redo",
            _ => "skip",
        };
        if (kind is TakeEnd.Redo or TakeEnd.Skip || (kind == TakeEnd.Quit && !detector.SpeechDetected))
        {
            await stream.DisposeAsync();
        }

        return new Take(kind, endedAt, stream, probabilities, samples, streamStart ?? TimeSpan.Zero, speechEnd, detector.SpeechDetected);
    }

    private void AcceptTake(PracticeItem item, Question question, Take take)
    {
        lock (_gate)
        {
            item.Status = PracticeStatus.Recorded;
            AddFollowUps(item, question);
            Save();
        }

        var how = take.Kind switch
        {
            TakeEnd.Silence => string.Create(CultureInfo.InvariantCulture, $"ended after {_c.Options.Silence.TotalSeconds:0.#} s of silence"),
            TakeEnd.Source => "recording finished",
            TakeEnd.Limit => "time limit reached",
            TakeEnd.Quit => "stopped",
            _ => "finished",
        };
        _c.View.Line(string.Create(CultureInfo.InvariantCulture, $"[green]✓[/] {Markup.Escape(Label(item))}: {Core.Text.TimeFormat.Duration(item.DurationS ?? 0)} recorded ({how}); transcribing in the background."));
        StartProcessing(item, take.Stream, take.Probabilities, take.Samples);
    }

    private void AddFollowUps(PracticeItem item, Question question)
    {
        if (_c.Options.FollowUps <= 0 || item.FollowUpOf is not null || item.SourceFile is not null || question.FollowUps.Count == 0
            || State.Items.Any(i => i.FollowUpOf == item.Id))
        {
            return;
        }

        var at = State.Items.IndexOf(item) + 1;
        for (var k = 0; k < Math.Min(_c.Options.FollowUps, question.FollowUps.Count); k++)
        {
            State.Items.Insert(at + k, new PracticeItem
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"{item.Id}f{k + 1}"),
                QuestionId = item.QuestionId,
                Text = question.FollowUps[k],
                FollowUpOf = item.Id,
            });
        }
    }

    /// <summary>Transcribes and grades an accepted answer in the background; not cancelled by Ctrl+C (the report needs it).</summary>
    private void StartProcessing(PracticeItem item, ITranscriptionStream? stream, List<float>? probabilities, long samples)
    {
        var task = Task.Run(() => ProcessAsync(item, stream, probabilities, samples, CancellationToken.None), CancellationToken.None);
        lock (_gate)
        {
            _processing[item.Id] = task;
        }
    }

    /// <summary>Transcript (from the live stream, the state file, or the WAV), voice activity, then the grade.</summary>
    private async Task<GradedAnswer?> ProcessAsync(PracticeItem item, ITranscriptionStream? stream, List<float>? probabilities, long samples, CancellationToken cancellationToken)
    {
        try
        {
            Transcript transcript;
            VoiceActivity? voice;
            bool hasSpeech;
            if (item.Transcript is { } stored && item.Status == PracticeStatus.Transcribed)
            {
                transcript = stored.ToTranscript();
                voice = item.Voice?.ToVoiceActivity();
                hasSpeech = item.Voice?.HasSpeech ?? transcript.Segments.Count > 0;
                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }
            }
            else
            {
                VadResult vad;
                if (stream is null)
                {
                    // Resumed: the audio is on disk but was not transcribed before the interruption.
                    var clip = AudioFileReader.ReadClip(Path.Combine(_c.Directory, item.Audio!), cancellationToken);
                    vad = _c.Vad.Detect(clip);
                    await using var replay = _c.Transcriber.Start(clip.Source);
                    replay.Push(clip.Samples);
                    transcript = await replay.CompleteAsync(cancellationToken);
                    samples = clip.Samples.Length;
                }
                else
                {
                    await using (stream)
                    {
                        transcript = await stream.CompleteAsync(cancellationToken);
                    }

                    lock (_gate)
                    {
                        _transcriptReady[item.Id] = _c.Time.GetTimestamp();
                    }

                    var probs = probabilities!.ToArray();
                    vad = new VadResult(probs, VadSegmenter.FromProbabilities(probs, VadOptions.Default, VadWindow), (int)samples, VadWindow, VadOptions.Default);
                }

                hasSpeech = vad.HasSpeech;
                if (!hasSpeech)
                {
                    // Recognisers invent words in silence; nothing said is nothing said.
                    transcript = Transcript.Empty(transcript.Engine);
                }

                voice = hasSpeech
                    ? new VoiceActivity(vad.SpokenStart!.Value, vad.SpokenEnd!.Value, vad.Pauses.Count, vad.Pauses.Total.TotalSeconds, vad.Pauses.Longest.TotalSeconds, vad.Pauses.LongPauseCount)
                    : null;
                lock (_gate)
                {
                    item.Transcript = PracticeTranscript.From(transcript);
                    item.Voice = voice is null
                        ? new PracticeVoice { HasSpeech = false }
                        : new PracticeVoice
                        {
                            HasSpeech = true,
                            SpokenStart = Math.Round(voice.SpokenStart.TotalSeconds, 3),
                            SpokenEnd = Math.Round(voice.SpokenEnd.TotalSeconds, 3),
                            Pauses = voice.Pauses,
                            PauseS = Math.Round(voice.PauseSeconds, 3),
                            LongestPauseS = Math.Round(voice.LongestPauseSeconds, 3),
                            LongPauses = voice.LongPauses,
                        };
                    item.Status = PracticeStatus.Transcribed;
                    Save();
                }
            }

            var answer = new AnswerToGrade
            {
                Index = State.Items.IndexOf(item) + 1,
                Question = Resolve(item),
                Transcript = transcript,
                Duration = TimeSpan.FromSeconds(item.DurationS ?? samples / (double)AudioClip.SampleRate),
                AudioPath = item.Audio,
                Voice = voice,
            };
            var started = _c.Time.GetTimestamp();
            var graded = await _c.Grader.GradeAsync(answer, cancellationToken);
            lock (_gate)
            {
                _gradingMs += _c.Time.GetElapsedTime(started).TotalMilliseconds;
            }

            return graded;
        }
        catch (Exception e) when (e is TranscriptionException or AudioFormatException)
        {
            _c.Logger.LogError(e, "Answer {Item} could not be transcribed", item.Id);
            _c.View.Line($"[red]{Markup.Escape(Label(item))}: {Markup.Escape(e.Message)}[/]");
            return null;
        }
    }

    private async Task<PracticeResult> FinishAsync(long? lastAnswerEnd, bool finished, CancellationToken cancellationToken)
    {
        Dictionary<string, Task<GradedAnswer?>> tasks;
        lock (_gate)
        {
            tasks = new(_processing);
        }

        var results = new Dictionary<string, GradedAnswer>();
        foreach (var (id, task) in tasks)
        {
            if (await task.WaitAsync(cancellationToken) is { } graded)
            {
                results[id] = graded;
            }
        }

        // Number the answers in the order asked; link follow-ups to their parent's number.
        var ordered = new List<GradedAnswer>();
        var numbers = new Dictionary<string, int>();
        foreach (var item in State.Items)
        {
            if (results.TryGetValue(item.Id, out var g))
            {
                numbers[item.Id] = ordered.Count + 1;
                int? parent = item.FollowUpOf is { } p && numbers.TryGetValue(p, out var n) ? n : null;
                ordered.Add(g with { Answer = g.Answer with { Index = ordered.Count + 1, FollowUpOf = parent } });
            }
        }

        if (ordered.Count == 0)
        {
            Save();
            return new PracticeResult(null, null, finished, null);
        }

        var session = await _c.SessionGrader.ReviewAsync(_c.SessionGrader.Assemble(State.Id, ordered, TimeSpan.FromMilliseconds(_gradingMs)), cancellationToken);
        var timings = new Dictionary<string, double>(session.Timings);
        session = session with { Timings = timings };
        var report = SessionFolder.Write(session, _c.Company, _c.Directory);
        double? latency = null;
        if (lastAnswerEnd is { } end)
        {
            // Measured to the moment report.md was renamed into place; the files are then rewritten with the figure.
            latency = Math.Round(_c.Time.GetElapsedTime(end).TotalMilliseconds, 1);
            timings["feedback_latency_ms"] = latency.Value;
            if (_lastItem is { } last && _transcriptReady.TryGetValue(last, out var ready))
            {
                // Of which: waiting for the recogniser to finish the last answer.
                timings["last_transcript_ms"] = Math.Round(Math.Max(0, (ready - end) * 1000.0 / _c.Time.TimestampFrequency), 1);
            }

            session = session with { Timings = timings };
            SessionFolder.Write(session, _c.Company, _c.Directory);
        }

        State.Finished = finished;
        Save();
        return new PracticeResult(session, report, finished, latency);
    }

    private Question Resolve(PracticeItem item)
    {
        if (item.FollowUpOf is { } parentId && State.Find(parentId) is { } parentItem)
        {
            var parent = Resolve(parentItem);
            var guess = Question.AdHoc(item.Text, parent.Company);
            return guess with
            {
                Id = $"{parent.Id}#{item.Id}",
                Round = parent.Round,
                Company = parent.Company,
                Bank = parent.Bank,
                Values = parent.Values,
                Tags = parent.Tags,
                Difficulty = parent.Difficulty,
                TargetSeconds = (15, 45),
                IgnoreRedFlags = parent.IgnoreRedFlags,
            };
        }

        return _c.Catalog.Find(item.QuestionId) ?? _c.Catalog.FindByText(item.Text) ?? Question.AdHoc(item.Text, State.Company);
    }

    private string Label(PracticeItem item)
    {
        var main = State.Items.Where(i => i.FollowUpOf is null).ToList();
        if (item.FollowUpOf is { } parent && State.Find(parent) is { } p)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Q{main.IndexOf(p) + 1} follow-up");
        }

        return string.Create(CultureInfo.InvariantCulture, $"Q{main.IndexOf(item) + 1}");
    }

    /// <summary>Moves the item's current WAV (repaired if a crash left it) aside as an earlier take; returns its relative path.</summary>
    private string? KeepTake(PracticeItem item)
    {
        if (item.Audio is null)
        {
            return null;
        }

        var path = Path.Combine(_c.Directory, item.Audio);
        item.Audio = null;
        if (!File.Exists(path) || new FileInfo(path).Length <= 44)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            Save();
            return null;
        }

        if (WavRepair.Inspect(path).NeedsRepair)
        {
            WavRepair.Repair(path);
        }

        string relative;
        for (var n = 1; ; n++)
        {
            relative = string.Create(CultureInfo.InvariantCulture, $"{AnswersFolder}/{item.Id}.take{n}.wav");
            if (!File.Exists(Path.Combine(_c.Directory, relative)))
            {
                break;
            }
        }

        File.Move(path, Path.Combine(_c.Directory, relative));
        item.EarlierTakes.Add(relative);
        Save();
        return relative;
    }

    private void Save()
    {
        lock (_gate)
        {
            SessionFolder.WriteAtomic(Path.Combine(_c.Directory, PracticeState.FileName), State.Write);
        }
    }
}
