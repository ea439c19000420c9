using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Reports;

public class SessionTargetTests
{
    private static IReadOnlyList<Core.Grading.GradeBand> Grades => TestLibrary.Library.Rubric.Grades;

    [Theory]
    [InlineData("B+ average with 70% culture integration", "B+", 70)]
    [InlineData("B average with 80% culture integration", "B", 80)]
    [InlineData("A- average", "A-", null)]
    [InlineData("90% culture integration", null, 90)]
    [InlineData("  c+ average with 60 % culture integration", "C+", 60)]
    public void TryParse_ReportWording_ReadsThresholds(string text, string? grade, int? culture)
    {
        var target = SessionTarget.TryParse(text);

        Assert.NotNull(target);
        Assert.Equal(grade, target.Grade);
        Assert.Equal(culture, target.CulturePct);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Be more concise")]
    [InlineData("Better answers next time")]
    public void TryParse_NoThreshold_ReturnsNull(string text) => Assert.Null(SessionTarget.TryParse(text));

    [Fact]
    public void Text_RoundTripsThroughTryParse()
    {
        var target = new SessionTarget("B+", 70);

        Assert.Equal("B+ average with 70% culture integration", target.Text);
        Assert.Equal(target, SessionTarget.TryParse(target.Text));
    }

    [Fact]
    public void Check_BothReached_Met()
    {
        var check = new SessionTarget("B", 80).Check("B", 3.0, 80, Grades);

        Assert.True(check.Met);
        Assert.Equal("met", check.Verdict);
        Assert.Equal("average grade B (target B) ✓, culture integration 80% (target 80%) ✓", check.Details);
    }

    [Fact]
    public void Check_GradeReachedCultureMissed_NotMet()
    {
        var check = new SessionTarget("B", 80).Check("A-", 3.7, 79, Grades);

        Assert.False(check.Met);
        Assert.True(check.Parts[0].Met);
        Assert.False(check.Parts[1].Met);
    }

    [Fact]
    public void Check_PointsJustBelowTheBand_NotMetEvenIfTheLetterRoundsUp()
    {
        // 2.9 points rounds to the letter B, but a "B average" needs 3.0 points.
        var check = new SessionTarget("B", null).Check("B", 2.9, 0, Grades);

        Assert.False(check.Met);
    }

    [Fact]
    public void Check_NoPointsStored_ComparesLetters()
    {
        Assert.True(new SessionTarget("B", null).Check("B+", null, 0, Grades).Met);
        Assert.False(new SessionTarget("B", null).Check("C+", null, 0, Grades).Met);
    }

    [Fact]
    public void Check_UnknownTargetLetter_NotCheckable()
    {
        var check = new SessionTarget("Q", null).Check("B", 3.0, 50, Grades);

        Assert.Null(check.Met);
        Assert.Equal("not checkable", check.Verdict);
    }

    [Fact]
    public void Against_OldFileWithTargetTextOnly_ParsesTheText()
    {
        var setter = Overview("old", null, "B average with 60% culture integration", "C", 2.0, 40);
        var last = Overview("new", null, null, "B", 3.0, 60);

        var outcome = ProgressAnalyzer.Against(setter, last, Grades);

        Assert.Equal("met", outcome.Verdict);
        Assert.Equal("B average with 60% culture integration", outcome.TargetText);
    }

    [Fact]
    public void Against_TargetTextWithoutThresholds_NotCheckable()
    {
        var setter = Overview("old", null, "Tell better stories", "C", 2.0, 40);
        var last = Overview("new", null, null, "B", 3.0, 60);

        var outcome = ProgressAnalyzer.Against(setter, last, Grades);

        Assert.Null(outcome.Check);
        Assert.Equal("not checkable", outcome.Verdict);
    }

    [Fact]
    public void Against_StructuredTargetWinsOverText()
    {
        var setter = Overview("old", new SessionTarget("A", null), "B average", "C", 2.0, 40);
        var last = Overview("new", null, null, "B", 3.0, 60);

        Assert.Equal("not met", ProgressAnalyzer.Against(setter, last, Grades).Verdict);
    }

    [Fact]
    public void Analyze_SessionsOutOfOrder_SortsByDateAndChecksTheLastAgainstThePrevious()
    {
        var day = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var a = Overview("a", new SessionTarget("C", 50), null, "D", 1.0, 20) with { Date = day };
        var b = Overview("b", new SessionTarget("B", 70), null, "C+", 2.3, 55) with { Date = day.AddDays(2) };
        var c = Overview("c", new SessionTarget("B", 80), null, "C", 2.0, 40) with { Date = day.AddDays(1) };

        var report = ProgressAnalyzer.Analyze([a, b, c], Grades);

        Assert.Equal(["a", "c", "b"], report.Sessions.Select(s => s.Folder));
        Assert.Equal([1.0, 2.0, 2.3], report.GradePoints);
        Assert.Equal("c", report.Previous!.Folder);
        Assert.False(report.LastAgainstPrevious!.Met); // C+ with 55% against c's "B with 80%"
        Assert.False(report.LastAgainstOwn!.Met);
    }

    private static SessionOverview Overview(string folder, SessionTarget? target, string? text, string grade, double points, int culture) => new()
    {
        Folder = folder,
        Id = folder,
        SessionType = "Recruiter Interview Practice",
        Round = "recruiter",
        QuestionsCompleted = 3,
        QuestionsAsked = 3,
        AverageGrade = grade,
        AveragePoints = points,
        CultureIntegrationPct = culture,
        NextTarget = target,
        NextTargetText = text,
    };
}
