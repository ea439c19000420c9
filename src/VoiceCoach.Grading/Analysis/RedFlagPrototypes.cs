using System.Numerics.Tensors;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// A red flag told from a clean sentence on the same topic by meaning (issue 12): how much nearer a sentence is to the
/// flag's stance_examples ("after nine my phone is off") than to its none_examples ("I've carried the pager for years
/// and I like owning what I ship"), as the cosine of their sentence vectors. The pack brings its own examples, so a new
/// idiom needs a sentence, not a list of phrases. The examples are encoded once, on first use.
/// </summary>
/// <remarks>
/// Ownership: does not own the encoder. Threading: safe to share; two first calls racing encode the examples twice
/// and keep either result (both are the same).
/// </remarks>
internal sealed class RedFlagPrototypes
{
    private readonly CompanyPack _company;
    private readonly ISentenceEncoder _encoder;
    private volatile Dictionary<string, (float[][] Stance, float[][] None)>? _vectors;

    public RedFlagPrototypes(CompanyPack company, ISentenceEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(company);
        ArgumentNullException.ThrowIfNull(encoder);
        _company = company;
        _encoder = encoder;
    }

    /// <summary>
    /// The sentence's nearness to the flag's closest stance example minus its nearness to the closest none example
    /// (-2 to 2; above 0: nearer the stance), or null when the flag has no examples.
    /// </summary>
    /// <param name="flag">A red flag of the pack.</param>
    /// <param name="vector">The sentence's unit-length vector from the same encoder.</param>
    /// <param name="cancellationToken">Cancels encoding the examples on first use.</param>
    public double? Margin(RedFlag flag, float[] vector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flag);
        ArgumentNullException.ThrowIfNull(vector);
        if (flag.StanceExamples.Count == 0 || flag.NoneExamples.Count == 0)
        {
            return null;
        }

        var vectors = _vectors ??= Encode(cancellationToken);
        if (!vectors.TryGetValue(flag.Id, out var examples))
        {
            return null;
        }

        return Nearest(examples.Stance, vector) - Nearest(examples.None, vector);
    }

    private static double Nearest(float[][] examples, float[] vector) => examples.Max(e => (double)TensorPrimitives.Dot(e, vector));

    /// <summary>Every flag's examples in one encoder call.</summary>
    private Dictionary<string, (float[][], float[][])> Encode(CancellationToken cancellationToken)
    {
        var flags = _company.RedFlags.Where(f => f.StanceExamples.Count > 0 && f.NoneExamples.Count > 0).ToList();
        var texts = flags.SelectMany(f => f.StanceExamples.Concat(f.NoneExamples)).ToList();
        var encoded = texts.Count == 0 ? [] : _encoder.Encode(texts, cancellationToken);
        var result = new Dictionary<string, (float[][], float[][])>(StringComparer.Ordinal);
        var at = 0;
        foreach (var f in flags)
        {
            var stance = encoded.Skip(at).Take(f.StanceExamples.Count).ToArray();
            at += f.StanceExamples.Count;
            var none = encoded.Skip(at).Take(f.NoneExamples.Count).ToArray();
            at += f.NoneExamples.Count;
            result.TryAdd(f.Id, (stance, none));
        }

        return result;
    }
}
