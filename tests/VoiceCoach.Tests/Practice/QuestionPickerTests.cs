using VoiceCoach.Core.Questions;
using VoiceCoach.Practice;

namespace VoiceCoach.Tests.Practice;

public sealed class QuestionPickerTests
{
    private static readonly QuestionCatalog Catalog = new(
    [
        Q("r1", Rounds.Recruiter), Q("r2", Rounds.Recruiter), Q("r3", Rounds.Recruiter), Q("r4", Rounds.Recruiter),
        Q("b1", Rounds.Behavioral), Q("x1", Rounds.Recruiter, "othercorp"),
    ]);

    [Fact]
    public void Pick_ExplicitIds_AsksThemInThatOrder()
    {
        var pick = QuestionPicker.Pick(Catalog, new QuestionRequest { Ids = ["b1", "r3"] }, new Random(1));

        Assert.Equal(["b1", "r3"], pick.Questions.Select(q => q.Id));
    }

    [Fact]
    public void Pick_UnknownId_ThrowsNamingTheId()
    {
        var e = Assert.Throws<QuestionPickException>(() => QuestionPicker.Pick(Catalog, new QuestionRequest { Ids = ["nope"] }, new Random(1)));

        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
        Assert.Contains("questions list", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pick_Round_DrawsCountQuestionsOfThatRoundAndCompanyWithoutDuplicates()
    {
        var pick = QuestionPicker.Pick(Catalog, new QuestionRequest { Round = Rounds.Recruiter, Count = 3 }, new Random(7));

        Assert.Equal(3, pick.Questions.Count);
        Assert.All(pick.Questions, q => Assert.StartsWith("r", q.Id, StringComparison.Ordinal));
        Assert.Equal(3, pick.Questions.Select(q => q.Id).Distinct().Count());
        Assert.Null(pick.Note);
    }

    [Fact]
    public void Pick_SameSeed_DrawsTheSameQuestions()
    {
        var a = QuestionPicker.Pick(Catalog, new QuestionRequest { Count = 2 }, new Random(42));
        var b = QuestionPicker.Pick(Catalog, new QuestionRequest { Count = 2 }, new Random(42));

        Assert.Equal(a.Questions.Select(q => q.Id), b.Questions.Select(q => q.Id));
    }

    [Fact]
    public void Pick_RecentQuestions_AreNotRepeatedWhileFreshOnesRemain()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var pick = QuestionPicker.Pick(Catalog, new QuestionRequest { Count = 2, Recent = ["r1", "r2"] }, new Random(seed));

            Assert.Equal(["r3", "r4"], pick.Questions.Select(q => q.Id).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Pick_TooFewFreshQuestions_RepeatsTheLeastRecentlyAskedAndSaysSo()
    {
        var pick = QuestionPicker.Pick(Catalog, new QuestionRequest { Count = 3, Recent = ["r1", "r2", "r3"] }, new Random(3));

        // Recent is newest first: r3 was asked longest ago, then r2.
        Assert.Equal(["r4", "r3", "r2"], pick.Questions.Select(q => q.Id));
        Assert.Contains("Only 1 recruiter question not asked", pick.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Pick_AllowRepeats_IgnoresRecentSessions()
    {
        var pick = QuestionPicker.Pick(Catalog, new QuestionRequest { Count = 4, Recent = ["r1", "r2", "r3"], AllowRepeats = true }, new Random(3));

        Assert.Equal(4, pick.Questions.Count);
        Assert.Null(pick.Note);
    }

    [Fact]
    public void Pick_RoundWithoutQuestions_ThrowsListingTheRounds()
    {
        var e = Assert.Throws<QuestionPickException>(() => QuestionPicker.Pick(Catalog, new QuestionRequest { Round = Rounds.Coding }, new Random(1)));

        Assert.Contains("behavioral, recruiter", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b , c", new[] { "a", "b", "c" })]
    [InlineData("# my list\n- a\nb # the second\n\n", new[] { "a", "b" })]
    public void ParseIds_CommasOrLines_ReadsTheIds(string text, string[] expected) =>
        Assert.Equal(expected, QuestionPicker.ParseIds(text));

    private static Question Q(string id, string round, string company = "netflix") =>
        new() { Id = id, Text = "Question " + id, Round = round, Company = company };
}
