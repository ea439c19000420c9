using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Red flags said in everyday words rather than the pack's first phrases (issue 12, round 11's misses): avoiding
/// confrontation, a safe position as the reason to move, a team that feels like home, leaving the modelling to the
/// scientists, taking the coding round as it comes; and a role confusion whose "this role" the splitter cut off at a
/// colon. The sentences are written from the pack's why, not from the labelled answers.
/// </summary>
public class RedFlagNewWordsTests
{
    [Theory]
    // Recogniser style: a story told in the past, so only the phrase, not the stance classifier's "what she wants", hears it.
    [InlineData("netflix-recruiter-values-candor", "when a colleague's model kept failing the nightly checks i said nothing to him because i'm not one for confrontation and i patched his code myself for a month until my manager noticed", "uncomfortable-with-candor")]
    [InlineData("netflix-recruiter-why-move", "for me the main thing now is a safe position we lost half the team in two rounds of cuts this year and the job is more secure at a profitable company like this one", "stability")]
    [InlineData("netflix-recruiter-career-transition", "I want to move into vision work for creators. Most of all I want a team that feels like home, where people look out for each other.", "family-framing")]
    [InlineData("netflix-recruiter-researchers-vs-engineers", "Researchers and engineers mean different things by done. I'd leave the modelling to the scientists and make whatever they hand me run in production.", "research-production-separate")]
    [InlineData("netflix-recruiter-process-expectations", "A recruiter call, the technical rounds and the culture interviews. For the coding round I'll take it as it comes, I've written code for years.", "unprepared")]
    // Round 9's: engineers who need not understand the models, and the fear of being unprepared again (004 Q5).
    [InlineData("netflix-recruiter-researchers-vs-engineers", "With engineers I talk interfaces and tests. The scientists hand us a checkpoint and my team serves it, we don't need to understand the models to do that well.", "research-production-separate")]
    [InlineData("netflix-recruiter-prep-timeline", "Six weeks, because last time I crammed and it showed. I'm doing mock loops and system design practice, I just don't want to walk in unprepared again.", "negative-framing")]
    public void Grade_RedFlagInEverydayWords_RaisesIt(string questionId, string text, string flag)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, 35));

        Assert.Contains("red_flag", graded.Flags);
        Assert.Contains(graded.Findings.RedFlags, r => r.Id == flag);
    }

    [Fact]
    public void Grade_NobodyLikesConfrontationButSheToldHim_RaisesNoCandorFlag()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-values-candor",
            "A peer kept merging configs without review. Nobody likes confrontation, but I told him directly that afternoon, and we agreed on a review rule that has held for six months.", 35));

        Assert.DoesNotContain(graded.Findings.RedFlags, r => r.Id == "uncomfortable-with-candor");
    }

    [Fact]
    public void Grade_HighRedFlagAfterANegationInThePreviousSentence_IsSureAndCaps()
    {
        // "without" ends the first sentence: it negates nothing in the second, so the flag caps as surely as any.
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-values-candor",
            "A peer kept merging configs without review. I'm not a person who likes confrontation, so I kept quiet and repaired them myself for a month.", 35));

        Assert.Contains(graded.Findings.CriticalMisses, c => c.Flag == "red_flag" && c.Confidence >= 0.9);
    }

    [Theory]
    // The splitter cuts at the colon; the written sentence still puts the recommendation engine in this role.
    [InlineData("The recommendation engine is where I'd put my energy: making its video tags richer in this role, so members find the right show faster.", true)]
    // Past work in one sentence, the role in the next: no confusion.
    [InlineData("At Amazon I built a recommendation engine for retail search. In this role I want to build tools that save artists a night of rotoscoping.", false)]
    public void Grade_RecommenderAndTheRole_ConfusedOnlyWithinOneWrittenSentence(string text, bool confused)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed("netflix-recruiter-ai-cv-excites", text, 35));

        Assert.Equal(confused, graded.Findings.RedFlags.Any(r => r.Id.StartsWith("role-confusion", StringComparison.Ordinal)));
    }
}
