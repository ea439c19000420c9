using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Support;

/// <summary>The repository's real prompts/ folder, loaded once, and helpers to build answers.</summary>
internal static class TestLibrary
{
    private static readonly Lazy<PromptLibrary> LazyLibrary = new(() => PromptLibrary.Load(RepoPaths.InRepo("prompts")));

    public static PromptLibrary Library => LazyLibrary.Value;

    public static RubricGrader Grader => TestGrading.Grader(Library, Library.Company("netflix"));

    /// <summary>The Netflix grader with another rubric (one setting changed, to show what it does).</summary>
    public static RubricGrader GraderWith(RubricSettings rubric) => new(rubric, Library.Company("netflix"), TestGrading.Semantic(Library));

    /// <summary>
    /// A typed answer graded by the plain rubric twice: with the shipped rubric, and with <paramref name="without"/> (the
    /// rubric with one rule turned off), to show what the rule costs.
    /// </summary>
    public static (GradedAnswer Shipped, GradedAnswer Without) GradeWithAndWithout(RubricSettings without, string questionId, string text, double seconds) =>
        (Grader.GradeByRubric(Typed(questionId, text, seconds)).Graded, GraderWith(without).GradeByRubric(Typed(questionId, text, seconds)).Graded);

    public static Question Question(string id) =>
        Library.Questions.Find(id) ?? throw new InvalidOperationException($"question {id} missing from prompts/questions");

    public static AnswerToGrade Typed(string questionId, string text, double seconds, int index = 1) => new()
    {
        Index = index,
        Question = Question(questionId),
        Transcript = TranscriptTiming.Estimate(text, TimeSpan.FromSeconds(seconds)),
        Duration = TimeSpan.FromSeconds(seconds),
        TimingEstimated = true,
    };

    /// <summary>An answer with exact word times: each sentence is (start, end, text), words spread evenly inside it.</summary>
    public static AnswerToGrade Timed(string questionId, double duration, params (double Start, double End, string Text)[] sentences)
    {
        var words = new List<TimedWord>();
        foreach (var (start, end, text) in sentences)
        {
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var step = (end - start) / parts.Length;
            for (var i = 0; i < parts.Length; i++)
            {
                words.Add(new TimedWord(parts[i], TimeSpan.FromSeconds(start + (i * step)), TimeSpan.FromSeconds(start + ((i + 0.9) * step))));
            }
        }

        var segment = new TranscriptSegment(TimeSpan.Zero, TimeSpan.FromSeconds(duration), string.Join(' ', sentences.Select(s => s.Text)), words);
        return new AnswerToGrade
        {
            Index = 1,
            Question = Question(questionId),
            Transcript = new Transcript("test engine", [segment]),
            Duration = TimeSpan.FromSeconds(duration),
        };
    }
}
