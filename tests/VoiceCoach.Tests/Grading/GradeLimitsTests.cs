using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Calibration;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading;

public class GradeLimitsTests
{
    private static readonly RubricSettings Rubric = TestLibrary.Library.Rubric;
    private static readonly GradeLimits Limits = new(Rubric);

    private static string Last => Rubric.Grades[^1].Letter;

    [Fact]
    public void Apply_NoCapAndAFailingScore_StopsAtTheSoundFloor()
    {
        var limited = Limits.Apply(Last, [], spoke: true);

        Assert.Equal(Rubric.SoundFloor, limited.Letter);
        Assert.Null(limited.CappedBy);
        Assert.Equal(Rubric.Rank(Rubric.SoundFloor!), limited.Range.Worst);
    }

    [Fact]
    public void Apply_NoCapAndAGoodScore_KeepsTheLetterAndLetsCalibrationMoveMaxStepsEitherWay()
    {
        var limited = Limits.Apply("B", [], spoke: true);

        var step = Rubric.Rank("B");
        Assert.Equal("B", limited.Letter);
        Assert.Equal(new GradeRange(step - Rubric.Calibration.MaxSteps, step + Rubric.Calibration.MaxSteps), limited.Range);
    }

    [Fact]
    public void Apply_OneCriticalMissInAFullAnswer_IsCappedAndLandsNoLowerThanTheFullAnswerFloor()
    {
        var capped = Limits.Apply("A", ["no_example"], spoke: true);
        var failing = Limits.Apply(Last, ["no_example"], spoke: true);

        Assert.Equal(Rubric.Caps["no_example"], capped.Letter);
        Assert.Equal("no_example", capped.CappedBy);
        Assert.Equal(Rubric.FullAnswerCriticalFloor, failing.Letter);
    }

    [Fact]
    public void Apply_TwoCriticalMissesAtOnce_LandAtTheCriticalFloor()
    {
        var limited = Limits.Apply(Last, ["no_example", "off_topic"], spoke: true);

        Assert.Equal(Rubric.CriticalFloor, limited.Letter);
    }

    [Fact]
    public void Apply_CriticalMissInASentenceOrTwo_LandsAtTheCriticalFloorNotTheFullAnswerFloor()
    {
        var limited = Limits.Apply(Last, ["off_topic", AnswerFlags.FarTooShortCap], spoke: true);

        Assert.Equal(Rubric.CriticalFloor, limited.Letter);
    }

    [Fact]
    public void Apply_CriticalMissWithNoWords_GetsNoFloor()
    {
        var limited = Limits.Apply(Last, ["no_example"], spoke: false);

        Assert.Equal(Last, limited.Letter);
    }

    [Fact]
    public void Apply_FarTooShortWithNoCriticalMiss_LandsAtItsCap()
    {
        var limited = Limits.Apply(Last, [AnswerFlags.FarTooShortSubstanceCap], spoke: true);

        Assert.Equal(Rubric.Caps[AnswerFlags.FarTooShortSubstanceCap], limited.Letter);
    }

    [Fact]
    public void Apply_DecliningTheQuestion_KeepsItsCapAndIsPinned()
    {
        var limited = Limits.Apply("B", [AnswerFlags.NoAttemptCap], spoke: true);

        Assert.Equal(Rubric.Caps[AnswerFlags.NoAttemptCap], limited.Letter);
        Assert.True(limited.Range.Pinned);
    }

    [Fact]
    public void Apply_StrictestCapIsPinnedByTheRubric_LeavesCalibrationOneGrade()
    {
        var pinned = Assert.Single(Rubric.Calibration.PinnedCaps);
        var unpinned = new GradeLimits(Rubric with { Calibration = Rubric.Calibration with { PinnedCaps = new HashSet<string>() } });

        var limited = Limits.Apply("A", [pinned], spoke: true);

        Assert.Equal(Rubric.Caps[pinned], limited.Letter);
        Assert.True(limited.Range.Pinned);
        Assert.False(unpinned.Apply("A", [pinned], spoke: true).Range.Pinned);
    }
}
