using System.Text.Json;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Vad;

/// <summary>One reference run of whisper.cpp's Silero VAD (golden/*.vad.json) and the audio it was run on.</summary>
internal sealed record VadGolden(string Name, string WavPath, int SampleCount, float[] Probabilities, long[][] SegmentsCs,
    float Threshold, int MinSpeechMs, int MinSilenceMs, int SpeechPadMs)
{
    public static string ModelPath => RepoPaths.SharedFile("whisper", "models", "silero-v6.2.0-ggml.bin");

    /// <summary>Names of every golden VAD file (without .vad.json).</summary>
    public static IEnumerable<object[]> Names()
    {
        var dir = RepoPaths.SharedFile("whisper", "golden");
        return Directory.GetFiles(dir, "*.vad.json")
            .Select(p => Path.GetFileName(p)[..^".vad.json".Length])
            .Order(StringComparer.Ordinal)
            .Select(n => new object[] { n });
    }

    public static VadGolden Load(string name)
    {
        var json = File.ReadAllText(RepoPaths.SharedFile("whisper", "golden", name + ".vad.json"));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var wav = name.StartsWith("pocketsphinx-", StringComparison.Ordinal)
            ? RepoPaths.SharedFile("speech", "pocketsphinx", name["pocketsphinx-".Length..] + ".wav")
            : RepoPaths.SharedFile("whisper", "golden", "inputs", name + ".wav");
        var p = root.GetProperty("params");
        return new VadGolden(
            name,
            wav,
            root.GetProperty("n_samples").GetInt32(),
            [.. root.GetProperty("probs").EnumerateArray().Select(e => e.GetSingle())],
            [.. root.GetProperty("segments_cs").EnumerateArray().Select(s => s.EnumerateArray().Select(v => (long)Math.Round(v.GetDouble())).ToArray())],
            p.GetProperty("threshold").GetSingle(),
            p.GetProperty("min_speech_duration_ms").GetInt32(),
            p.GetProperty("min_silence_duration_ms").GetInt32(),
            p.GetProperty("speech_pad_ms").GetInt32());
    }

    public global::VoiceCoach.Audio.Vad.VadOptions Options => new()
    {
        Threshold = Threshold,
        MinSpeechDuration = TimeSpan.FromMilliseconds(MinSpeechMs),
        MinSilenceDuration = TimeSpan.FromMilliseconds(MinSilenceMs),
        SpeechPad = TimeSpan.FromMilliseconds(SpeechPadMs),
    };
}
