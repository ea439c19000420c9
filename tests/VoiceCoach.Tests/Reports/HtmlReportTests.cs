using System.Text;
using System.Text.Json.Nodes;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Tests.Support;

namespace VoiceCoach.Tests.Reports;

/// <summary>report.html (golden text), its escaping, and reading session.json back for `report`.</summary>
public class HtmlReportTests
{
    private static HtmlReportWriter Writer => new(TestLibrary.Library.Company("netflix"));

    private static async Task<GradedSession> MixedWithAudioAsync()
    {
        var session = await TypedSessions.MixedAsync();
        var first = session.Answers[0];
        var withAudio = first with { Answer = first.Answer with { AudioPath = "answers/q1 judgment.wav" } };
        return session with { Answers = [withAudio, .. session.Answers.Skip(1)] };
    }

    [Fact]
    public async Task Write_TypedSession_MatchesExpectedText()
    {
        var session = await MixedWithAudioAsync();

        var html = ProgressReportTests.InGermanCulture(w => Writer.Write(session, w));

        ProgressReportTests.AssertGolden("typed-session.report.html", html);
    }

    [Fact]
    public async Task Write_TypedSession_HasPlayerTimedWordsInlineSvgAndNoExternalAssets()
    {
        var html = Render(await MixedWithAudioAsync());

        Assert.Contains("<audio controls preload=\"metadata\" src=\"answers/q1%20judgment.wav\"></audio>", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "<audio "));
        Assert.Equal(5, Count(html, "<figure class=\"timeline\">"));
        Assert.Equal(5, Count(html, "<section class=\"answer-media\""));
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<details><summary>Transcript", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"w\" data-start=\"0.00\" data-end=\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"w filler\" data-start=\"0.00\"", html, StringComparison.Ordinal); // "Um," opens the ramble
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "<script>"));
    }

    [Fact]
    public async Task Write_TranscriptWithMarkup_IsInert()
    {
        const string evil = "I led the migration <script>alert('x')</script> and <img src=x onerror=alert(1)> then I shipped it & measured 20 percent.";
        var session = await TypedSessions.GradeAsync(TypedSessions.Mixed, TestLibrary.Typed(Answers.JudgmentId, evil, 30, 1));

        var html = Render(session);
        using var md = new StringWriter();
        new MarkdownReportWriter(TestLibrary.Library.Company("netflix")).Write(session, md);

        Assert.Equal(1, Count(html, "<script")); // only the page's own script
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert('x')</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img", html, StringComparison.Ordinal);
        Assert.Contains(@"\<script>alert('x')\</script>", md.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_LowConfidenceWord_MarkedUnsureWithAKey()
    {
        // Arrange: the recogniser was unsure of "control" only.
        var answer = TestLibrary.Timed(Answers.JudgmentId, 10, (0.5, 6, "I work with context not control."));
        var words = answer.Transcript.Words.Select(w => w with { Confidence = w.Text.StartsWith("control", StringComparison.Ordinal) ? 0.31 : 0.93 }).ToList();
        var segment = answer.Transcript.Segments[0] with { Words = words };
        var session = await TypedSessions.GradeAsync(TypedSessions.Mixed, answer with { Transcript = answer.Transcript with { Segments = [segment] } });

        // Act
        var html = Render(session);

        // Assert
        Assert.Equal(1, Count(html, "class=\"w unsure\""));
        Assert.Contains("<span class=\"unsure\">unsure (confidence &lt; 0.5)</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_LongGapBetweenWords_ShowsThePause()
    {
        var answer = TestLibrary.Timed(
            Answers.JudgmentId,
            20,
            (0.5, 6, "Last year our pipeline failed every weekend."),
            (9.5, 15, "I fixed the data check and pages dropped by half."));
        var session = await TypedSessions.GradeAsync(TypedSessions.Mixed, answer);

        var html = Render(session);

        Assert.Contains("<span class=\"pause\" title=\"pause 3.", html, StringComparison.Ordinal);
        Assert.Contains("word times from the recogniser", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_RawHtmlInMarkdownFromElsewhere_IsEscaped()
    {
        // A question text (coach-editable) with raw HTML must not become live markup either.
        var session = await TypedSessions.MixedAsync();
        var first = session.Answers[0];
        var q = first.Question with { Text = "<iframe src=x></iframe> Why Netflix?" };
        session = session with { Answers = [first with { Answer = first.Answer with { Question = q } }, .. session.Answers.Skip(1)] };

        var html = Render(session);

        Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadGraded_SessionJson_RendersTheSameMarkdownAsTheOriginal()
    {
        foreach (var session in (await TypedSessions.ImprovingAsync()).Append(await MixedWithAudioAsync()))
        {
            var json = Json(session);

            var read = GradedSessionReader.Read(new MemoryStream(json), "session.json", TestLibrary.Library.Questions);

            Assert.Equal(Markdown(session), Markdown(read));
            AssertSameDrawing(Svg(session.Answers[^1]), Svg(read.Answers[^1]));
            Assert.Equal(session.Answers[0].Answer.AudioPath, read.Answers[0].Answer.AudioPath);
        }
    }

    [Fact]
    public async Task ReadGraded_OldFileWithoutStoredTexts_DerivesThemFromTheFindings()
    {
        var session = await TypedSessions.MixedAsync();
        var node = JsonNode.Parse(Json(session))!.AsObject();
        node.Remove("fluency_notes");
        node.Remove("development_area_notes");
        node.Remove("coach_questions");
        foreach (var a in node["answers"]!.AsArray())
        {
            a!["fillers"]!.AsObject().Remove("times_s");
        }

        var library = TestLibrary.Library;
        var read = GradedSessionReader.Read(
            new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString())),
            "session.json",
            library.Questions,
            company => new SessionAssessor(library.Rubric, library.Company(company)));

        Assert.Equal(Markdown(session), Markdown(read));
        Assert.NotEmpty(read.Answers[4].Findings.FillerTimes);
    }

    [Fact]
    public void ReadGraded_BrokenJson_ThrowsNamingTheFile()
    {
        var ex = Assert.Throws<SessionFileException>(() =>
            GradedSessionReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("{\"answers\": [")), "s/session.json", TestLibrary.Library.Questions));

        Assert.StartsWith("s/session.json: not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FillerTimes_MultiWordFiller_FindsItsStart()
    {
        var words = new[] { "So", "you", "know,", "I", "um", "did", "it" }
            .Select((w, i) => new Core.Transcription.TimedWord(w, TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(i + 0.5)))
            .ToList();

        var times = GradedSessionReader.FillerTimes(words, ["you know", "um"]);

        Assert.Equal([1.0, 4.0], times);
    }

    private static string Render(GradedSession session)
    {
        using var w = new StringWriter { NewLine = "\n" };
        Writer.Write(session, w);
        return w.ToString();
    }

    private static string Markdown(GradedSession session)
    {
        using var w = new StringWriter { NewLine = "\n" };
        new MarkdownReportWriter(TestLibrary.Library.Company("netflix")).Write(session, w);
        return w.ToString();
    }

    private static string Svg(GradedAnswer answer)
    {
        using var w = new StringWriter { NewLine = "\n" };
        TimelineSvgWriter.Write(answer, w);
        return w.ToString();
    }

    private static byte[] Json(GradedSession session)
    {
        using var stream = new MemoryStream();
        SessionJsonWriter.Write(session, stream);
        return stream.ToArray();
    }

    private static int Count(string text, string what) => text.Split(what).Length - 1;

    /// <summary>Same SVG up to coordinates: session.json keeps times to 10 ms, which may move a point by 0.1 px.</summary>
    private static void AssertSameDrawing(string expected, string actual)
    {
        var number = new System.Text.RegularExpressions.Regex(@"\d+(\.\d+)?");
        Assert.Equal(number.Replace(expected, "#"), number.Replace(actual, "#"));
        var a = number.Matches(expected).Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var b = number.Matches(actual).Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(a.Zip(b), p => Assert.True(Math.Abs(p.First - p.Second) <= 0.2, $"{p.First} vs {p.Second}"));
    }
}
