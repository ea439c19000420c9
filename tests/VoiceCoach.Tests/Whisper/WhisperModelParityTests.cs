using VoiceCoach.Whisper;

namespace VoiceCoach.Tests.Whisper;

/// <summary>
/// Teacher-forced logits against whisper.cpp 1.9.3 on the seeded random tiny.en model. Each test
/// encodes one window with 2 threads and replays every golden step.
/// </summary>
public sealed class WhisperModelParityTests
{
    public static TheoryData<string> Inputs() => [.. WhisperGolden.Inputs];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Decode_F16GoldenInput_Top10LogitsWithin002(string input)
    {
        var maxDelta = MaxTopLogitDelta("random-tiny.en.bin", input, input + ".logits.json");

        Assert.True(maxDelta <= 0.02f, $"{input}: max |Δ| over top-10 logits {maxDelta}");
    }

    [Theory]
    [InlineData("random-tiny.en-q8_0.bin", "jfk.logits.q8_0.json")]
    [InlineData("random-tiny.en-q5_1.bin", "jfk.logits.q5_1.json")]
    public void Decode_QuantizedJfk_Top10LogitsWithin01(string modelFile, string golden)
    {
        var maxDelta = MaxTopLogitDelta(modelFile, "jfk", golden);

        Assert.True(maxDelta <= 0.1f, $"{modelFile}: max |Δ| over top-10 logits {maxDelta}");
    }

    internal static float MaxTopLogitDelta(string modelFile, string input, string golden, TextWriter? log = null)
    {
        // Arrange
        using var model = WhisperModel.Load(WhisperGolden.Model(modelFile));
        var steps = WhisperGolden.Logits(golden);
        var mel = WhisperGolden.Mel(input);
        var logits = new float[model.HyperParameters.VocabularySize];

        // Act
        var encoded = model.Encode(mel, 3000, threads: 2, CancellationToken.None);
        using var state = model.CreateDecoderState(encoded, threads: 2);
        var maxDelta = 0f;
        foreach (var step in steps)
        {
            model.Decode(state, [step.Input], logits, threads: 2, CancellationToken.None);
            foreach (var (token, logit) in step.Top)
            {
                maxDelta = MathF.Max(maxDelta, MathF.Abs(logits[token] - logit));
            }
        }

        log?.WriteLine($"{modelFile} {input}: {maxDelta}");
        return maxDelta;
    }
}
