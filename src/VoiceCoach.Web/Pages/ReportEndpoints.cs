using System.Globalization;
using System.Net;
using System.Text;
using Markdig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Web.Practice;
using VoiceCoach.Web.Security;

namespace VoiceCoach.Web.Pages;

/// <summary>A session's report (HtmlReportWriter's page: audio and word-timed transcript), its files, and the progress page.</summary>
internal static class ReportEndpoints
{
    private static readonly FrozenTypes Types = new();
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static void Map(IEndpointRouteBuilder app, WebAppOptions options, PracticeEndpoints.Runs runs)
    {
        app.MapGet("/sessions/{id}/report", (string id) => Report(options, runs, id));
        app.MapGet("/sessions/{id}/files/{**path}", (string id, string path) => File(options, id, path));
        app.MapGet("/progress", () => Progress(options));
    }

    private static IResult Report(WebAppOptions options, PracticeEndpoints.Runs runs, string id)
    {
        var dir = SafePaths.SessionFolder(options.SessionsDirectory, id);
        if (dir is null)
        {
            return Results.NotFound();
        }

        if (runs.Find(id) is { ReportHtml: { } rendered })
        {
            return Results.Content(rendered, "text/html; charset=utf-8");
        }

        var library = PromptLibrary.Load(options.PromptsDirectory);
        GradedSession session;
        CompanyPack pack;
        if (runs.Find(id) is { Result: { } graded, Company: { } company })
        {
            (session, pack) = (graded, company);
        }
        else
        {
            var json = Path.Combine(dir, SessionFolder.JsonName);
            if (!System.IO.File.Exists(json))
            {
                return Page("Report", "<p>No report yet: this session has no graded answer.</p>", StatusCodes.Status404NotFound);
            }

            using var stream = System.IO.File.OpenRead(json);
            session = GradedSessionReader.Read(stream, Path.Combine(id, SessionFolder.JsonName), library.Questions, c => new SessionAssessor(library.Rubric, library.Company(c)));
            pack = library.Company(session.Company);
        }

        return Results.Content(RenderReport(session, pack, library.Rubric.LongPauseSeconds, id, dir), "text/html; charset=utf-8");
    }

    /// <summary>
    /// The report page: HtmlReportWriter's page (audio from the session folder, word-timed transcript) with the app's
    /// navigation, and a line of script that tells the practice page the moment the report is on screen.
    /// </summary>
    internal static string RenderReport(GradedSession session, CompanyPack pack, double longPauseSeconds, string id, string dir)
    {
        using var html = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        new HtmlReportWriter(pack, new HtmlReportOptions
        {
            LongPauseSeconds = longPauseSeconds,
            AudioHref = a => a.Answer.AudioPath is { } audio && SafePaths.Resolve(dir, audio) is { } full && System.IO.File.Exists(full)
                ? $"/sessions/{Uri.EscapeDataString(id)}/files/{string.Join('/', audio.Split('/').Select(Uri.EscapeDataString))}"
                : null,
        }).Write(session, html);
        var page = html.ToString();
        var nav = $"<nav class=\"vc-nav\" style=\"font:14px system-ui,sans-serif;margin:0 0 1rem\"><a href=\"/\" target=\"_top\">Practice</a> · <a href=\"/progress\" target=\"_top\">Progress</a> · <a href=\"/prompts\" target=\"_top\">Prompts</a> · <span>{WebUtility.HtmlEncode(id)}</span></nav>";
        var body = page.IndexOf("<body>", StringComparison.Ordinal);
        page = body < 0 ? page : page.Insert(body + "<body>".Length, nav);
        const string Shown = "<script>if (parent !== window) { parent.postMessage({ type: 'voicecoach-report-shown' }, location.origin); }</script>\n";
        var end = page.LastIndexOf("</body>", StringComparison.Ordinal);
        return end < 0 ? page + Shown : page.Insert(end, Shown);
    }

    private static IResult File(WebAppOptions options, string id, string path)
    {
        var dir = SafePaths.SessionFolder(options.SessionsDirectory, id);
        var full = dir is null ? null : SafePaths.Resolve(dir, path);
        if (full is null || !System.IO.File.Exists(full) || Types.Of(full) is not { } type)
        {
            return Results.NotFound();
        }

        return Results.File(full, type, enableRangeProcessing: true);
    }

    private static IResult Progress(WebAppOptions options)
    {
        var library = PromptLibrary.Load(options.PromptsDirectory);
        var read = new List<SessionOverview>();
        var skipped = new List<SkippedSession>();
        if (Directory.Exists(options.SessionsDirectory))
        {
            foreach (var folder in Directory.GetDirectories(options.SessionsDirectory).Order(StringComparer.Ordinal))
            {
                var json = Path.Combine(folder, SessionFolder.JsonName);
                if (!System.IO.File.Exists(json))
                {
                    continue;
                }

                try
                {
                    using var stream = System.IO.File.OpenRead(json);
                    read.Add(SessionOverview.Read(stream, Path.GetFileName(folder), Path.Combine(Path.GetFileName(folder), SessionFolder.JsonName)));
                }
                catch (Exception e) when (e is SessionFileException or IOException)
                {
                    skipped.Add(new SkippedSession(Path.GetFileName(folder), e.Message));
                }
            }
        }

        var report = ProgressAnalyzer.Analyze(read, library.Rubric.Grades, skipped);
        using var md = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        ProgressMarkdownWriter.Write(report, md);
        using var svg = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        if (read.Count > 0)
        {
            ProgressSvgWriter.Write(report, svg);
        }

        // progress.md shows the chart as an image beside it; the page has it inline.
        var html = Markdig.Markdown.ToHtml(md.ToString(), Markdown);
        html = html.Replace($"<p><img src=\"{ProgressMarkdownWriter.ChartFileName}\" alt=\"Average grade and culture integration per session\" /></p>", $"<figure class=\"chart\" data-testid=\"progress-chart\">{svg}</figure>", StringComparison.Ordinal);
        var links = new StringBuilder("<h2>Reports</h2><ul class=\"sessions\">");
        foreach (var s in read.AsEnumerable().Reverse())
        {
            links.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/sessions/{Uri.EscapeDataString(s.Folder)}/report\">{WebUtility.HtmlEncode(ProgressMarkdownWriter.DateText(s))} · {WebUtility.HtmlEncode(ProgressMarkdownWriter.SessionName(s))}</a> <b>{WebUtility.HtmlEncode(s.AverageGrade)}</b></li>");
        }

        links.Append("</ul>");
        return Page("Progress", html + (read.Count > 0 ? links.ToString() : string.Empty));
    }

    /// <summary>A server-rendered page in the app's frame (navigation, styles).</summary>
    internal static IResult Page(string title, string body, int status = StatusCodes.Status200OK)
    {
        var html = StaticAssets.Text("page.html").Replace("{{title}}", WebUtility.HtmlEncode(title), StringComparison.Ordinal).Replace("{{body}}", body, StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>The files a session folder may serve, by extension.</summary>
    private sealed class FrozenTypes
    {
        public string? Of(string path) => Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".wav" => "audio/wav",
            ".svg" => "image/svg+xml",
            ".md" => "text/markdown; charset=utf-8",
            ".json" => "application/json",
            _ => null,
        };
    }
}
