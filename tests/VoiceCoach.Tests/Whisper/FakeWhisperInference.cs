using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

/// <summary>What a scripted step knows: which window, which decode attempt in it, the prompt and the tokens sampled since.</summary>
internal sealed record FakeStep(int Window, int Attempt, IReadOnlyList<int> Prompt, IReadOnlyList<int> Sampled);

/// <summary>
/// A hand-written stand-in for the numeric core: logits come from a script of the tokens decoded
/// so far, and every encode and session is recorded for the test to inspect.
/// </summary>
internal sealed class FakeWhisperInference(Func<FakeStep, float[]> script, int vocabularySize = 51864) : IWhisperInference
{
    public int VocabularySize { get; } = vocabularySize;

    public Func<FakeStep, float[]> Script { get; } = script;

    public int TextContext => 448;

    public int AudioContext => 1500;

    public List<int> EncodeOffsets { get; } = [];

    /// <summary>Prompt (first decode) of every session created, in order.</summary>
    public List<IReadOnlyList<int>> Prompts { get; } = [];

    public int Decodes { get; private set; }

    public int OpenSessions { get; private set; }

    /// <summary>Called on every decode (e.g. to cancel part-way).</summary>
    public Action<int>? OnDecode { get; set; }

    public WhisperMel ComputeLogMel(ReadOnlySpan<float> samples, int threads) =>
        new([], 80, (samples.Length / 160) + 3000, samples.Length / 160);

    public IWhisperEncoding Encode(WhisperMel mel, int offsetFrames, int threads, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EncodeOffsets.Add(offsetFrames);
        return new Encoding(this, EncodeOffsets.Count - 1);
    }

    /// <summary>Logits of <paramref name="size"/> at −30 except the given (token, logit) pairs.</summary>
    public static float[] Logits(int size, params (int Token, float Logit)[] values)
    {
        var logits = new float[size];
        Array.Fill(logits, -30f);
        foreach (var (token, logit) in values)
        {
            logits[token] = logit;
        }

        return logits;
    }

    private sealed class Encoding(FakeWhisperInference owner, int window) : IWhisperEncoding
    {
        private int _attempts;

        public IWhisperDecoderSession CreateSession(int threads)
        {
            owner.OpenSessions++;
            return new Session(owner, window, _attempts++, null, []);
        }

        public void Dispose()
        {
        }
    }

    private sealed class Session(FakeWhisperInference owner, int window, int attempt, List<int>? prompt, List<int> sampled) : IWhisperDecoderSession
    {
        private List<int>? _prompt = prompt;
        private bool _disposed;

        public int Length => (_prompt?.Count ?? 0) + sampled.Count;

        public void Decode(ReadOnlySpan<int> tokens, Span<float> logits, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            owner.Decodes++;
            owner.OnDecode?.Invoke(owner.Decodes);
            cancellationToken.ThrowIfCancellationRequested();
            if (_prompt is null)
            {
                _prompt = [.. tokens.ToArray()];
                owner.Prompts.Add(_prompt);
            }
            else
            {
                sampled.AddRange(tokens.ToArray());
            }

            owner.Script(new FakeStep(window, attempt, _prompt, [.. sampled])).CopyTo(logits);
        }

        public IWhisperDecoderSession Clone()
        {
            owner.OpenSessions++;
            return new Session(owner, window, attempt, _prompt, [.. sampled]);
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                owner.OpenSessions--;
            }

            _disposed = true;
        }
    }
}
