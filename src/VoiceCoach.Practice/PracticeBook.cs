using System.Globalization;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Practice;

/// <summary>
/// The session's plan and its folder: which question an item is, how it is labelled, the takes on disk, and
/// practice.json rewritten (atomically) after every change so any interruption can be resumed.
/// </summary>
/// <remarks>Threading: the session loop and background grading share it; every change is made under <see cref="Gate"/>.</remarks>
internal sealed class PracticeBook(PracticeState state, string directory, QuestionCatalog catalog, RubricSettings rubric)
{
    /// <summary>The answers folder inside the session.</summary>
    public const string AnswersFolder = "answers";

    public Lock Gate { get; } = new();

    public PracticeState State => state;

    public string Directory => directory;

    /// <summary>The main questions, in order.</summary>
    public IReadOnlyList<PracticeItem> Main => State.Items.Where(i => i.FollowUpOf is null).ToList();

    /// <summary>The full path of a file named relative to the session folder.</summary>
    public string PathOf(string relative) => Path.Combine(directory, relative);

    /// <summary>The question an item asks: the bank's, or for a follow-up one built from its parent (target from rubric.yaml).</summary>
    public Question Resolve(PracticeItem item)
    {
        if (item.FollowUpOf is { } parentId && State.Find(parentId) is { } parentItem)
        {
            var parent = Resolve(parentItem);
            var guess = Question.AdHoc(item.Text, parent.Company);
            return guess with
            {
                Id = $"{parent.Id}#{item.Id}",
                Round = parent.Round,
                Company = parent.Company,
                Bank = parent.Bank,
                Values = parent.Values,
                Tags = parent.Tags,
                Difficulty = parent.Difficulty,
                TargetSeconds = rubric.FollowUpTarget,
                IgnoreRedFlags = parent.IgnoreRedFlags,
            };
        }

        return catalog.Find(item.QuestionId) ?? catalog.FindByText(item.Text) ?? Question.AdHoc(item.Text, State.Company);
    }

    /// <summary>The target length of the item's answer, seconds.</summary>
    public (double Min, double Max) TargetOf(Question question) => question.TargetSeconds ?? rubric.TargetFor(question.Kind);

    /// <summary>Q1, or Q1 follow-up.</summary>
    public string Label(PracticeItem item)
    {
        if (item.FollowUpOf is { } parent && State.Find(parent) is { } p)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Q{Number(p)} follow-up");
        }

        return string.Create(CultureInfo.InvariantCulture, $"Q{Number(item)}");
    }

    /// <summary>The main question's number (a follow-up carries its parent's).</summary>
    public int Number(PracticeItem item)
    {
        var main = Main;
        var owner = item.FollowUpOf is { } parent ? State.Find(parent) ?? item : item;
        return main.ToList().IndexOf(owner) + 1;
    }

    /// <summary>Inserts up to <paramref name="count"/> of the bank's follow-ups after a main answer (once).</summary>
    public void AddFollowUps(PracticeItem item, Question question, int count)
    {
        if (count <= 0 || item.FollowUpOf is not null || item.SourceFile is not null || question.FollowUps.Count == 0
            || State.Items.Any(i => i.FollowUpOf == item.Id))
        {
            return;
        }

        var at = State.Items.IndexOf(item) + 1;
        for (var k = 0; k < Math.Min(count, question.FollowUps.Count); k++)
        {
            State.Items.Insert(at + k, new PracticeItem
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"{item.Id}f{k + 1}"),
                QuestionId = item.QuestionId,
                Text = question.FollowUps[k],
                FollowUpOf = item.Id,
            });
        }
    }

    /// <summary>Keeps the current take if anything was said in it (<see cref="KeepTake"/>), else deletes it; returns where it was kept.</summary>
    public string? SetAside(PracticeItem item, bool speechHeard)
    {
        if (speechHeard || item.Audio is null)
        {
            return KeepTake(item);
        }

        var path = PathOf(item.Audio);
        item.Audio = null;
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        Save();
        return null;
    }

    /// <summary>Moves the item's current WAV (repaired if a crash left it) aside as an earlier take; returns its relative path.</summary>
    public string? KeepTake(PracticeItem item)
    {
        if (item.Audio is null)
        {
            return null;
        }

        var path = PathOf(item.Audio);
        item.Audio = null;
        if (!File.Exists(path) || new FileInfo(path).Length <= 44)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            Save();
            return null;
        }

        if (WavRepair.Inspect(path).NeedsRepair)
        {
            WavRepair.Repair(path);
        }

        string relative;
        for (var n = 1; ; n++)
        {
            relative = string.Create(CultureInfo.InvariantCulture, $"{AnswersFolder}/{item.Id}.take{n}.wav");
            if (!File.Exists(PathOf(relative)))
            {
                break;
            }
        }

        File.Move(path, PathOf(relative));
        item.EarlierTakes.Add(relative);
        Save();
        return relative;
    }

    /// <summary>Rewrites practice.json (temporary file and rename).</summary>
    public void Save()
    {
        lock (Gate)
        {
            SessionFolder.WriteAtomic(PathOf(PracticeState.FileName), State.Write);
        }
    }
}
