using System.Diagnostics;
using System.Globalization;
using System.Text;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Grading.Reports;

/// <summary>What writing a graded session does to one already in the folder.</summary>
public enum ExistingSession
{
    /// <summary>Rewrite it (the practice run rewriting its own session).</summary>
    Replace,

    /// <summary>Stop with one line: `grade --out` into a folder that holds a session, without --force.</summary>
    Refuse,

    /// <summary>Keep the earlier grading under gradings/ first (`regrade`, `grade --force`).</summary>
    Archive,
}

/// <summary>Where a session was written, and where the earlier grading went (null when there was none or it was replaced).</summary>
public sealed record SessionWritten(string Report, string? ArchivedAs);

/// <summary>
/// Writes a graded session to a folder: session.json, report.md and one SVG timeline per answer. Each file is
/// written to a temporary name and renamed, so a crash never leaves a half-written report; the whole write holds the
/// folder's lock, so two commands writing one session one after the other can never interleave, and the second one
/// sees the first one's session (and refuses, or archives it) instead of silently replacing it.
/// </summary>
public static class SessionFolder
{
    public const string JsonName = "session.json";
    public const string ReportName = "report.md";
    public const string HtmlName = "report.html";
    public const string ArchiveFolder = "gradings";

    /// <summary>How long a write waits for another command writing the same folder. Writing takes milliseconds.</summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(30);

    /// <summary>Writes everything (replacing a session there) and returns the report's path.</summary>
    public static string Write(GradedSession session, CompanyPack company, string directory) =>
        Save(session, company, directory, ExistingSession.Replace, TimeProvider.System).Report;

    /// <summary>Writes everything under the folder's lock, doing <paramref name="existing"/> with a session already there.</summary>
    /// <param name="session">The graded session.</param>
    /// <param name="company">Its company pack, for the report.</param>
    /// <param name="directory">The session folder; created when missing.</param>
    /// <param name="existing">What to do with a session already in the folder.</param>
    /// <param name="time">The clock that dates an archived grading.</param>
    /// <param name="lockWait">How long to wait for another command writing the folder; default <see cref="DefaultLockWait"/>.</param>
    /// <param name="shown">The folder as the user gave it, for messages; default the full path.</param>
    /// <exception cref="SessionFileException">The folder cannot be created, is locked past the wait, or holds a session and <paramref name="existing"/> is Refuse.</exception>
    public static SessionWritten Save(GradedSession session, CompanyPack company, string directory, ExistingSession existing, TimeProvider time, TimeSpan? lockWait = null, string? shown = null)
    {
        shown ??= directory;
        using var folderLock = Lock(directory, lockWait ?? DefaultLockWait, shown);
        string? archived = null;
        if (HoldsSession(directory))
        {
            if (existing == ExistingSession.Refuse)
            {
                throw AlreadyGraded(shown);
            }

            if (existing == ExistingSession.Archive)
            {
                archived = Archive(directory, time);
            }
        }

        WriteAtomic(Path.Combine(directory, JsonName), stream => SessionJsonWriter.Write(session, stream));
        var timelines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var answer in session.Answers)
        {
            var name = MarkdownReportWriter.TimelineFileName(answer);
            timelines.Add(name);
            WriteText(Path.Combine(directory, name), w => TimelineSvgWriter.Write(answer, w));
        }

        var report = Path.Combine(directory, ReportName);
        WriteText(report, w => new MarkdownReportWriter(company).Write(session, w));
        RemoveStale(directory, timelines, archived is not null);
        return new SessionWritten(report, archived);
    }

    /// <summary>True when the folder holds a graded session (session.json or report.md).</summary>
    public static bool HoldsSession(string directory) =>
        File.Exists(Path.Combine(directory, JsonName)) || File.Exists(Path.Combine(directory, ReportName));

    /// <summary>The one line for a folder that already holds a session.</summary>
    public static SessionFileException AlreadyGraded(string shown) =>
        new(shown, $"already holds a graded session; pass --force to grade it again (the earlier grading is kept in {ArchiveFolder}/), or choose another --out");

    /// <summary>
    /// Checks that <paramref name="directory"/> can be a session folder (nothing written): not a file, and no file
    /// where one of its parents should be. <paramref name="shown"/> names it as the user gave it.
    /// </summary>
    public static void CheckUsable(string directory, string shown)
    {
        if (File.Exists(directory))
        {
            throw new SessionFileException(shown, "is a file, not a folder; pass a folder (it is created when missing)");
        }

        for (var parent = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new SessionFileException(shown, $"{parent} is a file, so no folder can be made inside it; choose another folder");
            }
        }
    }

    /// <summary>
    /// Takes the folder's lock (creating the folder), waiting up to <paramref name="wait"/> for another command that
    /// holds it. The lock is an exclusive lock on DIR/.voicecoach.lock, released by the operating system even when
    /// the holder is killed, so it never goes stale.
    /// </summary>
    /// <exception cref="SessionFileException">The folder cannot be created, or stays locked past the wait.</exception>
    public static IDisposable Lock(string directory, TimeSpan wait, string shown)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SessionFileException(shown, $"cannot create the session folder ({ex.Message}); choose another folder", ex);
        }

        var path = Path.Combine(directory, ".voicecoach.lock");
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SessionFileException(shown, $"cannot write the session folder ({ex.Message}); choose another folder", ex);
            }
            catch (IOException) when (Stopwatch.GetElapsedTime(start) < wait)
            {
                Thread.Sleep(100);
            }
            catch (IOException ex)
            {
                throw new SessionFileException(shown, string.Create(CultureInfo.InvariantCulture,
                    $"another voicecoach command has been writing this session for {wait.TotalSeconds:0} s; wait for it to finish, or choose another folder"), ex);
            }
        }
    }

    /// <summary>
    /// Keeps the earlier grading under gradings/: session.json and report.md (and report.html) as
    /// grading-N-DATE.json/.md/.html. Returns the archived session.json's path relative to the folder.
    /// </summary>
    public static string? Archive(string directory, TimeProvider time)
    {
        var archive = Path.Combine(directory, ArchiveFolder);
        Directory.CreateDirectory(archive);
        var n = Directory.GetFiles(archive, "grading-*.*").Select(f => Path.GetFileName(f).Split('-')[1]).Distinct(StringComparer.Ordinal).Count() + 1;
        var when = time.GetLocalNow();
        string? kept = null;
        foreach (var (name, extension) in new[] { (JsonName, "json"), (ReportName, "md"), (HtmlName, "html") })
        {
            var file = Path.Combine(directory, name);
            if (File.Exists(file))
            {
                var target = Path.Combine(archive, SessionJsonReader.ArchiveName(n, when, extension));
                File.Copy(file, target);
                kept ??= Path.Combine(ArchiveFolder, Path.GetFileName(target));
            }
        }

        return kept;
    }

    public static void WriteText(string path, Action<TextWriter> write) =>
        WriteAtomic(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, flushes it to disk, then renames it into place.</summary>
    public static void WriteAtomic(string path, Action<Stream> write)
    {
        var temp = string.Create(CultureInfo.InvariantCulture, $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A new session id from the clock, e.g. 2026-11-22-0315-42.</summary>
    public static string NewId(TimeProvider time) =>
        time.GetLocalNow().ToString("yyyy-MM-dd-HHmm-ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// Timelines of answers the new grading does not have, and a report.html rendered from the earlier grading (kept
    /// under gradings/ when it was archived), would sit beside the new report as if they belonged to it.
    /// </summary>
    private static void RemoveStale(string directory, HashSet<string> timelines, bool archived)
    {
        foreach (var svg in Directory.GetFiles(directory, "q*-timeline.svg"))
        {
            if (!timelines.Contains(Path.GetFileName(svg)))
            {
                File.Delete(svg);
            }
        }

        var html = Path.Combine(directory, HtmlName);
        if (archived && File.Exists(html))
        {
            File.Delete(html);
        }
    }
}
