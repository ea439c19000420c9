using System.Globalization;
using System.Security;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Reports;

/// <summary>
/// Draws one answer as an SVG timeline: a time axis, the target's min/max marks (30 s / 60 s for
/// recruiter answers), the STAR-Lite parts as coloured bands and fillers as ticks. Plain SVG with
/// no scripts or external fonts, so GitHub renders it inline.
/// </summary>
public static class TimelineSvgWriter
{
    private const double Width = 760;
    private const double Left = 20;
    private const double Right = 20;
    private const double BandTop = 34;
    private const double BandHeight = 30;

    private static readonly Dictionary<StarPart, (string Color, string Label)> Parts = new()
    {
        [StarPart.Situation] = ("#8ecae6", "Situation"),
        [StarPart.Task] = ("#a3d9a5", "Task"),
        [StarPart.Action] = ("#ffd166", "Action"),
        [StarPart.Result] = ("#f4a261", "Result"),
        [StarPart.Connection] = ("#c77dff", "Connection"),
    };

    public static void Write(GradedAnswer answer, TextWriter writer)
    {
        var f = answer.Findings;
        var span = Math.Max(Math.Max(f.DurationSeconds, f.TargetSeconds.Max * 1.5), 30);
        span = Math.Ceiling(span / 15) * 15;
        var plot = Width - Left - Right;
        double X(double t) => Left + (plot * Math.Clamp(t, 0, span) / span);

        writer.WriteLine(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"130\" viewBox=\"0 0 {Width} 130\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">"));
        writer.WriteLine(Inv($"  <title>Q{answer.Answer.Index} timeline: {Esc(answer.Question.Text)}</title>"));
        writer.WriteLine("  <rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        writer.WriteLine(Inv($"  <text x=\"{Left}\" y=\"16\" font-size=\"12\" font-weight=\"bold\">Q{answer.Answer.Index} · {Esc(TimeFormat.Duration(f.DurationSeconds))} · grade {Esc(answer.Grade)}{(f.NoAnswer ? " · no answer" : string.Empty)}</text>"));

        // Target zone.
        writer.WriteLine(Inv($"  <rect x=\"{X(f.TargetSeconds.Min):0.#}\" y=\"{BandTop - 6}\" width=\"{X(f.TargetSeconds.Max) - X(f.TargetSeconds.Min):0.#}\" height=\"{BandHeight + 12}\" fill=\"#e9f5e9\"/>"));

        // STAR bands.
        writer.WriteLine(Inv($"  <rect x=\"{Left}\" y=\"{BandTop}\" width=\"{X(f.DurationSeconds) - Left:0.#}\" height=\"{BandHeight}\" fill=\"#eeeeee\"/>"));
        foreach (var s in f.Sentences)
        {
            var (color, label) = Parts[s.Part];
            var x0 = X(s.Start);
            var x1 = Math.Max(x0 + 1, X(s.End));
            writer.WriteLine(Inv($"  <rect x=\"{x0:0.#}\" y=\"{BandTop}\" width=\"{x1 - x0:0.#}\" height=\"{BandHeight}\" fill=\"{color}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{label}: {Esc(s.Text)}</title></rect>"));
        }

        // Fillers as ticks under the band.
        foreach (var t in f.FillerTimes)
        {
            writer.WriteLine(Inv($"  <line x1=\"{X(t):0.#}\" y1=\"{BandTop + BandHeight + 2}\" x2=\"{X(t):0.#}\" y2=\"{BandTop + BandHeight + 10}\" stroke=\"#d62828\" stroke-width=\"2\"/>"));
        }

        // Target marks.
        foreach (var mark in new[] { f.TargetSeconds.Min, f.TargetSeconds.Max })
        {
            writer.WriteLine(Inv($"  <line x1=\"{X(mark):0.#}\" y1=\"{BandTop - 8}\" x2=\"{X(mark):0.#}\" y2=\"{BandTop + BandHeight + 12}\" stroke=\"#2a9d8f\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"));
            writer.WriteLine(Inv($"  <text x=\"{X(mark):0.#}\" y=\"{BandTop - 10}\" text-anchor=\"middle\" fill=\"#2a9d8f\">{mark:0} s</text>"));
        }

        // Axis.
        var axisY = BandTop + BandHeight + 22;
        writer.WriteLine(Inv($"  <line x1=\"{Left}\" y1=\"{axisY}\" x2=\"{Width - Right}\" y2=\"{axisY}\" stroke=\"#555555\"/>"));
        var step = span <= 60 ? 5 : span <= 150 ? 15 : 30;
        for (double t = 0; t <= span + 0.01; t += step)
        {
            writer.WriteLine(Inv($"  <line x1=\"{X(t):0.#}\" y1=\"{axisY}\" x2=\"{X(t):0.#}\" y2=\"{axisY + 4}\" stroke=\"#555555\"/>"));
            writer.WriteLine(Inv($"  <text x=\"{X(t):0.#}\" y=\"{axisY + 15}\" text-anchor=\"middle\" fill=\"#555555\">{t:0}</text>"));
        }

        // Legend.
        var lx = Left;
        var ly = 122.0;
        foreach (var (_, (color, label)) in Parts)
        {
            writer.WriteLine(Inv($"  <rect x=\"{lx:0.#}\" y=\"{ly - 9}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{lx + 14:0.#}\" y=\"{ly}\">{label}</text>"));
            lx += 90;
        }

        writer.WriteLine(Inv($"  <line x1=\"{lx:0.#}\" y1=\"{ly - 9}\" x2=\"{lx:0.#}\" y2=\"{ly + 1}\" stroke=\"#d62828\" stroke-width=\"2\"/><text x=\"{lx + 6:0.#}\" y=\"{ly}\">filler</text>"));
        writer.WriteLine(Inv($"  <text x=\"{Width - Right}\" y=\"{ly}\" text-anchor=\"end\" fill=\"#555555\">seconds</text>"));
        writer.WriteLine("</svg>");
    }

    private static string Esc(string s) => SecurityElement.Escape(s) ?? string.Empty;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
