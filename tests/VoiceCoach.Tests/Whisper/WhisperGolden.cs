using System.Buffers.Binary;
using System.Text.Json;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Whisper;

/// <summary>Reads the whisper.cpp golden files in ../shared/whisper (see its README).</summary>
internal static class WhisperGolden
{
    public static readonly string[] Inputs = ["jfk", "librivox-0870", "lj001-0001", "ami-es2011a", "silence-2s"];

    public static string Model(string name = "random-tiny.en.bin") => RepoPaths.SharedFile("whisper", "models", name);

    public static float[] Samples(string input)
    {
        var bytes = File.ReadAllBytes(RepoPaths.SharedFile("whisper", "golden", "inputs", input + ".wav"));
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "data")
            {
                var samples = new float[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 8 + (2 * i))) / 32768f;
                }

                return samples;
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{input}.wav has no data chunk");
    }

    /// <summary>The samples followed by 30 s of silence, as the reference computed its mel.</summary>
    public static float[] PaddedSamples(string input)
    {
        var samples = Samples(input);
        var padded = new float[samples.Length + (30 * 16000)];
        samples.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>[80 × 3000] row-major.</summary>
    public static float[] Mel(string input)
    {
        var bytes = File.ReadAllBytes(RepoPaths.SharedFile("whisper", "golden", input + ".mel3000.f32"));
        var mel = new float[bytes.Length / 4];
        for (var i = 0; i < mel.Length; i++)
        {
            mel[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        }

        return mel;
    }

    public static IReadOnlyList<GoldenStep> Logits(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.SharedFile("whisper", "golden", file)));
        var steps = new List<GoldenStep>();
        foreach (var step in doc.RootElement.GetProperty("steps").EnumerateArray())
        {
            var top = step.GetProperty("top").EnumerateArray()
                .Select(p => (Token: p[0].GetInt32(), Logit: p[1].GetSingle()))
                .ToArray();
            steps.Add(new GoldenStep(step.GetProperty("input").GetInt32(), step.GetProperty("logsumexp").GetSingle(), top));
        }

        return steps;
    }
}

internal sealed record GoldenStep(int Input, float LogSumExp, (int Token, float Logit)[] Top);
