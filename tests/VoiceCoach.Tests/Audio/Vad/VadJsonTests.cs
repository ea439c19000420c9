using VoiceCoach.Audio.Vad;

namespace VoiceCoach.Tests.Audio.Vad;

public sealed class VadJsonTests
{
    [Fact]
    public void Format_WithProbabilities_ExactContract()
    {
        // Arrange: 4 windows, two segments.
        var segments = new[] { SpeechSegment.FromCentiseconds(3, 40), SpeechSegment.FromCentiseconds(300, 412) };
        var result = new VadResult([0.123456f, 0.9f, 0.5f, 0.0001f], segments, 70_000, 512, VadOptions.Default);

        // Act
        var json = VadJson.Format(result, includeProbabilities: true, source: "a.wav");

        // Assert
        const string Expected = """
            {
              "source": "a.wav",
              "n_samples": 70000,
              "duration_s": 4.375,
              "window_samples": 512,
              "params": {
                "threshold": 0.5,
                "min_speech_duration_ms": 250,
                "min_silence_duration_ms": 100,
                "max_speech_duration_s": null,
                "speech_pad_ms": 30
              },
              "has_speech": true,
              "spoken_start_s": 0.03,
              "spoken_end_s": 4.12,
              "spoken_duration_s": 4.09,
              "pauses": {
                "count": 1,
                "total_s": 2.6,
                "longest_s": 2.6,
                "longer_than_2s": 1
              },
              "segments": [
                {
                  "start": 0.03,
                  "end": 0.4
                },
                {
                  "start": 3,
                  "end": 4.12
                }
              ],
              "probs": [
                0.12346,
                0.9,
                0.5,
                0.0001
              ]
            }
            """;
        Assert.Equal(Expected, json);
    }

    [Fact]
    public void Format_NoSpeechWithoutProbabilities_NullSpanNoProbs()
    {
        // Arrange
        var result = new VadResult([0.01f], [], 512, 512, VadOptions.Default);

        // Act
        var json = VadJson.Format(result, includeProbabilities: false);

        // Assert
        Assert.Contains("\"has_speech\": false", json, StringComparison.Ordinal);
        Assert.Contains("\"spoken_start_s\": null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("probs", json, StringComparison.Ordinal);
    }
}
