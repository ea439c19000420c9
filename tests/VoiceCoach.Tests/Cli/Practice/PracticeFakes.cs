using VoiceCoach.Cli.Practice;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Tests.Cli.Practice;

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

/// <summary>Keys pressed by the test, read by the runner's poll.</summary>
internal sealed class FakeKeys : IPracticeKeys
{
    private readonly Queue<PracticeKey> _keys = new();

    public void Press(PracticeKey key)
    {
        lock (_keys)
        {
            _keys.Enqueue(key);
        }
    }

    public PracticeKey Poll()
    {
        lock (_keys)
        {
            return _keys.Count > 0 ? _keys.Dequeue() : PracticeKey.None;
        }
    }
}

/// <summary>Records what the candidate would see; lets a test press keys at a point of an answer.</summary>
internal sealed class FakeView(FakeKeys keys) : IPracticeView
{
    public List<string> Lines { get; } = [];

    public List<string> Questions { get; } = [];

    public List<LiveStatus> Statuses { get; } = [];

    /// <summary>Called with every live status; returns a key to press, or null.</summary>
    public Func<LiveStatus, PracticeKey?> OnStatus { get; set; } = _ => null;

    public void Intro(string title, IReadOnlyList<string> lines) => Lines.Add(title);

    public void Question(int number, int total, string label, Question question, string text) => Questions.Add($"{label}: {text}");

    public Task CueAsync(bool countdown, TimeSpan step, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when recording starts (before any status).</summary>
    public Action OnRecording { get; set; } = () => { };

    public Task<T> LiveAsync<T>(Func<Action<LiveStatus>, Task<T>> record)
    {
        OnRecording();
        return Record(record);
    }

    private Task<T> Record<T>(Func<Action<LiveStatus>, Task<T>> record) => record(status =>
    {
        Statuses.Add(status);
        if (OnStatus(status) is { } key)
        {
            keys.Press(key);
        }
    });

    public void Line(string markup)
    {
        lock (Lines)
        {
            Lines.Add(markup);
        }
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
