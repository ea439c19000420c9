using System.Globalization;
using System.Text.Json;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Grading.Semantics;

/// <summary>
/// The parts the classifier files share (star-classifier.json, red-flag-classifier.json): the training facts, the
/// biases and the weight rows, floats written to six significant digits (the file stays small and the predictions
/// unchanged to the third decimal).
/// </summary>
internal static class ClassifierJson
{
    /// <summary>What a classifier file holds.</summary>
    public sealed record Contents(string Model, int Width, List<string> Classes, float[][] Weights, float[] Bias, TrainingFacts Facts);

    /// <summary>Reads a classifier file and checks it fits the encoder (<paramref name="width"/> features) before <paramref name="build"/> makes the classifier.</summary>
    /// <exception cref="PromptFileException">Not JSON, trained for another encoder, or rows of the wrong width; the message says to retrain.</exception>
    public static T Load<T>(string path, string display, ISentenceEncoder encoder, int width, string kind, Func<Contents, T> build)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            var root = doc.RootElement;
            var model = root.GetProperty("model").GetString() ?? string.Empty;
            var features = root.GetProperty("features").GetInt32();
            if (!string.Equals(model, encoder.ModelName, StringComparison.Ordinal) || features != width)
            {
                throw new PromptFileException(display, 0, "model",
                    $"trained for {model} with {features} features, but the encoder is {encoder.ModelName} ({width} features); retrain with `voicecoach grading train`");
            }

            var classes = root.GetProperty("classes").EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToList();
            var (weights, bias) = ReadWeights(root);
            if (weights.Any(w => w.Length != width))
            {
                throw new PromptFileException(display, 0, "weights", $"every row must hold {width} numbers; retrain with `voicecoach grading train`");
            }

            return build(new Contents(model, width, classes, weights, bias, ReadFacts(root)));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new PromptFileException(display, 0, string.Empty, $"not a {kind} file ({ex.Message}); retrain it with `voicecoach grading train`", ex);
        }
    }

    /// <summary>Writes a classifier file (invariant culture).</summary>
    public static void Save(Stream stream, string about, Contents contents)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        w.WriteStartObject();
        w.WriteString("about", about);
        w.WriteString("model", contents.Model);
        w.WriteNumber("features", contents.Width);
        w.WriteStartArray("classes");
        foreach (var c in contents.Classes)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        WriteFacts(w, contents.Facts);
        WriteWeights(w, contents.Bias, contents.Weights);
        w.WriteEndObject();
    }

    private static void WriteFacts(Utf8JsonWriter w, TrainingFacts facts)
    {
        w.WriteStartObject("training");
        w.WriteNumber("sentences", facts.Sentences);
        w.WriteNumber("answers", facts.Answers);
        w.WriteNumber("held_out_sentences", facts.HeldOutSentences);
        w.WriteNumber("held_out_accuracy", Math.Round(facts.HeldOutAccuracy, 4));
        w.WriteNumber("seed", facts.Seed);
        w.WriteEndObject();
    }

    private static TrainingFacts ReadFacts(JsonElement root)
    {
        var t = root.GetProperty("training");
        return new TrainingFacts(t.GetProperty("sentences").GetInt32(), t.GetProperty("answers").GetInt32(), t.GetProperty("held_out_sentences").GetInt32(),
            t.GetProperty("held_out_accuracy").GetDouble(), t.GetProperty("seed").GetInt32());
    }

    private static void WriteWeights(Utf8JsonWriter w, float[] bias, float[][] weights)
    {
        w.WriteStartArray("bias");
        foreach (var b in bias)
        {
            w.WriteNumberValue(Round(b));
        }

        w.WriteEndArray();
        w.WriteStartArray("weights");
        foreach (var row in weights)
        {
            w.WriteStartArray();
            foreach (var x in row)
            {
                w.WriteNumberValue(Round(x));
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static (float[][] Weights, float[] Bias) ReadWeights(JsonElement root) =>
        (root.GetProperty("weights").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray(),
            root.GetProperty("bias").EnumerateArray().Select(x => x.GetSingle()).ToArray());

    private static float Round(float x) => float.Parse(x.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
