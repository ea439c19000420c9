using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Grading;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Red flags heard in how she tells things (the pack's stance: told; issue 12): blame of another team, a restart with no
/// root cause and negativity about her team are said in stories and of others, not as what she wants, so the "of herself,
/// not past work" cues of <see cref="RedFlagStanceTests"/> would hide them. A cause found anywhere in the answer clears a
/// restart (cleared_by), and the pack's phrases do not fire on a technical "toxic".
/// </summary>
public class RedFlagToldTests
{
    private const string Incident = "netflix-reported-production-incident";

    private const string Situation = "Our batch scoring job started timing out every few nights last winter. I looked at the logs and the metrics, and nothing stood out. ";

    [Theory]
    [InlineData(Incident, Situation + "So we bounced the workers, the job finished, and after that we stopped looking into it. I learned to stay calm under pressure.", "restart-not-root-cause", "bounced the workers")]
    [InlineData(Incident, "The outage was the platform team's doing, they pushed a bad config and never told us. I spent the night cleaning up after them and we were back by morning.", "blame", "platform team's doing")]
    [InlineData("netflix-recruiter-why-move", "My current team is a mess and the leadership is clueless, so I need to get out. I want to build tools for creators.", "negative-framing", "leadership is clueless")]
    // Round 10: a bounce and no cause found, a job gone stale, winging the preparation, in words other than the pack's first phrases.
    [InlineData(Incident, "Our nightly export stalled twice last month and two dashboards went stale. I was on call, so I bounced the export workers and it came back up; we never really figured out why it stalled.", "restart-not-root-cause", "figured out why")]
    [InlineData("netflix-recruiter-why-move", "I want to move into vision work. Honestly my current project has gone into maintenance mode and I'm bored most days.", "negative-framing", "bored")]
    [InlineData("netflix-recruiter-prep-timeline", "Honestly I'll probably just wing it and do a few problems the weekend before.", "unprepared", "wing it")]
    public void Grade_FlagToldInAStoryOrOfOthers_RaisesItAndQuotesTheSentence(string questionId, string text, string flag, string quoted)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(questionId, text, 30));

        Assert.Contains("red_flag", graded.Flags);
        var hit = Assert.Single(graded.Findings.RedFlags, r => r.Id == flag);
        Assert.Contains(quoted, hit.Phrase, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Situation + "So we bounced the workers, the job finished, and the next morning I traced it to a lock held by a backup script. I moved the backup and the timeouts stopped for good.")]
    [InlineData("Our model server ran out of memory on a Friday. We just restarted it to get traffic back, and the next day the root cause turned out to be an unbounded cache, which I capped.")]
    public void Grade_RestartThenTheCauseFound_RaisesNoRestartFlag(string text)
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Incident, text, 30));

        Assert.DoesNotContain(graded.Findings.RedFlags, r => r.Id == "restart-not-root-cause");
        Assert.DoesNotContain(graded.Feedback.NeedsWork, n => n.Contains("root-cause", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_CauseNeverFound_StillRaisesTheRestartFlag()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(Incident,
            "Our batch scoring job started timing out every few nights last winter. We never found the cause, so we bounced the workers, the job finished, and after that we stopped looking into it.", 30));

        Assert.Contains(graded.Findings.RedFlags, r => r.Id == "restart-not-root-cause");
    }

    [Theory]
    [InlineData("On one percent positives accuracy is useless, so I'd use precision and recall. At Salesforce I built a filter for toxic comments with ninety five percent recall, and I set the threshold by the cost of each miss.", false)]
    [InlineData("I'm leaving because my manager is pretty toxic and I'm fed up. I want to build tools for creators.", true)]
    public void Grade_Toxic_IsNegativityOnlyAboutPeopleOrAPlace(string text, bool flagged)
    {
        var question = flagged ? "netflix-recruiter-why-move" : "netflix-reported-imbalanced-classifier";

        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(question, text, 30));

        Assert.Equal(flagged, graded.Findings.RedFlags.Any(r => r.Id == "negative-framing"));
    }

    [Fact]
    public void Grade_StanceWithoutTheFlagsEverydayWord_IsNotEvenAPossibleRedFlag()
    {
        // The classifier leans to "needing instructions" on a vague promise to do her best (0.8+), but no word of the
        // flag's heard_as is in it: with the doubt band opened wide, still no "needs work" point.
        var library = TestLibrary.Library;
        var rubric = library.Rubric with { Critical = library.Rubric.Critical with { RedFlagStanceSure = 0.99, RedFlagStanceDoubt = 0.5 } };
        var grader = new RubricGrader(rubric, library.Company("netflix"), TestGrading.Semantic(library));

        var graded = grader.Grade(TestLibrary.Typed("netflix-recruiter-process-expectations", "I'll get ready as well as I can and try my hardest on the day.", 20));

        Assert.DoesNotContain(graded.Findings.CriticalMisses, c => c.Flag == "red_flag");
    }

    [Fact]
    public void Load_StanceToldAndClearedBy_ReadsThem()
    {
        var pack = CompanyPackLoader.Load(new StringReader(Pack("    stance: told\n    cleared_by: [root cause]\n")), "companies/acme.yaml");

        var flag = Assert.Single(pack.RedFlags);
        Assert.Equal(RedFlagStance.Told, flag.Stance);
        Assert.Equal("root cause", Assert.Single(flag.ClearedBy).Pattern);
    }

    [Fact]
    public void Load_UnknownStance_NamesTheAllowedOnes()
    {
        var ex = Assert.Throws<PromptFileException>(() => CompanyPackLoader.Load(new StringReader(Pack("    stance: story\n")), "companies/acme.yaml"));

        Assert.Contains("'story' is not one of: wants, told", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoStance_IsWhatSheWants()
    {
        var pack = CompanyPackLoader.Load(new StringReader(Pack(string.Empty)), "companies/acme.yaml");

        Assert.Equal(RedFlagStance.Wants, Assert.Single(pack.RedFlags).Stance);
    }

    private static string Pack(string extra) =>
        "id: acme\nname: Acme\nrole:\n  title: Engineer\nvalues:\n  - id: grit\n    name: Grit\n    evidence: [kept going]\nred_flags:\n  - id: quitter\n    label: Quits\n    patterns: [gave up]\n" + extra;
}
