namespace VoiceCoach.Tests.Support;

/// <summary>Typed answers a coach would grade clearly, used across grading and report tests.</summary>
internal static class Answers
{
    public const string JudgmentId = "netflix-recruiter-values-judgment";
    public const string CourageId = "netflix-recruiter-values-courage";
    public const string ExcitesId = "netflix-recruiter-ai-cv-excites";
    public const string WhyMoveId = "netflix-recruiter-why-move";
    public const string MlopsId = "netflix-recruiter-mlops-experience";
    public const string WhyNetflixId = "netflix-recruiter-why-netflix";

    public const string GoodStory =
        "Last year at Salesforce our model retraining pipeline kept failing every weekend and the on-call team was burning out. "
        + "My task was to cut the pages without slowing down releases. "
        + "I analyzed three months of alerts, found that 70 percent came from one flaky data check, and I proposed moving validation before training. "
        + "I shared the data openly with the team, then I built the new check in two weeks. "
        + "As a result, pages dropped by 50 percent and releases went from weekly to daily. "
        + "That's judgment for me: fixing the long-term cause instead of the symptom, and it's how I'd support the studio teams at Eyeline.";

    public const string OpinionOnly =
        "I think courage is really important. In general I believe you should always speak up when something is wrong, "
        + "and it's important to challenge the status quo. I always try to be honest with my team, and I think taking risks is how you grow. "
        + "Ideally everyone would feel safe to take risks and say what they think.";

    public const string CutOff =
        "What excites me about this role is working on computer vision for content creators. "
        + "I've spent years building ML pipelines, and the chance to bring research into production for the studio is a big step for me. "
        + "And the way computer vision is different at Netflix is that";

    public const string RedFlag =
        "Honestly I'm looking for better work-life balance and more stability. My current company changes direction all the time, "
        + "and I'd like a place with clear processes and detailed instructions so I know exactly what to do every day. I think Netflix would give me that.";

    public const string Ramble =
        "Um, so, basically, uh, I started at Amazon, and, you know, we did a lot of things there, like, we built pipelines, and, um, we had, like, a lot of models, and we sort of deployed them. "
        + "And then, uh, we moved to, you know, Salesforce, where we, um, basically did more MLOps, like, we had CI/CD and, uh, Docker and, you know, we sort of scaled things. "
        + "And, um, we also did monitoring, like, basically a lot of monitoring, and we we had dashboards and, uh, alerts. "
        + "And then, you know, there was, like, a migration, um, to a new platform, and we sort of moved everything, and, uh, it was, you know, kind of a big project. "
        + "So, basically, um, I think that's, like, my experience, and, uh, I think it applies because, you know, you need pipelines. "
        + "And, um, yeah, we did a lot of, like, training jobs and, uh, GPU stuff, sort of, and we, um, we learned a lot.";

    public const string GoodMotivation =
        "I'm genuinely excited about the intersection of AI research and creative tools. At Salesforce I optimized business metrics; "
        + "here I'd be empowering creative storytelling for studio artists and creators. I love that Netflix runs on context not control: "
        + "I did my best work when I was an informed captain on our ML platform. And the Eyeline research team is exactly the kind of stunning colleagues I want to learn from.";

    /// <summary>A 40 s STAR-Lite story with exact word times (each sentence's words spread inside its span), no confidences.</summary>
    public static Core.Grading.AnswerToGrade TimedStory() => TestLibrary.Timed(
        JudgmentId,
        40,
        (0.5, 6.0, "Last year at Salesforce our retraining pipeline kept failing every weekend."),
        (6.5, 11.0, "My task was to cut the pages without slowing releases."),
        (11.5, 27.0, "I analyzed the alerts and I proposed moving validation before training, then I built the check."),
        (27.5, 34.0, "As a result pages dropped by 50 percent."),
        (34.5, 39.5, "That is judgment and the long-term fix I would bring to the studio."));
}
