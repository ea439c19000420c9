using System.Globalization;
using System.Text.Json;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Practice;

/// <summary>A practice session's plan cannot be made: the message names the input and what to do.</summary>
public sealed class PracticePlanException(string message) : Exception(message);

/// <summary>What to plan: a draw from the banks, given ids, or recorded answers.</summary>
public sealed record PlanRequest
{
    /// <summary>Round, count, company, recent questions (see <see cref="QuestionRequest"/>).</summary>
    public required QuestionRequest Questions { get; init; }

    /// <summary>The count the user asked for (null: the default, or every recorded answer with <see cref="From"/>).</summary>
    public int? Count { get; init; }

    /// <summary>Question ids (comma-separated) or a file of ids, as given; null for a draw.</summary>
    public string? Ids { get; init; }

    /// <summary>A folder of recorded answers (a manifest.yaml, or WAV files in name order), as given; null for the microphone.</summary>
    public string? From { get; init; }

    /// <summary>Seed for the draw; null for a random one.</summary>
    public int? Seed { get; init; }

    /// <summary>Where relative paths are resolved.</summary>
    public required string WorkingDirectory { get; init; }
}

/// <summary>A plan and, when the request could not be met as asked, a note for the user.</summary>
public sealed record PracticePlan(PracticeState State, string? Note);

/// <summary>
/// Plans practice sessions and finds them again: which questions to ask (a draw that avoids the last sessions'
/// questions, given ids, or the answers recorded in a folder), which session to resume.
/// </summary>
public static class PracticePlanner
{
    /// <summary>Sessions looked at to avoid repeating questions.</summary>
    private const int RecentSessions = 3;

    /// <summary>The plan: recorded answers (a manifest or WAV files) or a draw from the banks.</summary>
    /// <exception cref="PracticePlanException">A folder, file or id that does not work, with what to do.</exception>
    public static PracticePlan Plan(PromptLibrary library, PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(request);
        var ids = request.Ids is null ? [] : ReadIds(request.Ids, request.WorkingDirectory);
        var random = request.Seed is { } s ? new Random(s) : new Random();
        var questions = request.Questions;
        var state = new PracticeState { Company = questions.Company, Round = questions.Round };
        if (request.From is { } from)
        {
            return PlanRecorded(library, request, from, ids, random, state);
        }

        var pick = Pick(library, questions with { Ids = ids }, random);
        foreach (var q in pick.Questions)
        {
            state.Items.Add(new PracticeItem { Id = ItemId(state.Items.Count + 1), QuestionId = q.Id, Text = q.Text });
        }

        if (ids.Count > 0)
        {
            state.Round = state.Items.Select(i => library.Questions.Find(i.QuestionId)!.Round).GroupBy(r => r).OrderByDescending(g => g.Count()).First().Key;
        }

        return new PracticePlan(state, pick.Note);
    }

    private static PracticePlan PlanRecorded(PromptLibrary library, PlanRequest request, string from, IReadOnlyList<string> ids, Random random, PracticeState state)
    {
        var dir = Path.GetFullPath(from, request.WorkingDirectory);
        if (!Directory.Exists(dir))
        {
            throw new PracticePlanException($"--from {from}: folder not found; give a folder of WAV answers or one with a manifest.yaml (see samples/)");
        }

        var manifestPath = Path.Combine(dir, "manifest.yaml");
        List<(Question Question, string File)> answers;
        string? note = null;
        if (File.Exists(manifestPath))
        {
            GradeManifest m;
            using (var reader = new StreamReader(manifestPath))
            {
                m = GradeManifest.Load(reader, Path.GetRelativePath(request.WorkingDirectory, manifestPath), library.Questions, request.Questions.Company);
            }

            answers = m.Answers.Where(a => a.Audio is not null).Select(a => (a.Question, Path.GetFullPath(a.Audio!, dir))).ToList();
            state.Company = m.Company;
            if (answers.Count == 0)
            {
                throw new PracticePlanException($"{manifestPath}: no answer with audio to play (typed transcripts are graded with `voicecoach grade`)");
            }
        }
        else
        {
            var files = Directory.GetFiles(dir, "*.wav").Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw new PracticePlanException($"--from {from}: no WAV files and no manifest.yaml in that folder");
            }

            var pick = Pick(library, request.Questions with { Ids = ids, Count = Math.Min(request.Count ?? files.Count, files.Count) }, random);
            note = pick.Note;
            answers = pick.Questions.Zip(files, (q, f) => (q, f)).ToList();
        }

        foreach (var a in answers.Where(a => !File.Exists(a.File)))
        {
            throw new PracticePlanException($"{a.File}: audio file not found (paths in a manifest are relative to it)");
        }

        if (request.Count is { } n)
        {
            answers = answers.Take(Math.Max(1, n)).ToList();
        }

        state.Round = answers.GroupBy(a => a.Question.Round).OrderByDescending(g => g.Count()).First().Key;
        foreach (var (q, file) in answers)
        {
            state.Items.Add(new PracticeItem { Id = ItemId(state.Items.Count + 1), QuestionId = q.Id, Text = q.Text, SourceFile = file });
        }

        return new PracticePlan(state, note);
    }

    private static QuestionPick Pick(PromptLibrary library, QuestionRequest request, Random random)
    {
        try
        {
            return QuestionPicker.Pick(library.Questions, request, random);
        }
        catch (QuestionPickException e)
        {
            throw new PracticePlanException(e.Message);
        }
    }

    private static IReadOnlyList<string> ReadIds(string value, string wd)
    {
        var path = Path.GetFullPath(value, wd);
        var ids = QuestionPicker.ParseIds(File.Exists(path) ? File.ReadAllText(path) : value);
        return ids.Count > 0 ? ids : throw new PracticePlanException($"--questions {value}: no question ids (give ids separated by commas, or a file with one id per line)");
    }

    private static string ItemId(int n) => string.Create(CultureInfo.InvariantCulture, $"q{n:00}");

    /// <summary>Question ids of the most recent sessions under <paramref name="sessions"/>, newest first.</summary>
    public static IReadOnlyList<string> RecentQuestionIds(string sessions)
    {
        if (!Directory.Exists(sessions))
        {
            return [];
        }

        var ids = new List<string>();
        var used = 0;
        foreach (var dir in Directory.GetDirectories(sessions).OrderDescending(StringComparer.Ordinal))
        {
            if (used == RecentSessions)
            {
                break;
            }

            var practice = Path.Combine(dir, PracticeState.FileName);
            var json = Path.Combine(dir, SessionFolder.JsonName);
            try
            {
                if (File.Exists(practice))
                {
                    using var s = File.OpenRead(practice);
                    ids.AddRange(PracticeState.Read(s, practice).Items.Select(i => i.QuestionId));
                    used++;
                }
                else if (File.Exists(json))
                {
                    using var doc = JsonDocument.Parse(File.ReadAllText(json));
                    ids.AddRange(doc.RootElement.GetProperty("answers").EnumerateArray()
                        .Select(a => a.TryGetProperty("question_id", out var q) ? q.GetString() : null).OfType<string>());
                    used++;
                }
            }
            catch (Exception e) when (e is PromptFileException or JsonException or KeyNotFoundException or InvalidOperationException or IOException)
            {
                // A broken or foreign folder does not stop a new session.
            }
        }

        return ids;
    }

    /// <summary>The session folder to resume: the one given, or the newest unfinished one under <paramref name="sessions"/>.</summary>
    /// <exception cref="PracticePlanException">Nothing to resume there.</exception>
    public static string FindResumable(string? given, string sessions, string workingDirectory)
    {
        if (given is not null)
        {
            var dir = Path.GetFullPath(given, workingDirectory);
            return File.Exists(Path.Combine(dir, PracticeState.FileName))
                ? dir
                : throw new PracticePlanException($"--resume {given}: no {PracticeState.FileName} there; give a session folder made by `voicecoach practice`");
        }

        var candidates = Directory.Exists(sessions) ? Directory.GetDirectories(sessions).OrderDescending(StringComparer.Ordinal) : Enumerable.Empty<string>();
        foreach (var dir in candidates)
        {
            var path = Path.Combine(dir, PracticeState.FileName);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var s = File.OpenRead(path);
                if (!PracticeState.Read(s, path).Finished)
                {
                    return dir;
                }
            }
            catch (PromptFileException)
            {
                // Not resumable.
            }
        }

        throw new PracticePlanException("--resume: no unfinished practice session under sessions/; start one with `voicecoach practice` (or give the folder: --resume DIR)");
    }

    /// <summary>Reads a session folder's practice.json.</summary>
    /// <exception cref="PromptFileException">Not a practice.json this build reads.</exception>
    public static PracticeState Read(string directory)
    {
        var path = Path.Combine(directory, PracticeState.FileName);
        using var stream = File.OpenRead(path);
        return PracticeState.Read(stream, path);
    }

    /// <summary>Creates the session folder and writes the plan's practice.json.</summary>
    /// <exception cref="PracticePlanException">The folder already holds a practice session.</exception>
    public static void Create(PracticeState state, string directory)
    {
        if (File.Exists(Path.Combine(directory, PracticeState.FileName)))
        {
            throw new PracticePlanException($"{directory}: already holds a practice session; continue it with --resume {directory} or choose another --out");
        }

        Directory.CreateDirectory(directory);
        SessionFolder.WriteAtomic(Path.Combine(directory, PracticeState.FileName), state.Write);
    }
}
