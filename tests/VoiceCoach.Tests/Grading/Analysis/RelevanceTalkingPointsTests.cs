using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// A concept answer far from its question's wording but near its talking points on the whole explains the asked idea in
/// its own words (rubric semantic.explanation_points_on_topic): round 17's curiosity habit, an A from the coach, was
/// capped off topic at D because one other question of the bank read closer.
/// </summary>
public class RelevanceTalkingPointsTests
{
    // dev-r17-29 (prompts/eval/dev), a recogniser-style transcript: a habit with a concrete instance, and humility.
    private const string CuriosityHabit = "mostly by making it a habit rather than waiting for a project to force it every friday afternoon i block two hours "
        + "for one paper or one tool i haven't used for example last month it was meta's segment anything i read the paper then ran it on a folder of old "
        + "thumbnails from my creator app days and found it was great on faces and poor on motion blur which i'd never have guessed from the paper the other "
        + "half is other people's ideas i ask the scientists near me what they'd try before i say what i'd try and i'm upfront when i don't know something "
        + "which on a team like eyeline's would be a lot of the time at first and that's fine";

    [Fact]
    public void Grade_ExplanationNearItsTalkingPoints_IsNotCappedOffTopic()
    {
        var rubric = TestLibrary.Library.Rubric;
        var answer = TestLibrary.Typed("netflix-recruiter-values-curiosity", CuriosityHabit, 49);

        var graded = TestLibrary.Grader.Grade(answer);
        var without = TestLibrary.GraderWith(rubric with { Semantic = rubric.Semantic with { ExplanationPointsOnTopic = 0 } }).Grade(answer);

        Assert.DoesNotContain("off_topic", graded.Flags);
        Assert.Contains("off_topic", without.Flags);
        Assert.Equal("D", without.Grade);
    }
}
