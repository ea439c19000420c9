using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// A question with no other question to rank the answer against (a coach's one-question pack, a question typed in):
/// relevance is a relative test, so nothing can be judged off topic by rank, whatever rubric semantic.off_topic_rank_share
/// says (at 0 it used to ask for the nearest of no questions and throw).
/// </summary>
public class RelevanceLoneQuestionTests
{
    [Fact]
    public void Grade_LoneQuestionAndRankShareZero_GradesWithoutOffTopicByRank()
    {
        var library = TestLibrary.Library;
        var rubric = library.Rubric with { Semantic = library.Rubric.Semantic with { OffTopicRankShare = 0 } };
        var semantic = TestGrading.Semantic(library);
        var grader = new RubricGrader(rubric, library.Company("netflix"), new SemanticModel(TestGrading.Encoder, semantic.Classifier, new QuestionCatalog([])));
        var question = Question.AdHoc("How does attention work in a transformer?", "netflix");
        const string pasta = "On Sundays I make fresh pasta with my kids. We mix the flour and the eggs by hand, let the dough rest for half an hour, "
            + "roll it out thin on the kitchen table and cut it into ribbons. The sauce is just tomatoes, garlic and basil from the garden, and it is always gone by eight.";
        var answer = new AnswerToGrade
        {
            Index = 1,
            Question = question,
            Transcript = Core.Transcription.TranscriptTiming.Estimate(pasta, TimeSpan.FromSeconds(30)),
            Duration = TimeSpan.FromSeconds(30),
            TimingEstimated = true,
        };

        var graded = grader.Grade(answer);

        Assert.DoesNotContain("off_topic", graded.Flags);
        Assert.NotNull(graded.Grade);
    }
}
