using VoiceCoach.Grading.Calibration;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Calibration;

public sealed class CalibrationFeaturesTests
{
    [Fact]
    public void Vector_JudgmentStoryToldForTheWhyNetflixQuestion_LeansToTheSiblingQuestionMoreThanOnItsOwnQuestion()
    {
        // The same story answers its own question, then is given to another: its sentences lean to a sibling question.
        var own = Vector(Answers.JudgmentId, Answers.GoodStory);
        var other = Vector(Answers.WhyNetflixId, Answers.GoodStory);

        Assert.True(other["sibling_sentence_margin"] > own["sibling_sentence_margin"], $"{other["sibling_sentence_margin"]} vs {own["sibling_sentence_margin"]}");
        Assert.True(other["sibling_answer_margin"] > own["sibling_answer_margin"], $"{other["sibling_answer_margin"]} vs {own["sibling_answer_margin"]}");
    }

    [Fact]
    public void Vector_RedFlagAnswer_CarriesTheStanceClassifiersStrongestProbability()
    {
        var flagged = Vector(Answers.WhyMoveId, Answers.RedFlag);
        var story = Vector(Answers.JudgmentId, Answers.GoodStory);

        Assert.InRange(flagged["red_flag_stance_max"], 0.01, 1);
        Assert.True(flagged["red_flag_stance_max"] >= flagged["red_flag_stance_stated_max"]);
        Assert.True(flagged["red_flag_stance_max"] > story["red_flag_stance_max"], $"{flagged["red_flag_stance_max"]} vs {story["red_flag_stance_max"]}");
        Assert.Equal(CalibrationFeatures.Names.Count, flagged.Count);
    }

    private static Dictionary<string, double> Vector(string question, string transcript)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(question, transcript, 40));
        var vector = CalibrationFeatures.Vector(graded, TestLibrary.Library.Rubric);
        return CalibrationFeatures.Names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => vector[p.i]);
    }
}
