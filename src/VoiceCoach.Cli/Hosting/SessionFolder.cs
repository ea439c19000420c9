using System.Text;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Writes a graded session to a folder: session.json, report.md and one SVG timeline per answer.
/// Each file is written to a temporary name and renamed, so a crash never leaves a half-written report.
/// </summary>
internal static class SessionFolder
{
    public const string JsonName = "session.json";
    public const string ReportName = "report.md";

    /// <summary>Writes everything and returns the report's path.</summary>
    public static string Write(GradedSession session, CompanyPack company, string directory)
    {
        Directory.CreateDirectory(directory);
        WriteAtomic(Path.Combine(directory, JsonName), stream => SessionJsonWriter.Write(session, stream));
        foreach (var answer in session.Answers)
        {
            WriteText(Path.Combine(directory, MarkdownReportWriter.TimelineFileName(answer)), w => TimelineSvgWriter.Write(answer, w));
        }

        var report = Path.Combine(directory, ReportName);
        WriteText(report, w => new MarkdownReportWriter(company).Write(session, w));
        return report;
    }

    public static void WriteText(string path, Action<TextWriter> write) =>
        WriteAtomic(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });

    public static void WriteAtomic(string path, Action<Stream> write)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A new session id from the clock, e.g. 2026-11-22-0315-42.</summary>
    public static string NewId(TimeProvider time) =>
        time.GetLocalNow().ToString("yyyy-MM-dd-HHmm-ss", System.Globalization.CultureInfo.InvariantCulture);
}
