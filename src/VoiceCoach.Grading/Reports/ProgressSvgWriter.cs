using System.Globalization;
using System.Security;

namespace VoiceCoach.Grading.Reports;

/// <summary>
/// Draws the progress chart as SVG: average grade points per session (solid line, letter grades on
/// the left axis), culture integration % (dashed line, right axis) and the next target's grade as a
/// dashed horizontal line. Same style as <see cref="TimelineSvgWriter"/>: plain SVG, no scripts or
/// external fonts, so GitHub renders it inline.
/// </summary>
public static class ProgressSvgWriter
{
    private const double Width = 760;
    private const double Height = 320;
    private const double Left = 56;
    private const double Right = 56;
    private const double Top = 44;
    private const double Bottom = 256;
    private const string GradeColor = "#1d3557";
    private const string CultureColor = "#2a9d8f";
    private const string TargetColor = "#e76f51";

    public static void Write(ProgressReport report, TextWriter writer)
    {
        var sessions = report.Sessions;
        var maxPoints = report.Grades.Count == 0 ? 4 : Math.Max(report.Grades.Max(g => g.Points), 0.1);
        // Points sit inside the axes (Inset from each end) so the first and last labels stay readable.
        const double Inset = 24;
        var plot = Width - Left - Right - (2 * Inset);
        double X(int i) => sessions.Count <= 1 ? Left + Inset + (plot / 2) : Left + Inset + (plot * i / (sessions.Count - 1));
        double YPoints(double p) => Bottom - ((Bottom - Top) * Math.Clamp(p, 0, maxPoints) / maxPoints);
        double YPct(double pct) => Bottom - ((Bottom - Top) * Math.Clamp(pct, 0, 100) / 100);

        writer.WriteLine(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">"));
        writer.WriteLine("  <title>Practice progress: average grade and culture integration per session</title>");
        writer.WriteLine("  <rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        var heading = sessions.Count switch
        {
            0 => "Practice progress · no sessions yet",
            1 => $"Practice progress · 1 session · average {sessions[0].AverageGrade}",
            _ => Inv($"Practice progress · {sessions.Count} sessions · average {sessions[0].AverageGrade} → {sessions[^1].AverageGrade}"),
        };
        writer.WriteLine(Inv($"  <text x=\"{Left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{Esc(heading)}</text>"));

        // Grade grid: one line per whole letter (A, B, C, D, F), labelled on the left.
        foreach (var band in report.Grades.Where(g => g.Letter.Length == 1))
        {
            var y = YPoints(band.Points);
            writer.WriteLine(Inv($"  <line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#e5e5e5\"/>"));
            writer.WriteLine(Inv($"  <text x=\"{Left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" fill=\"{GradeColor}\">{Esc(band.Letter)}</text>"));
        }

        // Culture axis on the right.
        foreach (var pct in new[] { 0, 50, 100 })
        {
            writer.WriteLine(Inv($"  <text x=\"{Width - Right + 8}\" y=\"{YPct(pct) + 4:0.#}\" fill=\"{CultureColor}\">{pct}%</text>"));
        }

        writer.WriteLine(Inv($"  <line x1=\"{Left}\" y1=\"{Bottom}\" x2=\"{Width - Right}\" y2=\"{Bottom}\" stroke=\"#555555\"/>"));

        // The next target's grade as a dashed line.
        if (report.LastAgainstOwn?.Check?.Target.Grade is { } targetGrade
            && report.Grades.FirstOrDefault(g => string.Equals(g.Letter, targetGrade, StringComparison.OrdinalIgnoreCase)) is { } targetBand)
        {
            var y = YPoints(targetBand.Points);
            writer.WriteLine(Inv($"  <line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"{TargetColor}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"));
            writer.WriteLine(Inv($"  <text x=\"{Left + 4}\" y=\"{y - 5:0.#}\" fill=\"{TargetColor}\">next target {Esc(targetGrade)}</text>"));
        }

        if (sessions.Count > 1)
        {
            writer.WriteLine(Inv($"  <polyline fill=\"none\" stroke=\"{CultureColor}\" stroke-width=\"2\" stroke-dasharray=\"5 3\" points=\"{string.Join(' ', sessions.Select((s, i) => Inv($"{X(i):0.#},{YPct(s.CultureIntegrationPct):0.#}")))}\"/>"));
            writer.WriteLine(Inv($"  <polyline fill=\"none\" stroke=\"{GradeColor}\" stroke-width=\"2.5\" points=\"{string.Join(' ', report.GradePoints.Select((p, i) => Inv($"{X(i):0.#},{YPoints(p):0.#}")))}\"/>"));
        }

        // Points, value labels and the date axis (every k-th label when crowded).
        var every = Math.Max(1, (int)Math.Ceiling(sessions.Count / 12.0));
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            var x = X(i);
            var yc = YPct(s.CultureIntegrationPct);
            var yg = YPoints(report.GradePoints[i]);
            var tip = $"#{i + 1} {ProgressMarkdownWriter.DateText(s)}: {s.AverageGrade}, culture {s.CultureIntegrationPct}%";
            writer.WriteLine(Inv($"  <rect x=\"{x - 3.5:0.#}\" y=\"{yc - 3.5:0.#}\" width=\"7\" height=\"7\" fill=\"{CultureColor}\"><title>{Esc(tip)}</title></rect>"));
            writer.WriteLine(Inv($"  <circle cx=\"{x:0.#}\" cy=\"{yg:0.#}\" r=\"5\" fill=\"{GradeColor}\"><title>{Esc(tip)}</title></circle>"));
            writer.WriteLine(Inv($"  <text x=\"{x:0.#}\" y=\"{yg - 10:0.#}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{GradeColor}\">{Esc(s.AverageGrade)}</text>"));
            if (i % every == 0 || i == sessions.Count - 1)
            {
                writer.WriteLine(Inv($"  <line x1=\"{x:0.#}\" y1=\"{Bottom}\" x2=\"{x:0.#}\" y2=\"{Bottom + 4}\" stroke=\"#555555\"/>"));
                writer.WriteLine(Inv($"  <text x=\"{x:0.#}\" y=\"{Bottom + 16}\" text-anchor=\"middle\" fill=\"#555555\">#{i + 1}</text>"));
                var date = s.Date is { } d ? d.ToString("MMM d", CultureInfo.InvariantCulture) : string.Empty;
                writer.WriteLine(Inv($"  <text x=\"{x:0.#}\" y=\"{Bottom + 29}\" text-anchor=\"middle\" fill=\"#555555\">{Esc(date)}</text>"));
            }
        }

        // Legend.
        var ly = Height - 12;
        writer.WriteLine(Inv($"  <line x1=\"{Left}\" y1=\"{ly - 4}\" x2=\"{Left + 22}\" y2=\"{ly - 4}\" stroke=\"{GradeColor}\" stroke-width=\"2.5\"/><text x=\"{Left + 28}\" y=\"{ly}\">average grade (left axis)</text>"));
        writer.WriteLine(Inv($"  <line x1=\"{Left + 190}\" y1=\"{ly - 4}\" x2=\"{Left + 212}\" y2=\"{ly - 4}\" stroke=\"{CultureColor}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/><text x=\"{Left + 218}\" y=\"{ly}\">culture integration % (right axis)</text>"));
        writer.WriteLine(Inv($"  <line x1=\"{Left + 420}\" y1=\"{ly - 4}\" x2=\"{Left + 442}\" y2=\"{ly - 4}\" stroke=\"{TargetColor}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"{Left + 448}\" y=\"{ly}\">next target</text>"));
        writer.WriteLine("</svg>");
    }

    private static string Esc(string s) => SecurityElement.Escape(s) ?? string.Empty;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
