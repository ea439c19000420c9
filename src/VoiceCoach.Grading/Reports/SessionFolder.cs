using System.Text;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Grading.Reports;

/// <summary>
/// Writes a graded session to a folder: session.json, report.md and one SVG timeline per answer.
/// Each file is written to a temporary name and renamed, so a crash never leaves a half-written report.
/// </summary>
public static class SessionFolder
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

    /// <summary>The folder where earlier gradings of a session are kept.</summary>
    public const string GradingsFolder = "gradings";

    /// <summary>
    /// Keeps the session's current session.json and report.md under gradings/ (numbered, dated) before they are
    /// replaced by a new grading; returns the kept session.json's path relative to the session folder.
    /// </summary>
    public static string ArchiveGrading(string directory, DateTimeOffset when)
    {
        var archive = Path.Combine(directory, GradingsFolder);
        Directory.CreateDirectory(archive);
        var n = Directory.GetFiles(archive, "grading-*.json").Length + 1;
        var json = SessionJsonReader.ArchiveName(n, when, "json");
        File.Copy(Path.Combine(directory, JsonName), Path.Combine(archive, json));
        var report = Path.Combine(directory, ReportName);
        if (File.Exists(report))
        {
            File.Copy(report, Path.Combine(archive, SessionJsonReader.ArchiveName(n, when, "md")));
        }

        return Path.Combine(GradingsFolder, json);
    }

    /// <summary>A new session id from the clock, e.g. 2026-11-22-0315-42.</summary>
    public static string NewId(TimeProvider time) =>
        time.GetLocalNow().ToString("yyyy-MM-dd-HHmm-ss", System.Globalization.CultureInfo.InvariantCulture);
}
