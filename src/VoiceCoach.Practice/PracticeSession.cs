using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Practice;

/// <summary>
/// A practice session, with no UI: asks each pending question of the plan (shown through events, spoken by the
/// speaker), records the answer (crash-safe WAV, streamed to the recogniser as it is spoken, VAD for the live display,
/// hands-free ending, the wait for speech and the interviewer's cut-in), transcribes and grades each answer in the
/// background while the next is asked, and at the end writes the report. Views follow it through
/// <see cref="IPracticeObserver"/> and steer it with <see cref="Send"/>. practice.json is rewritten (atomically) after
/// every change, so any interruption can be resumed.
/// </summary>
/// <remarks>
/// Threading: <see cref="RunAsync"/> runs the session loop on the caller's context; one pump task moves frames from the
/// source into a channel; background tasks per answer touch the state only under the book's gate. Events are delivered
/// one at a time. <see cref="Send"/> may be called from any thread.
/// </remarks>
public sealed class PracticeSession
{
    private readonly PracticeContext _c;
    private readonly PracticeBook _book;
    private readonly CommandInbox _commands = new();
    private readonly AnswerPipeline _pipeline;
    private readonly TakeRecorder _recorder;
    private readonly Lock _emitGate = new();
    private readonly TaskCompletionSource _firstAudio = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _speak = true;

    public PracticeSession(PracticeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Options.Validate();
        _c = context;
        _book = new PracticeBook(context.State, context.Directory, context.Catalog, context.Rubric);
        _pipeline = new AnswerPipeline(context, _book, Emit);
        _recorder = new TakeRecorder(context, _book, _commands, Emit, () => _pipeline.Busy);
    }

    /// <summary>The answers folder inside the session.</summary>
    public const string AnswersFolder = PracticeBook.AnswersFolder;

    private PracticeState State => _c.State;

    /// <summary>Tells the session what the candidate wants (done, redo, repeat, skip, pause, quit); any thread.</summary>
    public void Send(SessionCommand command) => _commands.Send(command);

    /// <summary>
    /// Asks every pending question, then waits for the background work and writes the report.
    /// <paramref name="cancellationToken"/> (Ctrl+C) stops the asking as quit does: the answer being recorded is kept if
    /// anything was said, and the answers so far are still transcribed, graded and reported.
    /// </summary>
    /// <exception cref="AudioDeviceException">The microphone failed to open or sent nothing.</exception>
    public async Task<PracticeResult> RunAsync(CancellationToken cancellationToken)
    {
        using var wake = cancellationToken.Register(_commands.Wake);
        ResumeCheck.Run(_book, _pipeline, Emit);
        using var warmUpStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var warmUp = Task.Run(() => WarmUpAsync(warmUpStop.Token), CancellationToken.None);
        (long? End, string? Item) last = (null, null);
        var finished = State.NextPending() is null;
        try
        {
            foreach (var item in State.Items.Where(i => i.Status is PracticeStatus.Recorded or PracticeStatus.Transcribed))
            {
                _pipeline.Start(item, null);
            }

            if (!finished)
            {
                (last, finished) = await AskAllAsync(cancellationToken);
            }
        }
        catch
        {
            // The warm-up runs the process's sentence encoder (native ONNX Runtime): it must stop before the caller
            // disposes the encoder on the way out, or the process dies in native code instead of printing the error.
            await warmUpStop.CancelAsync();
            throw;
        }
        finally
        {
            await warmUp;
        }

        var result = await _pipeline.FinishAsync(last.End, last.Item, finished, CancellationToken.None);
        Emit(new SessionDone(result));
        return result;
    }

    private void Emit(PracticeEvent e)
    {
        lock (_emitGate)
        {
            try
            {
                _c.Observer.OnEvent(e);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A view that fails (a closed page) must not stop the session: what is recorded is still graded.
                _c.Logger.LogWarning(ex, "The view failed on {Event}", e.GetType().Name);
            }
        }
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
                Question = _book.Resolve(State.Items[0]),
                Transcript = TranscriptTiming.Estimate("In my last role I led the migration of our training pipeline and we cut the cost by thirty percent.", TimeSpan.FromSeconds(8)),
                Duration = TimeSpan.FromSeconds(8),
            };
            // The rubric alone: warming up must not spend an LLM call (the LLM grader runs this same rubric first).
            _c.Semantic.WarmUp(_c.Company, State.Items.Select(_book.Resolve), cancellationToken);
            var graded = await _c.RubricGrader.GradeAsync(answer, cancellationToken);
            var session = _c.SessionGrader.Assemble(State.Id, [graded], TimeSpan.Zero);
            SessionJsonWriter.Write(session, Stream.Null);
            new MarkdownReportWriter(_c.Company).Write(session, TextWriter.Null);
            TimelineSvgWriter.Write(graded, TextWriter.Null);
        }
        catch (Exception e)
        {
            _c.Logger.LogDebug(e, "Warm-up failed or was stopped (harmless)");
        }
    }

    private async Task<((long? End, string? Item) Last, bool Finished)> AskAllAsync(CancellationToken cancellationToken)
    {
        using var capture = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Back-pressure while recording (nothing recorded is dropped); between answers the pump discards audio.
        var frames = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });
        var pump = Task.Run(() => PumpAsync(frames.Writer, capture.Token), CancellationToken.None);
        (long? End, string? Item) last = (null, null);
        var finished = false;
        try
        {
            if (_c.Source is not ICuedAudioSource)
            {
                await WaitForFirstAudioAsync(cancellationToken);
            }

            Emit(new SessionReady(_c.Source.Name, State.Items.Any(i => i.Status != PracticeStatus.Pending)));
            while (State.NextPending() is { } item)
            {
                var outcome = await AskAsync(item, frames.Reader, cancellationToken);
                if (outcome.Ended is { } end)
                {
                    last = (end, item.Id);
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
            Emit(new PracticeNotice(NoticeKind.Warning, "Stopped (Ctrl+C): the answers recorded so far are kept and graded; press Ctrl+C again to leave at once."));
        }

        return (last, finished);
    }

    private async Task PumpAsync(ChannelWriter<AudioFrame> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _c.Source.CaptureAsync(cancellationToken))
            {
                _firstAudio.TrySetResult();
                if (_recorder.Recording)
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

    private sealed record AskOutcome(long? Ended, bool Quit);

    private async Task<AskOutcome> AskAsync(PracticeItem item, ChannelReader<AudioFrame> frames, CancellationToken cancellationToken)
    {
        var question = _book.Resolve(item);
        var target = _book.TargetOf(question);
        var asked = new QuestionAsked(item.Id, _book.Number(item), _book.Main.Count, _book.Label(item), item.FollowUpOf is not null, item.Text, target, _c.Rubric.TooLongAfterSeconds(target));
        Emit(asked);
        await SpeakAsync(item.Text, cancellationToken);
        while (true)
        {
            await CueAsync(cancellationToken);
            var take = await _recorder.RecordAsync(item, question, frames, cancellationToken);
            var kept = take.Kind switch
            {
                AnswerEnd.Redo or AnswerEnd.Repeat or AnswerEnd.Skip => false,
                AnswerEnd.Quit => take.SpeechHeard,
                AnswerEnd.Source when take.SourceEnded => take.SpeechHeard,
                _ => true,
            };
            Emit(new AnswerEnded(item.Id, asked.Label, take.Kind, item.DurationS ?? 0, take.SpeechHeard, kept));
            switch (take.Kind)
            {
                case AnswerEnd.Redo or AnswerEnd.Repeat:
                    await take.Stream.DisposeAsync();
                    var earlier = _book.SetAside(item, take.SpeechHeard);
                    Emit(new PracticeNotice(NoticeKind.Info, earlier is null ? "Answer again." : $"Take kept as {earlier}; answer again."));
                    if (take.Kind == AnswerEnd.Repeat)
                    {
                        Emit(asked);
                        await SpeakAsync(item.Text, cancellationToken);
                    }

                    continue;
                case AnswerEnd.Skip:
                    await take.Stream.DisposeAsync();
                    _book.SetAside(item, take.SpeechHeard);
                    item.Status = PracticeStatus.Skipped;
                    _book.Save();
                    Emit(new PracticeNotice(NoticeKind.Info, $"{asked.Label} skipped."));
                    return new AskOutcome(null, false);
                case AnswerEnd.Quit or AnswerEnd.Source when !kept:
                    await take.Stream.DisposeAsync();
                    _book.SetAside(item, take.SpeechHeard);
                    item.Status = PracticeStatus.Pending;
                    _book.Save();
                    Emit(new PracticeNotice(NoticeKind.Warning, take.SourceEnded
                        ? "The microphone stopped. Nothing was said for this question; it will be asked again when the session is resumed."
                        : "Stopped. Nothing was said for this question; it will be asked again when the session is resumed."));
                    return new AskOutcome(null, true);
                default:
                    await AcceptAsync(item, question, take, cancellationToken);
                    return new AskOutcome(take.EndedAt, take.Kind == AnswerEnd.Quit || take.SourceEnded);
            }
        }
    }

    private async Task AcceptAsync(PracticeItem item, Core.Questions.Question question, Take take, CancellationToken cancellationToken)
    {
        lock (_book.Gate)
        {
            item.Status = PracticeStatus.Recorded;
            _book.AddFollowUps(item, question, _c.Options.FollowUps);
        }

        _book.Save();
        var how = take.Kind switch
        {
            AnswerEnd.Silence => string.Create(CultureInfo.InvariantCulture, $"ended after {_c.Options.Listening.TrailingSilence.TotalSeconds:0.#} s of silence"),
            AnswerEnd.Source => take.SourceEnded ? "the microphone stopped" : "recording finished",
            AnswerEnd.Limit => "time limit reached",
            AnswerEnd.CutIn => "the interviewer cut in at the too-long point",
            AnswerEnd.NoSpeech => "nothing was said: no answer",
            AnswerEnd.Quit => "stopped",
            _ => "finished",
        };
        var next = take.SpeechHeard ? "transcribing in the background" : "graded as no answer";
        Emit(new PracticeNotice(take.SpeechHeard ? NoticeKind.Success : NoticeKind.Warning, $"{_book.Label(item)}: {Core.Text.TimeFormat.Duration(item.DurationS ?? 0)} recorded ({how}); {next}."));
        _pipeline.Start(item, take);
        if (take.Kind == AnswerEnd.CutIn)
        {
            await SpeakAsync(_c.Options.CutInLine, cancellationToken);
        }
    }

    private async Task CueAsync(CancellationToken cancellationToken)
    {
        if (!_c.Options.HandsFree && _c.Options.CountdownStep > TimeSpan.Zero)
        {
            for (var n = 3; n >= 1; n--)
            {
                Emit(new CountdownTick(n));
                await Task.Delay(_c.Options.CountdownStep, _c.Time, cancellationToken);
            }

            Emit(new CountdownTick(0));
        }
        else if (_c.Options.HandsFree && _speak && _c.Sink is { } sink)
        {
            await PlayToneAsync(sink, cancellationToken);
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
            Emit(new PracticeNotice(NoticeKind.Warning, $"Questions will be shown, not spoken: {e.Message}"));
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
}
