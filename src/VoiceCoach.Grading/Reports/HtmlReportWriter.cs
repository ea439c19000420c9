using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Reports;

/// <summary>Options for <see cref="HtmlReportWriter"/>.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>A gap between words at least this long (seconds) is shown in the transcript. Default 2 (rubric long_pause_s).</summary>
    public double LongPauseSeconds { get; init; } = 2;

    /// <summary>
    /// A word the recogniser gave a confidence below this is shown as unsure (dotted underline), so the candidate
    /// can tell a misheard word from a misspoken one. Default 0.5: on the domain test set, PocketSphinx words below
    /// 0.5 were right less than half the time (README, "Word confidences").
    /// </summary>
    public double UnsureBelow { get; init; } = 0.5;

    /// <summary>
    /// The link to an answer's audio as the HTML file sees it; null for no player. Default: the
    /// answer's AudioPath (relative to the session folder, which is where report.html goes by default).
    /// </summary>
    public Func<GradedAnswer, string?> AudioHref { get; init; } = a => a.Answer.AudioPath;
}

/// <summary>
/// Writes report.html: the markdown report converted with Markdig, with each answer's timeline SVG
/// inline and, in place of the plain transcript, an audio player and the transcript word by word
/// (each word carries its start–end seconds; long pauses are shown; fillers highlighted; clicking a
/// word plays the answer from there). One self-contained file: inline CSS and a few lines of inline
/// script, no external assets, works offline from file://, prints cleanly.
/// Everything that comes from an answer is HTML-escaped; the only raw HTML passed through from the
/// markdown is the report's own &lt;details&gt;/&lt;summary&gt;.
/// </summary>
public sealed partial class HtmlReportWriter
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    private readonly CompanyPack _company;
    private readonly HtmlReportOptions _options;

    public HtmlReportWriter(CompanyPack company, HtmlReportOptions? options = null)
    {
        _company = company;
        _options = options ?? new HtmlReportOptions();
    }

    public void Write(GradedSession session, TextWriter writer)
    {
        using var markdown = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        new MarkdownReportWriter(_company).Write(session, markdown);
        var document = Markdown.Parse(markdown.ToString(), Pipeline);
        Enrich(document, session);

        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write($"<title>{Esc($"{session.CompanyName} practice session · {session.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}")}</title>\n");
        writer.Write("<style>\n");
        writer.Write(Css);
        writer.Write("</style>\n</head>\n<body>\n<main>\n");
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<HtmlBlockRenderer>(new SafeHtmlBlockRenderer());
        renderer.ObjectRenderers.Replace<HtmlInlineRenderer>(new SafeHtmlInlineRenderer());
        renderer.ObjectRenderers.Add(new TrustedHtmlRenderer());
        renderer.Render(document);
        writer.Flush();
        writer.Write("</main>\n<script>\n");
        writer.Write(Script);
        writer.Write("</script>\n</body>\n</html>\n");
    }

    /// <summary>Replaces each timeline image with the inline SVG and each transcript block with the player and timed words.</summary>
    private void Enrich(MarkdownDocument document, GradedSession session)
    {
        var byTimeline = session.Answers.ToDictionary(MarkdownReportWriter.TimelineFileName, StringComparer.Ordinal);
        GradedAnswer? current = null;
        for (var i = 0; i < document.Count; i++)
        {
            var block = document[i];
            if (block is ParagraphBlock { Inline: { } inline }
                && inline.Descendants<LinkInline>().FirstOrDefault(l => l.IsImage) is { Url: { } url }
                && byTimeline.TryGetValue(url, out var answer))
            {
                current = answer;
                using var svg = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
                TimelineSvgWriter.Write(answer, svg);
                document.RemoveAt(i);
                document.Insert(i, new TrustedHtmlBlock($"<figure class=\"timeline\">\n{svg}</figure>\n"));
            }
            else if (current is not null && block is HtmlBlock html && html.Lines.ToString().StartsWith("<details><summary>Transcript</summary>", StringComparison.Ordinal))
            {
                var end = i;
                while (end < document.Count && !(document[end] is HtmlBlock h && h.Lines.ToString().Contains("</details>", StringComparison.Ordinal)))
                {
                    end++;
                }

                if (end == document.Count)
                {
                    continue;
                }

                for (var k = end; k > i; k--)
                {
                    document.RemoveAt(k);
                }

                document.RemoveAt(i);
                document.Insert(i, new TrustedHtmlBlock(AnswerMedia(current)));
                current = null;
            }
        }
    }

    /// <summary>The player and the word-timed transcript of one answer.</summary>
    private string AnswerMedia(GradedAnswer a)
    {
        var sb = new StringBuilder();
        var index = a.Answer.Index.ToString(CultureInfo.InvariantCulture);
        var href = _options.AudioHref(a);
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"answer-media\" id=\"q{index}-media\">\n<h4>Listen and read</h4>\n");
        if (href is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<audio controls preload=\"metadata\" src=\"{Esc(UrlPath(href))}\"></audio>\n");
        }
        else if (a.Answer.AudioPath is { } missing)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">The recording ({Esc(missing)}) was not found when this page was written.</p>\n");
        }
        else
        {
            sb.Append("<p class=\"note\">No recording for this answer (a typed transcript): word times are estimated.</p>\n");
        }

        var words = a.Answer.Transcript.Words;
        if (words.Count == 0)
        {
            sb.Append("<p class=\"transcript empty\">(nothing was heard)</p>\n");
        }
        else
        {
            var fillers = FillerMask(words, a.Findings.Fillers.Keys);
            sb.Append("<p class=\"transcript\">");
            for (var i = 0; i < words.Count; i++)
            {
                var w = words[i];
                if (i > 0)
                {
                    var gap = (w.Start - words[i - 1].End).TotalSeconds;
                    if (gap >= _options.LongPauseSeconds)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $" <span class=\"pause\" title=\"pause {gap:0.0} s\">⏸ {gap:0.0} s</span>");
                    }

                    sb.Append(' ');
                }

                var start = w.Start.TotalSeconds;
                var end = w.End.TotalSeconds;
                var title = string.Create(CultureInfo.InvariantCulture, $"{start:0.00}–{end:0.00} s{(fillers[i] ? " · filler" : string.Empty)}{(w.Confidence is { } p ? $" · confidence {p:0.00}" : string.Empty)}");
                var unsure = w.Confidence < _options.UnsureBelow;
                sb.Append(CultureInfo.InvariantCulture, $"<span class=\"{(fillers[i] ? "w filler" : "w")}{(unsure ? " unsure" : string.Empty)}\" data-start=\"{start:0.00}\" data-end=\"{end:0.00}\" title=\"{Esc(title)}\">{Esc(w.Text)}</span>");
            }

            sb.Append("</p>\n");
        }

        var how = href is not null ? "click a word to hear it" : a.Findings.TimingEstimated ? "word times estimated from the stated duration" : "word times from the recogniser";
        var unsureKey = words.Any(w => w.Confidence < _options.UnsureBelow)
            ? string.Create(CultureInfo.InvariantCulture, $" <span class=\"unsure\">unsure (confidence &lt; {_options.UnsureBelow:0.##})</span>")
            : string.Empty;
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"engine\">{Esc(a.Answer.Transcript.Engine)} · {Esc(TimeFormat.Duration(a.Findings.DurationSeconds))} · {how} · <span class=\"filler\">filler</span> <span class=\"pause\">⏸ pause ≥ {_options.LongPauseSeconds:0.#} s</span>{unsureKey}</p>\n");
        sb.Append("</section>\n");
        return sb.ToString();
    }

    /// <summary>Marks the words that belong to a filler ("um", or both words of "you know").</summary>
    private static bool[] FillerMask(IReadOnlyList<Core.Transcription.TimedWord> words, IEnumerable<string> fillers)
    {
        var mask = new bool[words.Count];
        var normalised = words.Select(w => WordText.Normalize(w.Text)).ToList();
        foreach (var filler in fillers)
        {
            var parts = WordText.Words(filler);
            if (parts.Count == 0)
            {
                continue;
            }

            for (var i = 0; i + parts.Count <= normalised.Count; i++)
            {
                if (Enumerable.Range(0, parts.Count).All(k => string.Equals(normalised[i + k], parts[k], StringComparison.Ordinal)))
                {
                    for (var k = 0; k < parts.Count; k++)
                    {
                        mask[i + k] = true;
                    }
                }
            }
        }

        return mask;
    }

    /// <summary>A relative file path as a URL path: forward slashes, each segment percent-encoded.</summary>
    private static string UrlPath(string path) =>
        string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    [GeneratedRegex(@"</?(details|summary)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllowedTag();

    [GeneratedRegex(@"^</?(details|summary)>$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllowedInlineTag();

    /// <summary>HTML the writer made itself (already escaped where needed); written as is.</summary>
    private sealed class TrustedHtmlBlock(string html) : LeafBlock(null)
    {
        public string Html { get; } = html;
    }

    private sealed class TrustedHtmlRenderer : HtmlObjectRenderer<TrustedHtmlBlock>
    {
        protected override void Write(HtmlRenderer renderer, TrustedHtmlBlock obj) => renderer.Write(obj.Html);
    }

    /// <summary>Raw HTML blocks pass only when they are the report's own details/summary tags; anything else is shown as text.</summary>
    private sealed class SafeHtmlBlockRenderer : HtmlObjectRenderer<HtmlBlock>
    {
        protected override void Write(HtmlRenderer renderer, HtmlBlock obj)
        {
            var raw = obj.Lines.ToString();
            if (!AllowedTag().Replace(raw, string.Empty).Contains('<', StringComparison.Ordinal))
            {
                renderer.WriteLine(raw);
                return;
            }

            renderer.Write("<pre class=\"raw\">");
            renderer.WriteEscape(raw);
            renderer.WriteLine("</pre>");
        }
    }

    /// <summary>Inline raw HTML passes only for details/summary tags; anything else is escaped.</summary>
    private sealed class SafeHtmlInlineRenderer : HtmlObjectRenderer<HtmlInline>
    {
        protected override void Write(HtmlRenderer renderer, HtmlInline obj)
        {
            if (obj.Tag is { } tag && AllowedInlineTag().IsMatch(tag))
            {
                renderer.Write(tag);
            }
            else
            {
                renderer.WriteEscape(obj.Tag ?? string.Empty);
            }
        }
    }

    private const string Css = """
        :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #1d3557; --filler: #fde2e1; --pause: #e76f51; }
        body { margin: 0; background: #f5f7fa; color: var(--ink); font: 16px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 880px; margin: 0 auto; padding: 24px 28px 64px; background: #ffffff; }
        h1 { font-size: 1.7em; margin-top: 0.3em; } h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 1.6em; }
        h3 { margin-top: 1.4em; color: var(--accent); } h4 { margin: 0.6em 0 0.3em; }
        blockquote { margin: 0.5em 0; padding: 2px 14px; border-left: 4px solid var(--line); color: var(--muted); }
        table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; } th, td { border: 1px solid var(--line); padding: 4px 9px; text-align: left; } th { background: #f0f4f8; }
        hr { border: 0; border-top: 1px solid var(--line); margin: 1.6em 0; }
        figure.timeline { margin: 0.6em 0; overflow-x: auto; } figure.timeline svg { max-width: 100%; height: auto; }
        .answer-media { background: #f8fafc; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 0.8em 0; }
        .answer-media audio { width: 100%; margin: 4px 0; }
        .transcript { line-height: 1.9; }
        .w { border-radius: 3px; padding: 0 1px; } section[data-seekable] .w { cursor: pointer; } section[data-seekable] .w:hover { background: #e3f2fd; }
        .w.now { background: #ffd166; } .filler { background: var(--filler); color: #9b1c1c; }
        .pause { color: var(--pause); font-size: 0.85em; white-space: nowrap; }
        .unsure { text-decoration: underline dotted #8a94a6; text-underline-offset: 3px; }
        .engine, .note { color: var(--muted); font-size: 0.85em; }
        pre.raw { white-space: pre-wrap; background: #f0f4f8; padding: 8px; }
        @media print {
          body { background: #ffffff; } main { max-width: none; padding: 0; }
          audio, .engine .pause, .engine .filler { display: none; }
          h3, .answer-media, figure.timeline, table { break-inside: avoid; }
          .filler { outline: 1px solid #9b1c1c; }
        }

        """;

    private const string Script = """
        // Click a word to play the answer from there; the word being spoken is highlighted.
        document.querySelectorAll('.answer-media').forEach(function (section) {
          var audio = section.querySelector('audio');
          if (!audio) { return; }
          section.setAttribute('data-seekable', '');
          var words = Array.prototype.slice.call(section.querySelectorAll('.w'));
          section.addEventListener('click', function (e) {
            var w = e.target.closest('.w');
            if (!w) { return; }
            audio.currentTime = parseFloat(w.getAttribute('data-start'));
            audio.play();
          });
          audio.addEventListener('timeupdate', function () {
            var t = audio.currentTime;
            words.forEach(function (w) {
              var on = t >= parseFloat(w.getAttribute('data-start')) && t < parseFloat(w.getAttribute('data-end'));
              w.classList.toggle('now', on);
            });
          });
        });

        """;
}
