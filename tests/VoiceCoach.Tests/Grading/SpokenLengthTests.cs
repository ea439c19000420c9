using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

public class SpokenLengthTests
{
    private static readonly RubricSettings Rubric = TestLibrary.Library.Rubric;
    private static readonly (double Min, double Max) Target = (30, 60);

    private static List<TimedWord> Words(double from, double to, int count = 10, double? confidence = null) =>
        Enumerable.Range(0, count)
            .Select(i => new TimedWord($"w{i}", TimeSpan.FromSeconds(from + ((to - from) * i / count)), TimeSpan.FromSeconds(from + ((to - from) * (i + 1) / count)), confidence))
            .ToList();

    [Fact]
    public void Measure_NoWordsInFiveMinuteRecording_IsNoAnswerNotTooLong()
    {
        var length = SpokenLength.Measure(Rubric, [], 300, timingEstimated: false, voice: null, Target);

        Assert.Equal(LengthVerdict.NoAnswer, length.Verdict);
        Assert.Equal(0, length.JudgedSeconds);
    }

    [Fact]
    public void Measure_VadHeardNothingButRecogniserInventedWords_IsNoAnswer()
    {
        var length = SpokenLength.Measure(Rubric, Words(10, 290), 300, timingEstimated: false, VoiceActivity.Silent, Target);

        Assert.Equal(LengthVerdict.NoAnswer, length.Verdict);
    }

    [Fact]
    public void Measure_VadHeardSpeechButNoWordRecognised_IsNoAnswerWithTheSpeechSpanKept()
    {
        var voice = new VoiceActivity(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7), 0, 0, 0, 0);

        var length = SpokenLength.Measure(Rubric, [], 30, timingEstimated: false, voice, Target);

        Assert.Equal(LengthVerdict.NoAnswer, length.Verdict);
        Assert.Equal(5, length.SpokenSeconds, 3);
    }

    [Fact]
    public void Measure_RecordingWithoutVad_JudgesTheSpokenWordsNotTheRecording()
    {
        // 40 s of speech in a 5-minute recording (the microphone left open): on target, not "way too long".
        var length = SpokenLength.Measure(Rubric, Words(100, 140), 300, timingEstimated: false, voice: null, Target);

        Assert.Equal(LengthVerdict.OnTarget, length.Verdict);
        Assert.Equal(40, length.JudgedSeconds, 3);
    }

    [Fact]
    public void Measure_WithVad_JudgesTheVadSpan()
    {
        var voice = new VoiceActivity(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(93), 3, 2, 1, 0);

        var length = SpokenLength.Measure(Rubric, Words(1, 93), 95, timingEstimated: false, voice, Target);

        Assert.Equal(LengthVerdict.TooLong, length.Verdict);
        Assert.Equal(92, length.JudgedSeconds, 3);
    }

    [Fact]
    public void Measure_TypedTranscript_JudgesTheStatedDuration()
    {
        var length = SpokenLength.Measure(Rubric, Words(0, 20), 22, timingEstimated: true, voice: null, Target);

        Assert.Equal(22, length.JudgedSeconds);
        Assert.Equal(LengthVerdict.Short, length.Verdict);
    }

    [Theory]
    [InlineData(19.0, LengthVerdict.TooShort)]
    [InlineData(24.0, LengthVerdict.Short)]
    [InlineData(26.0, LengthVerdict.OnTarget)]
    [InlineData(65.0, LengthVerdict.OnTarget)]
    [InlineData(66.0, LengthVerdict.Long)]
    [InlineData(75.0, LengthVerdict.Long)]
    [InlineData(75.5, LengthVerdict.TooLong)]
    public void JudgeLength_RecruiterTarget_UsesGraceAndTheOneTooLongPoint(double seconds, LengthVerdict expected)
    {
        Assert.Equal(75, Rubric.TooLongAfterSeconds(Target));

        Assert.Equal(expected, Rubric.JudgeLength(seconds, Target));
    }

    [Theory]
    [InlineData(LengthVerdict.OnTarget, "on_target")]
    [InlineData(LengthVerdict.NoAnswer, "no_answer")]
    [InlineData(LengthVerdict.TooShort, "too_short")]
    [InlineData(LengthVerdict.Short, "short")]
    [InlineData(LengthVerdict.Long, "long")]
    [InlineData(LengthVerdict.TooLong, "too_long")]
    public void Name_EveryVerdict_RoundTripsThroughSessionJsonNames(LengthVerdict verdict, string name)
    {
        Assert.Equal(name, verdict.Name());
        Assert.Equal(verdict, LengthVerdicts.Parse(name));
    }

    [Fact]
    public void Parse_UnknownName_IsNull()
    {
        Assert.Null(LengthVerdicts.Parse("way_too_long"));
    }
}
