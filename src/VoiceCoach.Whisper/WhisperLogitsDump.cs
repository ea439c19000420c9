using System.Globalization;

namespace VoiceCoach.Whisper;

/// <summary>A token and its logit.</summary>
public readonly record struct WhisperLogit(int Token, float Logit);

/// <summary>One teacher-forced step: the token fed, log Σ exp over all logits, and the ten largest logits.</summary>
public sealed record WhisperLogitsStep(int Input, float LogSumExp, IReadOnlyList<WhisperLogit> Top);

/// <summary>
/// Diagnostics: the decoder's raw logits step by step, in the format of the whisper.cpp golden
/// files (../shared/whisper/golden/*.logits.json). Encodes the first 30 s window (mel of the samples
/// followed by 30 s of silence), feeds &lt;|startoftranscript|&gt;, then at every step feeds the
/// model's own argmax (teacher forcing); no suppression and no timestamp rules.
/// </summary>
public sealed class WhisperLogitsDump
{
    private WhisperLogitsDump(int samples, int vocabularySize, IReadOnlyList<WhisperLogitsStep> steps)
    {
        Samples = samples;
        VocabularySize = vocabularySize;
        Steps = steps;
    }

    /// <summary>Number of input samples (n_samples).</summary>
    public int Samples { get; }

    /// <summary>n_vocab.</summary>
    public int VocabularySize { get; }

    public IReadOnlyList<WhisperLogitsStep> Steps { get; }

    /// <summary>Runs <paramref name="steps"/> teacher-forced steps over the first window of <paramref name="samples16k"/>.</summary>
    /// <param name="model">The model; not disposed.</param>
    /// <param name="samples16k">16 kHz mono samples.</param>
    /// <param name="steps">Tokens to feed (the golden files have 24).</param>
    /// <param name="threads">Worker threads; 0 means all processors.</param>
    /// <param name="cancellationToken">Observed inside the encoder and decoder.</param>
    public static WhisperLogitsDump Compute(WhisperModel model, ReadOnlySpan<float> samples16k, int steps, int threads = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var special = new WhisperSpecialTokens(model.HyperParameters.VocabularySize);
        return Compute(new WhisperModelInference(model), special.StartOfTranscript, samples16k, steps, threads, cancellationToken);
    }

    internal static WhisperLogitsDump Compute(IWhisperInference inference, int startOfTranscript, ReadOnlySpan<float> samples16k, int steps, int threads, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, inference.TextContext);
        var mel = inference.ComputeLogMel(samples16k, threads);
        using var encoding = inference.Encode(mel, 0, threads, cancellationToken);
        using var session = encoding.CreateSession(threads);
        var logits = new float[inference.VocabularySize];
        var result = new List<WhisperLogitsStep>(steps);
        var input = startOfTranscript;
        for (var i = 0; i < steps; i++)
        {
            session.Decode([input], logits, cancellationToken);
            var top = Enumerable.Range(0, logits.Length)
                .OrderByDescending(t => logits[t])
                .ThenBy(t => t)
                .Take(10)
                .Select(t => new WhisperLogit(t, logits[t]))
                .ToList();
            result.Add(new WhisperLogitsStep(input, WhisperLogitFilters.LogSumExp(logits), top));
            input = top[0].Token;
        }

        return new WhisperLogitsDump(samples16k.Length, inference.VocabularySize, result);
    }

    /// <summary>Writes the golden-file JSON: one step per line, six decimals, invariant culture.</summary>
    public void WriteJson(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.Write(string.Create(c, $"{{\"n_samples\": {Samples}, \"n_vocab\": {VocabularySize}, \"steps\": ["));
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var top = string.Join(", ", step.Top.Select(t => string.Create(c, $"[{t.Token}, {t.Logit:F6}]")));
            writer.Write(i == 0 ? "\n" : ",\n");
            writer.Write(string.Create(c, $"  {{\"input\": {step.Input}, \"logsumexp\": {step.LogSumExp:F6}, \"top\": [{top}]}}"));
        }

        writer.Write("\n]}\n");
    }

    /// <summary>Writes a readable table: step, token fed (with its text), logsumexp, the best five.</summary>
    public void WriteText(TextWriter writer, WhisperTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var c = CultureInfo.InvariantCulture;
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var top = string.Join("  ", step.Top.Take(5).Select(t => string.Create(c, $"{t.Token} {Quote(tokenizer.TokenText(t.Token))} {t.Logit:F3}")));
            writer.WriteLine(string.Create(c, $"{i,3}  {step.Input,6} {Quote(tokenizer.TokenText(step.Input)),-24} lse {step.LogSumExp:F4}  {top}"));
        }
    }

    private static string Quote(string text) => "'" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
