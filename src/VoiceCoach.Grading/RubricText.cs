using System.Globalization;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Grading;

/// <summary>
/// Fills the placeholders of rubric.yaml's and the company pack's texts: {company}, {role_team}, {role_title},
/// {key_message}, {key_phrases}, {target}, {value} and the STAR-Lite budgets. Immutable; thread-safe.
/// </summary>
public sealed class RubricText
{
    private readonly RubricSettings _rubric;
    private readonly CompanyPack _company;

    public RubricText(RubricSettings rubric, CompanyPack company)
    {
        _rubric = rubric;
        _company = company;
    }

    /// <summary>The role's team, or its title when the pack names no team.</summary>
    public string RoleTeam => string.IsNullOrEmpty(_company.Role.Team) ? _company.Role.Title : _company.Role.Team;

    /// <summary>Two key phrases that are terminology, not just a value's name ("context not control", not "dream team").</summary>
    public static IEnumerable<string> TerminologyExamples(CompanyPack company) =>
        company.KeyPhrases.Select(k => k.Phrase)
            .Where(p => !company.Values.Any(v => string.Equals(v.Name, p, StringComparison.OrdinalIgnoreCase)))
            .Take(2);

    /// <summary>Fills a text's placeholders; {target} is <paramref name="target"/> (default: the story target) as "30-60".</summary>
    public string Fill(string text, (double Min, double Max)? target = null, string? value = null)
    {
        var t = target ?? _rubric.TargetFor(QuestionKinds.Story);
        return text
            .Replace("{company}", _company.Name, StringComparison.Ordinal)
            .Replace("{role_team}", RoleTeam, StringComparison.Ordinal)
            .Replace("{role_title}", _company.Role.Title, StringComparison.Ordinal)
            .Replace("{key_message}", _company.Role.KeyMessage, StringComparison.Ordinal)
            .Replace("{key_phrases}", string.Join(", ", TerminologyExamples(_company).Select(k => $"\"{k}\"")), StringComparison.Ordinal)
            .Replace("{target}", Inv($"{t.Min:0}-{t.Max:0}"), StringComparison.Ordinal)
            .Replace("{value}", value ?? _company.Values[0].Name, StringComparison.Ordinal)
            .Replace("{budget_situation}", Inv($"{_rubric.SituationBudget:0}"), StringComparison.Ordinal)
            .Replace("{budget_task}", Inv($"{_rubric.TaskBudget:0}"), StringComparison.Ordinal)
            .Replace("{budget_action}", Inv($"{_rubric.ActionBudget:0}"), StringComparison.Ordinal)
            .Replace("{budget_result}", Inv($"{_rubric.ResultBudget:0}"), StringComparison.Ordinal);
    }

    /// <summary>Fills the counts {n} and {total} of a summary text ("2 of 6 answers"; "1 of 1 answer").</summary>
    public static string Counts(string text, int n, int total) =>
        text.Replace("{n}", Inv($"{n}"), StringComparison.Ordinal)
            .Replace("{total}", Inv($"{total}"), StringComparison.Ordinal)
            .Replace(" of 1 answers", " of 1 answer", StringComparison.Ordinal)
            .Replace(" of 1 questions", " of 1 question", StringComparison.Ordinal);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
