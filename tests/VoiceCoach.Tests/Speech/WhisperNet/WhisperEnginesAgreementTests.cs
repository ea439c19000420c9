using System.Globalization;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Whisper;
using VoiceCoach.Speech.WhisperNet;
using VoiceCoach.Tests.Whisper;
using Xunit.Abstractions;

namespace VoiceCoach.Tests.Speech.WhisperNet;

/// <summary>
/// Both Whisper engines on the same random-weight model, greedy at temperature 0 with no prompt: the managed engine and
/// whisper.cpp through Whisper.net must pick the same tokens and give the same word times and confidences. On 4 s pieces
/// of the golden clips each window decodes one word and a closing timestamp far ahead, so every piece checks the
/// encoder, the first decoder steps, the timestamp rules and the word timing once. (Beam search with the temperature
/// fallback does not agree on random weights: README, "the engines side by side", says why in numbers.)
/// </summary>
public sealed class WhisperEnginesAgreementTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> Pieces => new()
    {
        { "jfk", 0 },
        { "lj001-0001", 0 },
        { "lj001-0001", 4 },
        { "lj001-0001", 8 },
        { "ami-es2011a", 4 },
    };

    [Theory]
    [MemberData(nameof(Pieces))]
    public async Task TranscribeAsync_GreedyOnRandomModel_SameWordsTimesAndConfidencesAsync(string input, int startSeconds)
    {
        // Arrange
        var options = new WhisperTranscriberOptions { BeamSize = 1, TemperatureFallback = false, Prompt = null, Threads = 2, MaxTokensPerWindow = 16 };
        using var managed = new WhisperTranscriber(WhisperGolden.Model(), options);
        using var net = new WhisperNetTranscriber(WhisperGolden.Model(), options);
        var all = WhisperGolden.Samples(input);
        var start = startSeconds * AudioClip.SampleRate;
        var clip = new AudioClip(all.AsSpan(start, Math.Min(4 * AudioClip.SampleRate, all.Length - start)).ToArray(), input);

        // Act
        var expected = await managed.TranscribeAsync(clip, default);
        var actual = await net.TranscribeAsync(clip, default);

        // Assert
        output.WriteLine($"managed {Show(expected)}");
        output.WriteLine($"net     {Show(actual)}");
        Assert.NotEmpty(expected.Words);
        Assert.Equal(expected.Segments.Select(s => (s.Start, s.End, s.Text)), actual.Segments.Select(s => (s.Start, s.End, s.Text)));
        Assert.Equal(expected.Words.Select(w => (w.Text, w.Start, w.End)), actual.Words.Select(w => (w.Text, w.Start, w.End)));
        foreach (var (a, b) in expected.Words.Zip(actual.Words))
        {
            // whisper.cpp rounds activations to f16 inside its matrix products; probabilities of ~1e-3 move by ~1e-6.
            Assert.InRange(b.Confidence!.Value, a.Confidence!.Value * 0.99, a.Confidence!.Value * 1.01);
        }
    }

    private static string Show(Transcript t) => string.Join(" | ", t.Segments.Select(s =>
        string.Create(CultureInfo.InvariantCulture, $"[{s.Start.TotalSeconds:0.00}-{s.End.TotalSeconds:0.00}] ")
        + string.Join(" ", s.Words.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Text}({w.Start.TotalSeconds:0.00}-{w.End.TotalSeconds:0.00} p{w.Confidence:0.000000})")))));
}
