using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Support;

/// <summary>Typed sessions graded by the real rubric at a fixed date, for report and progress tests.</summary>
internal static class TypedSessions
{
    public static readonly DateTimeOffset Weak = new(2026, 11, 20, 19, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Mixed = new(2026, 11, 22, 19, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Good = new(2026, 11, 24, 8, 15, 0, TimeSpan.Zero);

    public static Task<GradedSession> GradeAsync(DateTimeOffset date, params AnswerToGrade[] answers)
    {
        var library = TestLibrary.Library;
        var pack = library.Company("netflix");
        var grader = new SessionGrader(TestLibrary.Grader, library.Rubric, pack, new FixedTimeProvider(date));
        return GradeCoreAsync(grader, date, answers);
    }

    /// <summary>Three sessions that improve: weak answers, the mixed five of the report contract, then two good ones.</summary>
    public static async Task<IReadOnlyList<GradedSession>> ImprovingAsync() =>
    [
        await GradeAsync(
            Weak,
            TestLibrary.Typed(Answers.CourageId, Answers.OpinionOnly, 30, 1),
            TestLibrary.Typed(Answers.WhyMoveId, Answers.RedFlag, 22, 2),
            TestLibrary.Typed(Answers.MlopsId, Answers.Ramble, 95, 3)),
        await MixedAsync(),
        await GradeAsync(
            Good,
            TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1),
            TestLibrary.Typed(Answers.WhyNetflixId, Answers.GoodMotivation, 38, 2)),
    ];

    /// <summary>The five typed answers of the report contract (ReportContractTests).</summary>
    public static Task<GradedSession> MixedAsync() => GradeAsync(
        Mixed,
        TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1),
        TestLibrary.Typed(Answers.CourageId, Answers.OpinionOnly, 30, 2),
        TestLibrary.Typed(Answers.ExcitesId, Answers.CutOff, 24, 3),
        TestLibrary.Typed(Answers.WhyMoveId, Answers.RedFlag, 22, 4),
        TestLibrary.Typed(Answers.MlopsId, Answers.Ramble, 95, 5));

    /// <summary>Writes session.json into DIR/ID/ as `grade` would.</summary>
    public static string WriteFolder(GradedSession session, string sessionsDir)
    {
        var folder = Path.Combine(sessionsDir, session.Id);
        Directory.CreateDirectory(folder);
        using var stream = File.Create(Path.Combine(folder, "session.json"));
        Core.Sessions.SessionJsonWriter.Write(session, stream);
        return folder;
    }

    private static async Task<GradedSession> GradeCoreAsync(SessionGrader grader, DateTimeOffset date, AnswerToGrade[] answers)
    {
        var id = date.ToString("yyyy-MM-dd-HHmm-ss", System.Globalization.CultureInfo.InvariantCulture);
        var session = await grader.GradeAsync(id, answers, CancellationToken.None);

        // Timings vary run to run; contracts are checked without them.
        return session with { Timings = new Dictionary<string, double>() };
    }
}
