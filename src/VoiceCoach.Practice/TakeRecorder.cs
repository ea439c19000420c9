using System.Threading.Channels;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Practice;

/// <summary>One recording of an answer, as it ended.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="EndedAt">Timestamp (the session's clock) when it ended.</param>
/// <param name="Stream">The recogniser's stream, fed as the answer was spoken; the taker completes or disposes it.</param>
/// <param name="Probabilities">The VAD's speech probability per 32 ms window.</param>
/// <param name="Samples">Samples recorded.</param>
/// <param name="SpeechHeard">Enough speech was heard for the answer to count.</param>
/// <param name="SourceEnded">The microphone stopped for good (not a recorded answer's end).</param>
internal sealed record Take(AnswerEnd Kind, long EndedAt, ITranscriptionStream Stream, List<float> Probabilities, long Samples, bool SpeechHeard, bool SourceEnded);

/// <summary>
/// Records one take of an answer: every frame to a crash-safe WAV, to the recogniser's stream and to the VAD; ends it
/// on a command, on silence (hands-free), at the rubric's too-long point (the interviewer cuts in), when nobody speaks
/// (hands-free), at the length limit, or when the source ends. Reports progress after every frame.
/// </summary>
/// <remarks>Runs on the session loop; reads commands from <see cref="CommandInbox"/>.</remarks>
internal sealed class TakeRecorder(PracticeContext c, PracticeBook book, CommandInbox commands, Action<PracticeEvent> emit, Func<int> background)
{
    /// <summary>Samples per VAD window.</summary>
    public const int VadWindow = 512;

    private static readonly TimeSpan SilentMicrophoneAfter = TimeSpan.FromSeconds(3);

    private volatile bool _recording;

    /// <summary>True while frames should be kept (the pump drops audio between answers).</summary>
    public bool Recording => _recording;

    public async Task<Take> RecordAsync(PracticeItem item, Question question, ChannelReader<AudioFrame> frames, CancellationToken cancellationToken)
    {
        while (frames.TryRead(out _))
        {
            // Audio heard while the question was asked is not part of the answer.
        }

        _recording = true;
        var relative = $"{PracticeBook.AnswersFolder}/{item.Id}.wav";
        var path = book.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        lock (book.Gate)
        {
            item.Status = PracticeStatus.Recording;
            item.Audio = relative;
            item.Transcript = null;
            item.Voice = null;
            item.StreamStartS = null;
        }

        book.Save();
        var listen = new Listening(c, book, item, question, emit);
        if (c.Source is ICuedAudioSource cued && item.SourceFile is { } file)
        {
            cued.Cue(file);
        }

        emit(new ListeningStarted(item.Id, book.Label(item), c.Options.HandsFree));

        try
        {
            var kind = await LoopAsync(listen, frames, cancellationToken);
            return await listen.FinishAsync(kind);
        }
        catch
        {
            await listen.AbandonAsync();
            throw;
        }
        finally
        {
            _recording = false;
        }
    }

    private async Task<AnswerEnd> LoopAsync(Listening listen, ChannelReader<AudioFrame> frames, CancellationToken cancellationToken)
    {
        var cued = c.Source as ICuedAudioSource;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return AnswerEnd.Quit; // Ctrl+C ends the take as quit does
            }

            while (commands.TryRead(out var command))
            {
                switch (command)
                {
                    case SessionCommand.Done:
                        return AnswerEnd.Done;
                    case SessionCommand.Redo:
                        return AnswerEnd.Redo;
                    case SessionCommand.Repeat:
                        return AnswerEnd.Repeat;
                    case SessionCommand.Skip:
                        return AnswerEnd.Skip;
                    case SessionCommand.Quit:
                        return AnswerEnd.Quit;
                    case SessionCommand.Pause:
                        listen.Paused = !listen.Paused;
                        break;
                }
            }

            if (!frames.TryRead(out var frame))
            {
                if (cued is { CueFinished: true })
                {
                    return AnswerEnd.Source;
                }

                // Wait for audio, a command or Ctrl+C (which the inbox turns into a wake-up), whichever comes first.
                var wait = frames.WaitToReadAsync(CancellationToken.None).AsTask();
                await Task.WhenAny(wait, commands.WaitAsync());
                if (wait.IsCompleted && !await wait)
                {
                    listen.SourceEnded = cued is null; // the source ended (or failed: the pump completed the channel)
                    return AnswerEnd.Source;
                }

                continue;
            }

            listen.Add(frame);
            var ended = listen.Check(cued, frames.Count);
            emit(listen.Progress(background()));
            if (ended is { } end)
            {
                return end;
            }
        }
    }

    /// <summary>The state of one take while it is recorded. The WAV writer is closed by <see cref="FinishAsync"/> or <see cref="AbandonAsync"/>.</summary>
#pragma warning disable CA1001 // the writer's lifetime is the take's: FinishAsync or AbandonAsync closes it
    private sealed class Listening
#pragma warning restore CA1001
    {
        private readonly PracticeContext _c;
        private readonly PracticeItem _item;
        private readonly string _label;
        private readonly StreamingWavWriter _writer;
        private readonly ITranscriptionStream _stream;
        private readonly VadSession _vad;
        private readonly EndOfAnswerDetector _detector;
        private readonly List<float> _probabilities = [];
        private readonly List<float> _fresh = [];
        private readonly (double Min, double Max) _target;
        private readonly double _tooLongAfter;
        private readonly Action<PracticeEvent> _emit;
        private AudioLevel _level = AudioLevel.Silent;
        private bool _speechNow;
        private TimeSpan? _onset;
        private long _silentSince;
        private bool _anySound;
        private bool _noSpeechAnnounced;

        public Listening(PracticeContext c, PracticeBook book, PracticeItem item, Question question, Action<PracticeEvent> emit)
        {
            _c = c;
            _item = item;
            _label = book.Label(item);
            _writer = new StreamingWavWriter(book.PathOf(item.Audio!), AudioClip.SampleRate, 1, new StreamingWavWriterOptions { TimeProvider = c.Time });
            _stream = c.Transcriber.Start(book.PathOf(item.Audio!));
            _vad = c.Vad.CreateSession();
            _detector = new EndOfAnswerDetector(c.Options.Listening.EndOfAnswer, VadWindow);
            _target = book.TargetOf(question);
            _tooLongAfter = c.Rubric.TooLongAfterSeconds(_target);
            _silentSince = c.Time.GetTimestamp();
            _emit = emit;
        }

        public bool Paused { get; set; }

        public bool SourceEnded { get; set; }

        private TimeSpan Spoken => _onset is { } o ? _writer.Duration - o : TimeSpan.Zero;

        public void Add(AudioFrame frame)
        {
            if (!Paused)
            {
                _item.StreamStartS ??= Math.Round(frame.Timestamp.TotalSeconds, 3);
                _writer.Write(frame.Samples);
                _stream.Push(frame.Samples);
                _fresh.Clear();
                _vad.Push(frame.Samples, _fresh);
                foreach (var p in _fresh)
                {
                    _probabilities.Add(p);
                    _detector.Observe(p);
                    _speechNow = _c.Options.Listening.IsSpeech(p, _speechNow);
                }

                if (_onset is null && _detector.SpeechDetected)
                {
                    // Speech began when the speech heard so far started (a click or a cough before it does not count).
                    _onset = _detector.Position - _detector.SpeechDuration;
                    _emit(new SpeechStarted(_item.Id, _onset.Value));
                }
            }

            _level = frame.Level;
            if (frame.Level.Peak > 1e-4f)
            {
                _anySound = true;
                _silentSince = _c.Time.GetTimestamp();
            }
        }

        /// <summary>Whether the take ends after this frame, and why; a recorded answer ends once its last frame is read.</summary>
        public AnswerEnd? Check(ICuedAudioSource? cued, int framesWaiting)
        {
            var options = _c.Options;
            if (options.HandsFree && !_detector.SpeechDetected && !Paused && WaitForSpeech(cued) is { } none)
            {
                return none;
            }

            if (options.HandsFree && _detector.IsEnded)
            {
                return AnswerEnd.Silence;
            }

            if (options.CutIn && _onset is not null && Spoken.TotalSeconds >= _tooLongAfter)
            {
                _emit(new InterviewerCutIn(_item.Id, _label, options.CutInLine, Spoken));
                return AnswerEnd.CutIn;
            }

            if (cued is { CueFinished: true } && framesWaiting == 0)
            {
                return AnswerEnd.Source;
            }

            return _writer.Duration >= options.MaxAnswer ? AnswerEnd.Limit : null;
        }

        /// <summary>Hands-free, nobody has spoken: say so once the wait is over; move on at once without a keyboard, else after a second wait.</summary>
        private AnswerEnd? WaitForSpeech(ICuedAudioSource? cued)
        {
            var wait = _c.Options.Listening.SpeechStartTimeout;
            if (!_noSpeechAnnounced && _writer.Duration >= wait)
            {
                _noSpeechAnnounced = true;
                var movingOn = !_c.Options.Interactive || cued is not null;
                _emit(new NoSpeechHeard(_item.Id, _label, _writer.Duration, movingOn));
                return movingOn ? AnswerEnd.NoSpeech : null;
            }

            return _noSpeechAnnounced && _writer.Duration >= 2 * wait ? AnswerEnd.NoSpeech : null;
        }

        public AnswerProgress Progress(int background) => new()
        {
            ItemId = _item.Id,
            Label = _label,
            Question = _item.Text,
            Elapsed = _writer.Duration,
            Spoken = Spoken,
            Target = _target,
            TooLongAfter = _tooLongAfter,
            Level = _level,
            SpeechNow = _speechNow && !Paused,
            SpeechHeard = _detector.SpeechDetected,
            Silence = _detector.LastSpeechEnd is { } end && !_speechNow ? _detector.Position - end : TimeSpan.Zero,
            SilenceLimit = _c.Options.Listening.TrailingSilence,
            HandsFree = _c.Options.HandsFree,
            Paused = Paused,
            WaitingForSpeech = _noSpeechAnnounced && !_detector.SpeechDetected,
            Background = background,
            Warning = _c.Time.GetElapsedTime(_silentSince) > SilentMicrophoneAfter && _c.Source is not ICuedAudioSource
                ? (_anySound ? "No sound from the microphone for a while: is it muted?" : "No sound from the microphone: is it muted or unplugged?")
                : null,
        };

        /// <summary>Closes the WAV and records how the take ended in the item.</summary>
        public async Task<Take> FinishAsync(AnswerEnd kind)
        {
            var endedAt = _c.Time.GetTimestamp();
            var samples = _writer.FramesWritten;
            await _writer.DisposeAsync();
            TimeSpan? speechEnd = _detector.IsEnded ? _detector.LastSpeechEnd : null;
            if (speechEnd is null && _detector.SpeechDetected)
            {
                var segments = VadSegmenter.FromProbabilities(_probabilities.ToArray(), _c.Options.Listening.Segments, VadWindow);
                speechEnd = segments.Count > 0 ? segments[^1].End : null;
            }

            _item.DurationS = Math.Round(samples / (double)AudioClip.SampleRate, 3);
            _item.StreamStartS ??= 0;
            _item.SpeechEndS = speechEnd is { } se ? Math.Round(se.TotalSeconds, 3) : null;
            _item.EndedBy = EndedBy(kind);
            return new Take(kind, endedAt, _stream, _probabilities, samples, _detector.SpeechDetected, SourceEnded);
        }

        public async Task AbandonAsync()
        {
            await _writer.DisposeAsync();
            await _stream.DisposeAsync();
        }

        private static string EndedBy(AnswerEnd kind) => kind switch
        {
            AnswerEnd.Done => "key",
            AnswerEnd.Silence => "silence",
            AnswerEnd.Source => "source",
            AnswerEnd.Limit => "limit",
            AnswerEnd.CutIn => "cut-in",
            AnswerEnd.NoSpeech => "no-speech",
            AnswerEnd.Quit => "quit",
            AnswerEnd.Redo => "redo",
            AnswerEnd.Repeat => "repeat",
            _ => "skip",
        };
    }
}
