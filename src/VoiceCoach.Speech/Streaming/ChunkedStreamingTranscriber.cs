using VoiceCoach.Audio.Vad;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Streaming;

/// <summary>Settings for <see cref="ChunkedStreamingTranscriber"/>.</summary>
public sealed record ChunkingOptions
{
    /// <summary>A pause this long closes a chunk and sends it to the recogniser. Default 0.6 s.</summary>
    public TimeSpan ChunkPause { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Audio kept before and after the speech of a chunk. Default 0.2 s.</summary>
    public TimeSpan Padding { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest chunk: longer speech is cut here (Whisper reads 30 s windows). Default 25 s.</summary>
    public TimeSpan MaxChunk { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>VAD threshold: speech from here up, silence below it minus 0.15. Default 0.5.</summary>
    public float Threshold { get; init; } = 0.5f;
}

/// <summary>
/// Makes any <see cref="ITranscriber"/> (e.g. Whisper) stream: a worker runs Silero VAD over the pushed audio and,
/// whenever a pause of <see cref="ChunkingOptions.ChunkPause"/> closes a stretch of speech, transcribes that stretch
/// in the background (one chunk at a time, the recogniser being single-threaded) and shifts its word times to the
/// stream's clock. Silence is never transcribed. At <see cref="ITranscriptionStream.CompleteAsync"/> only the last
/// stretch remains. The inner transcriber and the VAD are not owned.
/// </summary>
public sealed class ChunkedStreamingTranscriber : IStreamingTranscriber
{
    private readonly ITranscriber _inner;
    private readonly SileroVad _vad;
    private readonly ChunkingOptions _options;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="vad"/> finds the speech.</summary>
    public ChunkedStreamingTranscriber(ITranscriber inner, SileroVad vad, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(vad);
        _inner = inner;
        _vad = vad;
        _options = options ?? new ChunkingOptions();
    }

    /// <inheritdoc/>
    public string EngineName => _inner.EngineName;

    /// <inheritdoc/>
    public ITranscriptionStream Start(string source) => new Stream(this, source);

    private sealed class Stream : QueuedTranscriptionStream<float[]>
    {
        private readonly ChunkedStreamingTranscriber _owner;
        private readonly string _source;
        private readonly List<float> _audio = [];
        private readonly List<Task<Transcript>> _chunks = [];
        private readonly List<TimeSpan> _offsets = [];
        private Task _previous = Task.CompletedTask;

        public Stream(ChunkedStreamingTranscriber owner, string source)
        {
            _owner = owner;
            _source = source;
            StartWorker();
        }

        protected override float[] Convert(ReadOnlySpan<float> samples) => samples.ToArray();

        protected override async Task<Transcript> RunAsync(CancellationToken cancellationToken)
        {
            var o = _owner._options;
            var session = _owner._vad.CreateSession();
            var window = session.WindowSamples;
            var probabilities = new List<float>();
            var negative = Math.Max(o.Threshold - 0.15f, 0.01f);
            var pauseWindows = (int)Math.Ceiling(o.ChunkPause.TotalSeconds * AudioClip.SampleRate / window);
            var maxWindows = (int)(o.MaxChunk.TotalSeconds * AudioClip.SampleRate / window);
            var speechStart = -1; // window where the open chunk's speech began
            var silenceStart = -1;
            var windowIndex = 0;
            while (await Queue.WaitToReadAsync(cancellationToken))
            {
                while (Queue.TryRead(out var samples))
                {
                    _audio.AddRange(samples);
                    probabilities.Clear();
                    session.Push(samples, probabilities);
                    foreach (var p in probabilities)
                    {
                        if (speechStart < 0)
                        {
                            if (p >= o.Threshold)
                            {
                                speechStart = windowIndex;
                                silenceStart = -1;
                            }
                        }
                        else if (p < negative)
                        {
                            silenceStart = silenceStart < 0 ? windowIndex : silenceStart;
                            if (windowIndex - silenceStart + 1 >= pauseWindows)
                            {
                                Send(speechStart * window, silenceStart * window, cancellationToken);
                                speechStart = -1;
                                silenceStart = -1;
                            }
                        }
                        else if (p >= o.Threshold)
                        {
                            silenceStart = -1;
                        }

                        if (speechStart >= 0 && windowIndex - speechStart + 1 >= maxWindows)
                        {
                            Send(speechStart * window, (windowIndex + 1) * window, cancellationToken);
                            speechStart = windowIndex + 1;
                            silenceStart = -1;
                        }

                        windowIndex++;
                    }
                }
            }

            if (speechStart >= 0)
            {
                Send(speechStart * window, _audio.Count, cancellationToken);
            }

            var segments = new List<TranscriptSegment>();
            for (var i = 0; i < _chunks.Count; i++)
            {
                var t = await _chunks[i];
                var offset = _offsets[i];
                segments.AddRange(t.Segments.Select(s => new TranscriptSegment(
                    s.Start + offset,
                    s.End + offset,
                    s.Text,
                    s.Words.Select(w => w with { Start = w.Start + offset, End = w.End + offset }).ToList())));
            }

            return new Transcript(_owner.EngineName, segments);
        }

        // Queues the transcription of samples [start, end) plus padding behind the previous chunk's.
        private void Send(int start, int end, CancellationToken cancellationToken)
        {
            var pad = (int)(_owner._options.Padding.TotalSeconds * AudioClip.SampleRate);
            var a = Math.Max(0, start - pad);
            var b = Math.Min(_audio.Count, end + pad);
            if (b <= a)
            {
                return;
            }

            var clip = new AudioClip(_audio.GetRange(a, b - a).ToArray(), _source);
            var previous = _previous;
            var task = Task.Run(
                async () =>
                {
                    await previous;
                    return await _owner._inner.TranscribeAsync(clip, cancellationToken);
                },
                cancellationToken);
            _previous = task;
            _chunks.Add(task);
            _offsets.Add(TimeSpan.FromSeconds(a / (double)AudioClip.SampleRate));
        }
    }
}
