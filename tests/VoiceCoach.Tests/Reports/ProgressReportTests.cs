using System.Globalization;
using System.Text;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Reports;

/// <summary>progress.md and progress.svg are contracts (Reports/Expected; regenerate with VOICECOACH_UPDATE_GOLDEN=1).</summary>
public class ProgressReportTests
{
    private static async Task<ProgressReport> ImprovingReportAsync()
    {
        var sessions = await TypedSessions.ImprovingAsync();
        var overviews = sessions.Reverse().Select(s =>
        {
            using var stream = new MemoryStream();
            SessionJsonWriter.Write(s, stream);
            stream.Position = 0;
            return SessionOverview.Read(stream, s.Id, $"sessions/{s.Id}/session.json");
        }).ToList();
        return ProgressAnalyzer.Analyze(overviews, TestLibrary.Library.Rubric.Grades, [new SkippedSession("sessions/scratch/session.json", "no session.json (not a graded session)")]);
    }

    [Fact]
    public async Task WriteMarkdown_ThreeSessions_MatchesExpectedText()
    {
        var report = await ImprovingReportAsync();

        var text = InGermanCulture(w => ProgressMarkdownWriter.Write(report, w));

        AssertGolden("improving.progress.md", text);
    }

    [Fact]
    public async Task WriteSvg_ThreeSessions_MatchesExpectedText()
    {
        var report = await ImprovingReportAsync();

        var svg = InGermanCulture(w => ProgressSvgWriter.Write(report, w));

        AssertGolden("improving.progress.svg", svg);
        var doc = System.Xml.Linq.XDocument.Parse(svg); // well-formed
        Assert.Equal(3, doc.Descendants().Count(e => e.Name.LocalName == "circle"));
    }

    [Fact]
    public async Task Analyze_ThreeSessions_OrdersByDateAndChecksTargets()
    {
        var report = await ImprovingReportAsync();

        Assert.Equal(["2026-11-20-1930-00", "2026-11-22-1930-00", "2026-11-24-0815-00"], report.Sessions.Select(s => s.Id));
        Assert.True(report.GradePoints[2] > report.GradePoints[0]);
        Assert.NotNull(report.LastAgainstPrevious?.Check);
        Assert.Equal(report.Sessions[1].NextTargetText, report.LastAgainstPrevious.TargetText);
    }

    [Fact]
    public async Task WriteMarkdown_LastSessionWithSilentAnswers_ShowsThemAsNoAnswer()
    {
        var silent = await TypedSessions.GradeAsync(
            TypedSessions.Good,
            TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1),
            Grading.NoAnswerTests.Silent(Answers.CourageId, 2),
            Grading.NoAnswerTests.Silent(Answers.WhyNetflixId, 3));
        using var stream = new MemoryStream();
        SessionJsonWriter.Write(silent, stream);
        stream.Position = 0;
        var overview = SessionOverview.Read(stream, silent.Id, "session.json");
        var report = ProgressAnalyzer.Analyze([overview], TestLibrary.Library.Rubric.Grades);

        var text = InGermanCulture(w => ProgressMarkdownWriter.Write(report, w));

        Assert.Equal([2, 3], overview.NoAnswers);
        Assert.Contains("| 1/3 (2 no answer) |", text, StringComparison.Ordinal);
        Assert.Contains("- No answer in the last session: Q2, Q3 (nothing was heard)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOverview_BrokenJson_ThrowsNamingTheFile()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{ \"answers\": [ "));

        var ex = Assert.Throws<SessionFileException>(() => SessionOverview.Read(stream, "s1", "sessions/s1/session.json"));

        Assert.StartsWith("sessions/s1/session.json: not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOverview_NotASession_ThrowsNamingTheFile()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{ \"name\": \"package\" }"));

        var ex = Assert.Throws<SessionFileException>(() => SessionOverview.Read(stream, "s1", "x/session.json"));

        Assert.Equal("x/session.json: no answers array; this is not a VoiceCoach session.json", ex.Message);
    }

    [Fact]
    public void ReadOverview_OldFileWithoutStructuredTargetOrAverages_DerivesThem()
    {
        const string json = """
            { "id": "old", "date": "2026-10-01T18:00:00+02:00", "average_grade": "C+", "culture_integration_pct": 40,
              "next_target": "B average with 70% culture integration",
              "answers": [ { "round": "behavioral", "words": 80, "duration_s": 50 }, { "round": "behavioral", "words": 60, "duration_s": 40 }, { "round": "recruiter", "words": 0, "duration_s": 5 } ] }
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var s = SessionOverview.Read(stream, "old", "old/session.json");

        Assert.Null(s.NextTarget);
        Assert.Equal(new SessionTarget("B", 70), s.CheckableTarget);
        Assert.Equal("behavioral", s.Round);
        Assert.Equal(45, s.AverageSeconds);
        Assert.Equal(2, s.QuestionsCompleted);
        Assert.Equal(3, s.QuestionsAsked);
        Assert.Null(s.AveragePoints);
        Assert.Equal(2.3, ProgressAnalyzer.Points(s, TestLibrary.Library.Rubric.Grades));
    }

    [Fact]
    public void ReadOverview_WrongType_ThrowsNamingTheField()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{ "average_grade": "B", "culture_integration_pct": "high", "answers": [] }"""));

        var ex = Assert.Throws<SessionFileException>(() => SessionOverview.Read(stream, "s", "s/session.json"));

        Assert.Equal("s/session.json: culture_integration_pct: expected a number, found string", ex.Message);
    }

    /// <summary>Writes under de-DE (decimal comma) to prove the output does not depend on the machine's culture.</summary>
    internal static string InGermanCulture(Action<TextWriter> write)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using var writer = new StringWriter(CultureInfo.GetCultureInfo("de-DE")) { NewLine = "\n" };
            write(writer);
            return writer.ToString();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    internal static void AssertGolden(string name, string actual)
    {
        var path = RepoPaths.InRepo("tests", "VoiceCoach.Tests", "Reports", "Expected", name);
        if (Environment.GetEnvironmentVariable("VOICECOACH_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"{path} missing; run with VOICECOACH_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
