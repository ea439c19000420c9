using System.Globalization;
using System.Text.Json;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Grading.Semantics;

/// <summary>
/// A softmax (multinomial logistic) regression that tells which STAR-Lite part a sentence is, or "other" (an opinion,
/// a generality, a preamble), from its sentence vector plus position and tense cues (<see cref="SentenceFeatures"/>).
/// Trained by <see cref="StarClassifierTrainer"/> on the labelled sentences in prompts/classifier/star-sentences.txt;
/// the weights are prompts/classifier/star-classifier.json. Immutable and thread-safe.
/// </summary>
public sealed class StarClassifier
{
    /// <summary>The classes, in the order of the weight rows: the five STAR-Lite parts, then other.</summary>
    public static readonly IReadOnlyList<string> Classes = ["situation", "task", "action", "result", "connection", "other"];

    /// <summary>Index of "other" in <see cref="Classes"/>.</summary>
    public const int Other = 5;

    private readonly float[][] _weights;
    private readonly float[] _bias;

    public StarClassifier(float[][] weights, float[] bias, string model, TrainingFacts facts)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.Length != Classes.Count || bias.Length != Classes.Count || weights.Any(w => w.Length != weights[0].Length))
        {
            throw new ArgumentException($"expected {Classes.Count} weight rows of one width and {Classes.Count} biases", nameof(weights));
        }

        _weights = weights;
        _bias = bias;
        Model = model;
        Facts = facts;
    }

    /// <summary>The sentence encoder the weights were trained with ("all-MiniLM-L6-v2").</summary>
    public string Model { get; }

    /// <summary>Length of the feature vector the weights expect.</summary>
    public int Width => _weights[0].Length;

    /// <summary>What the weights were trained on and how well they did on held-out answers.</summary>
    public TrainingFacts Facts { get; }

    /// <summary>The probability of each class, in <see cref="Classes"/> order.</summary>
    public double[] Predict(ReadOnlySpan<float> features)
    {
        if (features.Length != Width)
        {
            throw new ArgumentException($"expected {Width} features, got {features.Length}", nameof(features));
        }

        var p = new double[Classes.Count];
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = _bias[c] + System.Numerics.Tensors.TensorPrimitives.Dot(_weights[c], features);
        }

        Softmax(p);
        return p;
    }

    internal static void Softmax(double[] z)
    {
        var max = z.Max();
        double sum = 0;
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = Math.Exp(z[i] - max);
            sum += z[i];
        }

        for (var i = 0; i < z.Length; i++)
        {
            z[i] /= sum;
        }
    }

    /// <summary>Reads star-classifier.json.</summary>
    /// <exception cref="PromptFileException">The file is missing, not JSON, or does not fit the encoder.</exception>
    public static StarClassifier Load(string path, string display, ISentenceEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (!File.Exists(path))
        {
            throw new PromptFileException(display, 0, string.Empty, "not found; retrain it from classifier/star-sentences.txt with `voicecoach grading train`");
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            var root = doc.RootElement;
            var model = root.GetProperty("model").GetString() ?? string.Empty;
            var width = root.GetProperty("features").GetInt32();
            if (!string.Equals(model, encoder.ModelName, StringComparison.Ordinal) || width != SentenceFeatures.Width(encoder.Dimensions))
            {
                throw new PromptFileException(display, 0, "model",
                    $"trained for {model} with {width} features, but the encoder is {encoder.ModelName} ({SentenceFeatures.Width(encoder.Dimensions)} features); retrain with `voicecoach grading train`");
            }

            var classes = root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()).ToList();
            if (!classes.SequenceEqual(Classes))
            {
                throw new PromptFileException(display, 0, "classes", $"expected [{string.Join(", ", Classes)}]; retrain with `voicecoach grading train`");
            }

            var weights = root.GetProperty("weights").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray();
            var bias = root.GetProperty("bias").EnumerateArray().Select(x => x.GetSingle()).ToArray();
            var t = root.GetProperty("training");
            var facts = new TrainingFacts(t.GetProperty("sentences").GetInt32(), t.GetProperty("answers").GetInt32(), t.GetProperty("held_out_sentences").GetInt32(),
                t.GetProperty("held_out_accuracy").GetDouble(), t.GetProperty("seed").GetInt32());
            if (weights.Any(w => w.Length != width))
            {
                throw new PromptFileException(display, 0, "weights", $"every row must hold {width} numbers; retrain with `voicecoach grading train`");
            }

            return new StarClassifier(weights, bias, model, facts);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new PromptFileException(display, 0, string.Empty, $"not a STAR classifier file ({ex.Message}); retrain it with `voicecoach grading train`", ex);
        }
    }

    /// <summary>Writes the weights as JSON (invariant culture, round-trip floats).</summary>
    public void Save(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        w.WriteStartObject();
        w.WriteString("about", "STAR-Lite sentence classifier for VoiceCoach: softmax regression over sentence vectors plus position and tense cues. Generated by `voicecoach grading train` from star-sentences.txt; do not edit by hand.");
        w.WriteString("model", Model);
        w.WriteNumber("features", Width);
        w.WriteStartArray("classes");
        foreach (var c in Classes)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteStartObject("training");
        w.WriteNumber("sentences", Facts.Sentences);
        w.WriteNumber("answers", Facts.Answers);
        w.WriteNumber("held_out_sentences", Facts.HeldOutSentences);
        w.WriteNumber("held_out_accuracy", Math.Round(Facts.HeldOutAccuracy, 4));
        w.WriteNumber("seed", Facts.Seed);
        w.WriteEndObject();
        w.WriteStartArray("bias");
        foreach (var b in _bias)
        {
            w.WriteNumberValue(Round(b));
        }

        w.WriteEndArray();
        w.WriteStartArray("weights");
        foreach (var row in _weights)
        {
            w.WriteStartArray();
            foreach (var x in row)
            {
                w.WriteNumberValue(Round(x));
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Six significant digits keep the file small and the predictions unchanged to the third decimal.</summary>
    private static float Round(float x) => float.Parse(x.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

/// <summary>What a classifier was trained on and how well it did on the answers held out from training.</summary>
public sealed record TrainingFacts(int Sentences, int Answers, int HeldOutSentences, double HeldOutAccuracy, int Seed);
