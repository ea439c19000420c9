using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Practice;

namespace VoiceCoach.Tests.Practice;

/// <summary>A recogniser that hears the same sentence in any audio, spread over the audio pushed; records what it was given.</summary>
internal sealed class FakeStreamingTranscriber : IStreamingTranscriber
{
    public const string Sentence = "In my last role I led the migration of our pipeline and I cut the cost by thirty percent";

    public List<long> PushedSamples { get; } = [];

    public int Started { get; private set; }

    public int Abandoned { get; private set; }

    public string EngineName => "fake engine";

    public ITranscriptionStream Start(string source)
    {
        Started++;
        return new Stream(this);
    }

    private sealed class Stream(FakeStreamingTranscriber owner) : ITranscriptionStream
    {
        private long _samples;
        private bool _completed;

        public void Push(ReadOnlySpan<float> samples) => _samples += samples.Length;

        public Task<Transcript> CompleteAsync(CancellationToken cancellationToken)
        {
            _completed = true;
            lock (owner)
            {
                owner.PushedSamples.Add(_samples);
            }

            var duration = TimeSpan.FromSeconds(Math.Max(1, _samples) / 16000.0);
            return Task.FromResult(TranscriptTiming.Estimate(Sentence, duration) with { Engine = owner.EngineName });
        }

        public ValueTask DisposeAsync()
        {
            if (!_completed)
            {
                lock (owner)
                {
                    owner.Abandoned++;
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Records every event the session emits; lets a test send commands at a point of an answer.</summary>
internal sealed class RecordingObserver : IPracticeObserver
{
    public List<PracticeEvent> Events { get; } = [];

    /// <summary>The session commands go to (set once it is created).</summary>
    public PracticeSession? Session { get; set; }

    /// <summary>Called with every progress event; returns a command to send, or null.</summary>
    public Func<AnswerProgress, SessionCommand?> OnProgress { get; set; } = _ => null;

    /// <summary>Called with every event.</summary>
    public Action<PracticeEvent> OnAny { get; set; } = _ => { };

    public IReadOnlyList<string> Notices => Of<PracticeNotice>().Select(n => n.Text).ToList();

    public IReadOnlyList<AnswerProgress> Statuses => Of<AnswerProgress>();

    public IReadOnlyList<T> Of<T>()
        where T : PracticeEvent
    {
        lock (Events)
        {
            return Events.OfType<T>().ToList();
        }
    }

    public void OnEvent(PracticeEvent e)
    {
        lock (Events)
        {
            Events.Add(e);
        }

        OnAny(e);
        if (e is AnswerProgress p && OnProgress(p) is { } command)
        {
            Session!.Send(command);
        }
    }
}

/// <summary>A speaker that says nothing and remembers what it was asked to say.</summary>
internal sealed class RecordingSpeaker : ISpeaker
{
    public List<string> Said { get; } = [];

    public string Name => "recording speaker";

    public Task SpeakAsync(string text, CancellationToken cancellationToken = default)
    {
        lock (Said)
        {
            Said.Add(text);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A microphone that hears a script: one recording per answer, each delivered (followed by silence) only once the
/// runner starts recording, as fast as it is read. What a live microphone gives, without waiting in real time.
/// </summary>
internal sealed class ScriptedMicrophone(IReadOnlyList<float[]> answers, TimeSpan silence) : IAudioSource, IDisposable
{
    private readonly SemaphoreSlim _next = new(0);

    public void Dispose() => _next.Dispose();

    public string Name => "scripted microphone";

    public AudioLevel Level => AudioLevel.Silent;

    /// <summary>Lets the next answer play (the test calls this when the runner asks a question).</summary>
    public void Next() => _next.Release();

    public async IAsyncEnumerable<AudioFrame> CaptureAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long emitted = 0;
        yield return new AudioFrame(new float[320], TimeSpan.Zero); // the device opens
        emitted += 320;
        foreach (var answer in answers)
        {
            await _next.WaitAsync(cancellationToken);
            var all = answer.Concat(new float[(int)(silence.TotalSeconds * 16000)]).ToArray();
            for (var i = 0; i < all.Length; i += 320)
            {
                var frame = all.AsSpan(i, Math.Min(320, all.Length - i)).ToArray();
                yield return new AudioFrame(frame, TimeSpan.FromSeconds(emitted / 16000.0));
                emitted += frame.Length;
            }
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
