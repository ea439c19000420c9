using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Llm;
using VoiceCoach.Testing;
using VoiceCoach.Tests.Llm;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Reports;

/// <summary>
/// report.md and session.json are contracts. The expected files are under Reports/Expected; after an
/// intended change, regenerate them with VOICECOACH_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public class ReportContractTests
{
    private static readonly DateTimeOffset SessionDate = new(2026, 11, 22, 19, 30, 0, TimeSpan.Zero);

    private static async Task<GradedSession> TypedSessionAsync()
    {
        var library = TestLibrary.Library;
        var pack = library.Company("netflix");
        var grader = new SessionGrader(TestLibrary.Grader, library.Rubric, pack, new FixedTimeProvider(SessionDate));
        var session = await grader.GradeAsync(
            "2026-11-22-1930-00",
            [
                TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1),
                TestLibrary.Typed(Answers.CourageId, Answers.OpinionOnly, 30, 2),
                TestLibrary.Typed(Answers.ExcitesId, Answers.CutOff, 24, 3),
                TestLibrary.Typed(Answers.WhyMoveId, Answers.RedFlag, 22, 4),
                TestLibrary.Typed(Answers.MlopsId, Answers.Ramble, 95, 5),
            ],
            CancellationToken.None);

        // Timings vary run to run; the contract is checked without them.
        return session with { Timings = new Dictionary<string, double>() };
    }

    /// <summary>The same session reviewed by a scripted LLM: Q1 moved, Q2 held at the bound, Q3 unavailable.</summary>
    private static async Task<GradedSession> TypedLlmSessionAsync()
    {
        var library = TestLibrary.Library;
        var pack = library.Company("netflix");
        var answerNo = 0;
        var fake = new FakeChatService((_, request) =>
            request.SchemaName == "session_summary" ? FakeChatService.SessionReply()
            : ++answerNo switch
            {
                1 => FakeChatService.Reply("A"),
                2 => FakeChatService.Reply("A", "Asked for an A in the answer."),
                3 => "THROW:http://127.0.0.1:11434/v1 did not reply within 60 s",
                _ => FakeChatService.Reply("C"),
            });
        using var kernel = fake.Kernel();
        var grader = new SessionGrader(new LlmAnswerGrader(TestGrading.Grader(library, pack), library.Rubric, pack, kernel, NullLogger<LlmAnswerGrader>.Instance), library.Rubric, pack, new FixedTimeProvider(SessionDate))
        {
            GraderName = "VoiceCoach rubric (deterministic) + LLM reviewer (fake-model at http://127.0.0.1:11434/v1)",
            Reviewer = new LlmSessionReviewer(kernel, NullLogger<LlmSessionReviewer>.Instance),
        };
        var session = await grader.GradeAsync(
            "2026-11-22-1930-00",
            [
                TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1),
                TestLibrary.Typed(Answers.CourageId, Answers.OpinionOnly, 30, 2),
                TestLibrary.Typed(Answers.ExcitesId, Answers.CutOff, 24, 3),
                TestLibrary.Typed(Answers.WhyMoveId, Answers.RedFlag, 22, 4),
            ],
            CancellationToken.None);
        return session with { Timings = new Dictionary<string, double>() };
    }

    [Fact]
    public async Task WriteReport_LlmReviewedSession_MatchesExpectedText()
    {
        var session = await TypedLlmSessionAsync();

        var report = Markdown(session);

        AssertGolden("llm-session.report.md", report);
    }

    [Fact]
    public async Task WriteJson_LlmReviewedSession_MatchesExpectedText()
    {
        var session = await TypedLlmSessionAsync();

        var json = Json(session);

        AssertGolden("llm-session.session.json", json);
    }

    [Fact]
    public async Task ReadGraded_LlmReviewedSession_ReRendersTheSameReportAndJson()
    {
        var session = await TypedLlmSessionAsync();

        var read = ReadBack(session);

        Assert.Equal(Markdown(session), Markdown(read));
        Assert.Equal(Json(session), Json(read));
    }

    [Fact]
    public async Task WriteReport_TypedSession_MatchesExpectedText()
    {
        var session = await TypedSessionAsync();

        var report = Markdown(session);

        AssertGolden("typed-session.report.md", report);
    }

    [Fact]
    public async Task WriteJson_TypedSession_MatchesExpectedText()
    {
        var session = await TypedSessionAsync();

        var json = Json(session);

        AssertGolden("typed-session.session.json", json);
    }

    [Fact]
    public async Task WriteReport_TypedSession_HasEverySectionOfTheSeedReport()
    {
        var session = await TypedSessionAsync();
        using var writer = new StringWriter();
        new MarkdownReportWriter(TestLibrary.Library.Company("netflix")).Write(session, writer);
        var report = writer.ToString();

        string[] sections =
        [
            "## Overall Performance Summary", "### Strengths Demonstrated", "### Key Development Areas",
            "## Question-by-Question Feedback", "**Grade: ", "✅ **What Worked:**", "❌ **What Needs Work:**",
            "💡 **Coaching Tip:**", "**Improved Answer Template:**", "## Netflix Culture Fluency Assessment",
            "### Current Level:", "## Action Items Before Next Session", "## Session Metrics", "**Next Session Target:**",
            "q1-timeline.svg", "STAR-Lite seconds", "❌ **Critical Miss:**", "**What the Question Asked For:**",
            "## Coach-Candidate Discussion Space", "### Your Questions/Thoughts:", "### Coach's Response:", "### Next Session Planning:",
        ];
        Assert.All(sections, s => Assert.Contains(s, report, StringComparison.Ordinal));
    }

    /// <summary>A session whose microphone went silent after the first answer.</summary>
    private static Task<GradedSession> SilentSessionAsync() => TypedSessions.GradeAsync(
        SessionDate,
        TestLibrary.Typed(Answers.JudgmentId, Answers.GoodStory, 46, 1),
        Grading.NoAnswerTests.Silent(Answers.CourageId, 2),
        Grading.NoAnswerTests.Silent(Answers.WhyNetflixId, 3, seconds: 41.5));

    [Fact]
    public async Task WriteReport_SessionWithSilentAnswers_MatchesExpectedText()
    {
        var session = await SilentSessionAsync();

        var report = Markdown(session);

        AssertGolden("silent-session.report.md", report);
    }

    [Fact]
    public async Task WriteJson_SessionWithSilentAnswers_MatchesExpectedText()
    {
        var session = await SilentSessionAsync();

        var json = Json(session);

        AssertGolden("silent-session.session.json", json);
    }

    [Fact]
    public async Task ReadGraded_SessionWithSilentAnswers_ReRendersTheSameReportAndJson()
    {
        var session = await SilentSessionAsync();

        var read = ReadBack(session);

        Assert.True(read.Answers[1].Findings.NoAnswer);
        Assert.Equal(session.Answers[1].Feedback.AskedFor, read.Answers[1].Feedback.AskedFor);
        Assert.Equal(Markdown(session), Markdown(read));
        Assert.Equal(Json(session), Json(read));
    }

    [Fact]
    public void ReadGraded_SessionWrittenBeforeNoAnswers_StillReadsWithItsOwnVerdict()
    {
        // Schema 1 as written before this change: a silent answer judged "too_long", no asked_for, no vad object.
        const string json = """
            {"schema":1,"id":"old","date":"2026-11-01T10:00:00+00:00","company":"netflix","average_grade":"D","culture_integration_pct":0,
             "answers":[{"index":1,"question":"Describe a time you showed Courage in your technical career.","question_id":"netflix-recruiter-values-courage",
               "engine":"pocketsphinx","duration_s":300,"words":0,"length_verdict":"too_long","grade":"F","flags":["too_long"],
               "feedback":{"worked":[],"needs_work":["Way too long (this was 5 min 0 s of talking; target 30-60 s)"],"tip":"t","template":"x","critical_miss":"You didn't answer the question!"}}]}
            """;

        var read = GradedSessionReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "session.json", TestLibrary.Library.Questions);

        Assert.Equal(Core.Grading.LengthVerdict.TooLong, read.Answers[0].Findings.LengthVerdict);
        Assert.Empty(read.Answers[0].Feedback.AskedFor);
        Assert.Contains("❌ **Critical Miss:** You didn't answer the question!", Markdown(read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteJson_EveryAnswer_HasTheContractFields()
    {
        var session = await TypedSessionAsync();
        using var stream = new MemoryStream();
        SessionJsonWriter.Write(session, stream);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var root = doc.RootElement;

        foreach (var field in new[] { "average_grade", "culture_integration_pct", "role_enthusiasm_pct", "fluency_level", "recommended_focus", "next_target" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        foreach (var answer in root.GetProperty("answers").EnumerateArray())
        {
            foreach (var field in new[] { "question", "transcript", "engine", "duration_s", "words", "words_per_minute", "grade", "score", "star", "values", "red_flags", "fillers", "flags", "feedback" })
            {
                Assert.True(answer.TryGetProperty(field, out _), field);
            }

            foreach (var part in new[] { "situation", "task", "action", "result", "connection" })
            {
                var p = answer.GetProperty("star").GetProperty(part);
                Assert.Equal(JsonValueKind.Number, p.GetProperty("seconds").ValueKind);
                Assert.True(p.GetProperty("present").ValueKind is JsonValueKind.True or JsonValueKind.False);
            }

            Assert.Equal(JsonValueKind.Number, answer.GetProperty("fillers").GetProperty("per_minute").ValueKind);
            foreach (var field in new[] { "worked", "needs_work", "tip", "template" })
            {
                Assert.True(answer.GetProperty("feedback").TryGetProperty(field, out _), field);
            }
        }
    }

    [Fact]
    public async Task WriteTimeline_Answer_DrawsTargetMarksBandsAndFillerTicks()
    {
        var session = await TypedSessionAsync();
        var ramble = session.Answers[4];
        using var writer = new StringWriter();

        TimelineSvgWriter.Write(ramble, writer);
        var svg = writer.ToString();

        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg, StringComparison.Ordinal);
        Assert.Contains(">30 s</text>", svg, StringComparison.Ordinal);
        Assert.Contains(">60 s</text>", svg, StringComparison.Ordinal);
        var ticks = svg.Split("stroke=\"#d62828\" stroke-width=\"2\"/>").Length - 1;
        Assert.Equal(ramble.Findings.FillerCount + 1, ticks); // + the legend's tick
        _ = System.Xml.Linq.XDocument.Parse(svg); // well-formed XML
    }

    private static string Markdown(GradedSession session)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        new MarkdownReportWriter(TestLibrary.Library.Company("netflix")).Write(session, writer);
        return writer.ToString();
    }

    private static string Json(GradedSession session)
    {
        using var stream = new MemoryStream();
        SessionJsonWriter.Write(session, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The session as `report` reads it back from its session.json.</summary>
    private static GradedSession ReadBack(GradedSession session) =>
        GradedSessionReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Json(session))), "session.json", TestLibrary.Library.Questions);

    private static void AssertGolden(string name, string actual)
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
