using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Sessions;

public class GradeManifestTests
{
    private static GradeManifest Load(string answers) =>
        GradeManifest.Load(new StringReader("company: netflix\nanswers:\n" + answers), "set/manifest.yaml", TestLibrary.Library.Questions);

    [Fact]
    public void Load_LabelledAnswers_ReadsIdAndExpectedFlagsTellingCleanFromUnlabelled()
    {
        var m = Load("""
              - id: flagged
                question_id: netflix-recruiter-why-netflix
                transcript: I love it.
                duration_s: 10
                expected_flags: [too_short, no_values]
              - id: clean
                question_id: netflix-recruiter-why-netflix
                transcript: I love it.
                duration_s: 10
                expected_flags: []
              - question_id: netflix-recruiter-why-netflix
                transcript: I love it.
                duration_s: 10

            """);

        Assert.Equal(["flagged", "clean", null], m.Answers.Select(a => a.Id));
        Assert.Equal(["too_short", "no_values"], m.Answers[0].ExpectedFlags!);
        Assert.Empty(m.Answers[1].ExpectedFlags!);
        Assert.Null(m.Answers[2].ExpectedFlags);
    }

    [Fact]
    public void Load_SameIdTwice_NamesTheSecondLine()
    {
        var ex = Assert.Throws<PromptFileException>(() => Load("""
              - id: twice
                question_id: netflix-recruiter-why-netflix
                transcript: I love it.
                duration_s: 10
              - id: twice
                question_id: netflix-recruiter-why-netflix
                transcript: I love it too.
                duration_s: 10

            """));

        Assert.Equal("set/manifest.yaml:7:9: answers[1].id: 'twice' is used by an earlier answer; ids must be unique in a manifest", ex.Message);
    }

    [Fact]
    public void Load_SilentAnswerWithZeroDuration_SaysZeroIsRefusedAndWhatToWrite()
    {
        // The message said "between 0 and 3600" while 0 itself is refused: a labeller wrote a silent answer as 0 s.
        var ex = Assert.Throws<PromptFileException>(() => Load("  - question_id: netflix-recruiter-why-netflix\n    transcript: \"\"\n    duration_s: 0\n"));

        Assert.Contains("answers[0].duration_s: is 0; it must be more than 0 and at most 3600 seconds", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a silent answer still has its recording's length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTypedAnswer_TypedTranscript_SpreadsTheWordsOverTheDuration()
    {
        var m = Load("  - question_id: netflix-recruiter-why-netflix\n    transcript: I love the studio work.\n    duration_s: 4\n");

        var answer = m.Answers[0].ToTypedAnswer(3);

        Assert.Equal(3, answer.Index);
        Assert.True(answer.TimingEstimated);
        Assert.Equal(TimeSpan.FromSeconds(4), answer.Duration);
        Assert.Equal(["I", "love", "the", "studio", "work."], answer.Transcript.Words.Select(w => w.Text));
        Assert.Equal("netflix-recruiter-why-netflix", answer.Question.Id);
    }

    [Fact]
    public void ToTypedAnswer_EmptyTranscript_HasNoWords()
    {
        var m = Load("  - question_id: netflix-recruiter-why-netflix\n    transcript: \"\"\n    duration_s: 45\n");

        var answer = m.Answers[0].ToTypedAnswer(1);

        Assert.Empty(answer.Transcript.Words);
        Assert.Equal(TimeSpan.FromSeconds(45), answer.Duration);
    }
}
