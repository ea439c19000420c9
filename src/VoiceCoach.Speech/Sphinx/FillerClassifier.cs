using System.Text.Json;
using System.Text.Json.Serialization;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// One logistic regression of the <see cref="FillerJudge"/>: named features, standardised by the training set's means
/// and spreads, weighted and summed with a bias.
/// </summary>
internal sealed record FillerModel(
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("means")] IReadOnlyList<double> Means,
    [property: JsonPropertyName("scales")] IReadOnlyList<double> Scales,
    [property: JsonPropertyName("weights")] IReadOnlyList<double> Weights,
    [property: JsonPropertyName("bias")] double Bias)
{
    /// <summary>The probability that the span is a filler, from its measured features (every one the model names).</summary>
    public double Probability(IReadOnlyDictionary<string, double> measured)
    {
        var z = Bias;
        for (var i = 0; i < Features.Count; i++)
        {
            z += Weights[i] * (measured[Features[i]] - Means[i]) / Scales[i];
        }

        return 1 / (1 + Math.Exp(-Math.Clamp(z, -30, 30)));
    }
}

/// <summary>
/// The <see cref="FillerJudge"/>'s two models and word lists, as scripts/train-filler-classifier.py writes them to
/// Sphinx/filler-classifier.json (embedded): "reject" judges the fillers the recogniser counted, "swap" the short words
/// a filler may have been heard as. Immutable; any thread.
/// </summary>
internal sealed record FillerClassifier(
    [property: JsonPropertyName("reject")] FillerModel Reject,
    [property: JsonPropertyName("swap")] FillerModel Swap,
    [property: JsonPropertyName("swapWords")] IReadOnlyList<string> SwapWords,
    [property: JsonPropertyName("umWords")] IReadOnlyList<string> UmWords)
{
    private const string Resource = "VoiceCoach.Speech.Sphinx.filler-classifier.json";

    private static readonly Lazy<FillerClassifier> Embedded = new(() =>
    {
        using var stream = typeof(FillerClassifier).Assembly.GetManifestResourceStream(Resource)
            ?? throw new TranscriptionException($"{Resource}: not embedded in VoiceCoach.Speech; rebuild it (scripts/train-filler-classifier.py --write writes the file)");
        return Read(stream, Resource);
    });

    /// <summary>The classifier shipped with VoiceCoach.</summary>
    public static FillerClassifier Default => Embedded.Value;

    /// <summary>Reads a classifier file and checks that each model names only features the judge measures.</summary>
    /// <exception cref="TranscriptionException">The file is not such a classifier; the message names it and the fault.</exception>
    public static FillerClassifier Read(Stream stream, string source)
    {
        FillerClassifier? classifier;
        try
        {
            classifier = JsonSerializer.Deserialize<FillerClassifier>(stream);
        }
        catch (JsonException e)
        {
            throw new TranscriptionException($"{source}: not a filler classifier ({e.Message}); rewrite it with scripts/train-filler-classifier.py --write");
        }

        if (classifier?.Reject is null || classifier.Swap is null || classifier.SwapWords is null || classifier.UmWords is null)
        {
            throw new TranscriptionException($"{source}: a filler classifier needs \"reject\", \"swap\", \"swapWords\" and \"umWords\"; rewrite it with scripts/train-filler-classifier.py --write");
        }

        foreach (var (name, model) in new[] { ("reject", classifier.Reject), ("swap", classifier.Swap) })
        {
            var unknown = model.Features.FirstOrDefault(f => !FillerJudge.FeatureNames.Contains(f));
            var n = model.Features.Count;
            if (unknown is not null || model.Means.Count != n || model.Scales.Count != n || model.Weights.Count != n || model.Scales.Any(s => s <= 0))
            {
                throw new TranscriptionException(
                    $"{source}: the \"{name}\" model {(unknown is null ? "needs as many means, positive scales and weights as features" : $"names feature \"{unknown}\", which is none of {string.Join(", ", FillerJudge.FeatureNames)}")}");
            }
        }

        return classifier;
    }

    /// <summary>The filler a short word is swapped for: "um" after a word ending in a nasal, else "uh".</summary>
    public string FillerFor(string word) => UmWords.Contains(word, StringComparer.Ordinal) ? "um" : "uh";
}
