using System.Globalization;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Llm;
using VoiceCoach.Web.Security;

namespace VoiceCoach.Web.Prompts;

/// <summary>A problem `prompts check` found, where the page shows it.</summary>
/// <param name="File">The file, relative to the prompts folder (rubric.yaml, companies/netflix.yaml).</param>
/// <param name="Line">1-based line, or 0 for the whole file.</param>
/// <param name="Field">The field path, or empty.</param>
/// <param name="Message">The whole message, as `prompts check` prints it.</param>
internal sealed record EditProblem(string File, long Line, string Field, string Message);

/// <summary>An edit of one coach-editable file, not saved yet.</summary>
/// <param name="Path">The file, relative to the prompts folder.</param>
/// <param name="Content">Its new text.</param>
internal sealed record PromptDraft(string Path, string Content);

/// <summary>
/// The coach-editable files under prompts/ as the page edits them: which files (rubric.yaml, companies/, questions/,
/// grading/), what `prompts check` says about drafts of them (checked in a copy of the folder, so nothing is written
/// until the whole folder passes), and saving: atomically, with the previous file kept under .history/.
/// </summary>
internal sealed class PromptFiles(string directory, Func<PromptLibrary, SemanticModel> semantic, TimeProvider time)
{
    /// <summary>Where earlier versions of edited files are kept, inside the prompts folder.</summary>
    public const string HistoryFolder = ".history";

    private const int MaxDraftChars = 512 * 1024;
    private static readonly string[] Folders = ["companies", "questions", "grading"];

    public string Directory => directory;

    /// <summary>The editable files, relative to the prompts folder, rubric first.</summary>
    public IReadOnlyList<string> List()
    {
        var files = new List<string>();
        if (File.Exists(Path.Combine(directory, "rubric.yaml")))
        {
            files.Add("rubric.yaml");
        }

        foreach (var folder in Folders.Where(f => System.IO.Directory.Exists(Path.Combine(directory, f))))
        {
            files.AddRange(System.IO.Directory.EnumerateFiles(Path.Combine(directory, folder))
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Select(f => $"{folder}/{Path.GetFileName(f)}")
                .Order(StringComparer.Ordinal));
        }

        return files;
    }

    /// <summary>The full path of an editable file, or null when the path is not one (outside the folder, not listed).</summary>
    public string? Resolve(string? relative) =>
        relative is not null && List().Contains(relative, StringComparer.Ordinal) ? SafePaths.Resolve(directory, relative) : null;

    /// <summary>What `prompts check` says about the folder with these drafts applied; empty when it passes.</summary>
    public async Task<IReadOnlyList<EditProblem>> CheckAsync(IReadOnlyList<PromptDraft> drafts, CancellationToken cancellationToken)
    {
        using var copy = await CopyWithAsync(drafts, cancellationToken);
        return copy.Problems;
    }

    /// <summary>The folder with the drafts applied, in a temporary copy (deleted on dispose).</summary>
    public async Task<PromptsCopy> CopyWithAsync(IReadOnlyList<PromptDraft> drafts, CancellationToken cancellationToken)
    {
        var parent = System.IO.Directory.CreateTempSubdirectory("voicecoach-prompts-").FullName;
        var root = Path.Combine(parent, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))));
        // The editable files, and the classifiers the grader's semantic layer loads (not edited here).
        var copied = List().Concat(new[] { SemanticModel.ClassifierFile, SemanticModel.RedFlagClassifierFile }.Where(f => File.Exists(Path.Combine(directory, f))));
        foreach (var file in copied)
        {
            var target = Path.Combine(root, file);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(directory, file), target);
        }

        var problems = new List<EditProblem>();
        foreach (var draft in drafts)
        {
            if (Resolve(draft.Path) is null)
            {
                problems.Add(new EditProblem(draft.Path, 0, string.Empty, $"{draft.Path}: not a file the coach edits here (rubric.yaml, companies/, questions/ or grading/)"));
            }
            else if (draft.Content.Length > MaxDraftChars)
            {
                problems.Add(new EditProblem(draft.Path, 0, string.Empty, string.Create(CultureInfo.InvariantCulture, $"{draft.Path}: {draft.Content.Length} characters; a prompt file is limited to {MaxDraftChars}")));
            }
            else
            {
                File.WriteAllText(Path.Combine(root, draft.Path), draft.Content);
            }
        }

        ValidatedPrompts? validated = null;
        if (problems.Count == 0)
        {
            try
            {
                (validated, var found) = await PromptsValidation.CheckAsync(root, semantic, time, cancellationToken);
                problems.AddRange(found.Select(p => new EditProblem(Relative(p.File), p.Line, p.Field, p.ToString())));
            }
            catch (PromptFileException e)
            {
                problems.Add(new EditProblem(Relative(e.File), e.Line, e.Field, e.Message));
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or IOException)
            {
                // A loader that fails without naming the line (a YAML syntax error some parsers report this way):
                // still a problem to show, never a written file or a server error.
                problems.Add(new EditProblem(drafts.Count == 1 ? drafts[0].Path : string.Empty, 0, string.Empty, $"{(drafts.Count == 1 ? drafts[0].Path + ": " : string.Empty)}{e.Message}"));
            }
        }

        return new PromptsCopy(parent, root, validated, problems);
    }

    /// <summary>Checks a draft with the rest of the folder and, when everything passes, writes it; the previous file is kept.</summary>
    public async Task<(IReadOnlyList<EditProblem> Problems, string? Previous)> SaveAsync(PromptDraft draft, CancellationToken cancellationToken)
    {
        var problems = await CheckAsync([draft], cancellationToken);
        if (problems.Count > 0)
        {
            return (problems, null);
        }

        var path = Resolve(draft.Path)!;
        var stamp = time.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var previous = $"{HistoryFolder}/{draft.Path}.{stamp}";
        for (var n = 2; File.Exists(Path.Combine(directory, previous)); n++)
        {
            previous = string.Create(CultureInfo.InvariantCulture, $"{HistoryFolder}/{draft.Path}.{stamp}-{n}");
        }

        var kept = Path.Combine(directory, previous);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(path, kept);
        SessionFolder.WriteText(path, w => w.Write(draft.Content));
        return ([], previous);
    }

    /// <summary>A file as PromptFileException names it ("prompts/companies/netflix.yaml") relative to the folder.</summary>
    private string Relative(string file)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))) + "/";
        var normal = file.Replace('\\', '/');
        return normal.StartsWith(name, StringComparison.Ordinal) ? normal[name.Length..] : normal;
    }
}

/// <summary>A temporary copy of the prompts folder with drafts applied; deleted on dispose.</summary>
/// <param name="Parent">The temporary folder holding the copy.</param>
/// <param name="Root">The copy of the prompts folder.</param>
/// <param name="Prompts">The copy, validated; null when it has problems.</param>
/// <param name="Problems">What `prompts check` found.</param>
internal sealed record PromptsCopy(string Parent, string Root, ValidatedPrompts? Prompts, IReadOnlyList<EditProblem> Problems) : IDisposable
{
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Parent, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder; the OS clears it.
        }
    }
}
