using System.Text.Json;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;
using VoiceCoach.Grading.Reports;
using VoiceCoach.Practice;

namespace VoiceCoach.Web.Practice;

/// <summary>One session folder as the pages list it.</summary>
/// <param name="Id">The folder's name.</param>
/// <param name="Answered">Answers recorded (practice) or graded (grade).</param>
/// <param name="Questions">Questions planned.</param>
/// <param name="Finished">Every question answered or skipped, report written.</param>
/// <param name="Report">A graded report is there.</param>
/// <param name="Grade">The average grade, when graded.</param>
internal sealed record SessionEntry(string Id, int Answered, int Questions, bool Finished, bool Report, string? Grade);

/// <summary>The sessions folder, newest first: practice sessions (finished or not) and graded sessions.</summary>
internal static class SessionList
{
    public static IReadOnlyList<SessionEntry> Read(string sessionsDirectory)
    {
        if (!Directory.Exists(sessionsDirectory))
        {
            return [];
        }

        var list = new List<SessionEntry>();
        foreach (var dir in Directory.GetDirectories(sessionsDirectory).OrderDescending(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(dir);
            var json = Path.Combine(dir, SessionFolder.JsonName);
            string? grade = null;
            var graded = 0;
            if (File.Exists(json))
            {
                try
                {
                    using var stream = File.OpenRead(json);
                    var overview = SessionOverview.Read(stream, id, json);
                    grade = overview.AverageGrade;
                    graded = overview.QuestionsCompleted;
                }
                catch (Exception e) when (e is SessionFileException or IOException or JsonException)
                {
                    // Listed without a grade.
                }
            }

            if (File.Exists(Path.Combine(dir, PracticeState.FileName)))
            {
                try
                {
                    var state = PracticePlanner.Read(dir);
                    var answered = state.Items.Count(i => i.Status is PracticeStatus.Recorded or PracticeStatus.Transcribed);
                    list.Add(new SessionEntry(id, answered, state.Items.Count, state.Finished, grade is not null, grade));
                    continue;
                }
                catch (Exception e) when (e is PromptFileException or IOException)
                {
                    // Not resumable: listed as graded only, if it is.
                }
            }

            if (grade is not null)
            {
                list.Add(new SessionEntry(id, graded, graded, true, true, grade));
            }
        }

        return list;
    }
}
