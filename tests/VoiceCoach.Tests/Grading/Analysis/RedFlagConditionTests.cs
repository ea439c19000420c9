using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Grading.Analysis;

/// <summary>
/// Round 9's red flags said in other words (issue 12): the generic "best people" praise without the pack's "smart people"
/// (the stance classifier now knows the flag, and the pack the everyday words around it).
/// </summary>
public class RedFlagConditionTests
{
    private const string WhyNetflix = "netflix-recruiter-why-netflix";

    // Praise anyone could give any company: no "smart people" or "talented people".
    private const string BestPeople =
        "It's one of the most admired companies in entertainment, everybody knows its culture. "
        + "I'd like to be around the brightest engineers anywhere and learn from the best. "
        + "I think I'd grow a lot there and it would be a great next step.";

    [Fact]
    public void Grade_GenericBestPeoplePraise_RaisesGenericSmartPeople()
    {
        var graded = TestLibrary.Grader.Grade(TestLibrary.Typed(WhyNetflix, BestPeople, 25));

        Assert.Contains(graded.Findings.RedFlags, r => r.Id == "generic-smart-people");
    }
}
