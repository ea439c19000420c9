using System.Globalization;
using System.Text.RegularExpressions;
using VoiceCoach.Core.Grading;

namespace VoiceCoach.Core.Sessions;

/// <summary>
/// A session's "next session target" as thresholds that can be checked: an average grade at least
/// <see cref="Grade"/> and a culture integration of at least <see cref="CulturePct"/> percent. Either
/// may be null (not part of the target). <see cref="Text"/> is the sentence the report shows.
/// </summary>
public sealed partial record SessionTarget(string? Grade, int? CulturePct)
{
    /// <summary>"B+ average with 70% culture integration" (the report's wording).</summary>
    public string Text => (Grade, CulturePct) switch
    {
        ({ } g, { } c) => string.Create(CultureInfo.InvariantCulture, $"{g} average with {c}% culture integration"),
        ({ } g, null) => $"{g} average",
        (null, { } c) => string.Create(CultureInfo.InvariantCulture, $"{c}% culture integration"),
        _ => "no target",
    };

    /// <summary>True when the target names at least one threshold.</summary>
    public bool IsCheckable => Grade is not null || CulturePct is not null;

    /// <summary>
    /// Reads a target back from its text, for session.json files written before the structured fields
    /// existed: "B+ average with 70% culture integration", "B average", "80% culture integration".
    /// Returns null when the text says neither.
    /// </summary>
    public static SessionTarget? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var grade = GradePattern().Match(text);
        var culture = CulturePattern().Match(text);
        string? g = grade.Success ? grade.Groups["g"].Value.ToUpperInvariant() : null;
        int? c = culture.Success ? int.Parse(culture.Groups["c"].Value, CultureInfo.InvariantCulture) : null;
        return g is null && c is null ? null : new SessionTarget(g, c);
    }

    /// <summary>
    /// Checks a session's results against this target. The grade is compared on grade points (an
    /// average of 3.0 meets "B" on the default scale); when the points are unknown, on the letter's rank.
    /// </summary>
    /// <param name="averageGrade">The session's average letter grade.</param>
    /// <param name="averagePoints">The session's average grade points, or null when unknown.</param>
    /// <param name="culturePct">The session's culture integration percentage.</param>
    /// <param name="grades">The rubric's grade scale, best first.</param>
    public TargetCheck Check(string averageGrade, double? averagePoints, int culturePct, IReadOnlyList<GradeBand> grades)
    {
        var parts = new List<TargetPart>();
        if (Grade is { } g)
        {
            var band = grades.FirstOrDefault(b => string.Equals(b.Letter, g, StringComparison.OrdinalIgnoreCase));
            var actual = grades.FirstOrDefault(b => string.Equals(b.Letter, averageGrade, StringComparison.OrdinalIgnoreCase));
            bool? met = band is null ? null
                : averagePoints is { } p ? p + 1e-9 >= band.Points
                : actual is null ? null
                : actual.Points >= band.Points;
            parts.Add(new TargetPart("average grade", g, averageGrade, met));
        }

        if (CulturePct is { } c)
        {
            parts.Add(new TargetPart("culture integration", string.Create(CultureInfo.InvariantCulture, $"{c}%"), string.Create(CultureInfo.InvariantCulture, $"{culturePct}%"), culturePct >= c));
        }

        return new TargetCheck(this, parts);
    }

    [GeneratedRegex(@"^\s*(?<g>[A-F][+-]?)(?=\s|$)\s*(average)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GradePattern();

    [GeneratedRegex(@"(?<c>\d{1,3})\s*%\s*culture", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CulturePattern();
}

/// <summary>One threshold of a target and how a session did against it.</summary>
/// <param name="Metric">"average grade" or "culture integration".</param>
/// <param name="Wanted">The threshold as text ("B", "80%").</param>
/// <param name="Actual">What the session achieved ("C+", "60%").</param>
/// <param name="Met">True/false; null when it cannot be decided (an unknown grade letter).</param>
public sealed record TargetPart(string Metric, string Wanted, string Actual, bool? Met);

/// <summary>The result of checking a session against a <see cref="SessionTarget"/>.</summary>
public sealed record TargetCheck(SessionTarget Target, IReadOnlyList<TargetPart> Parts)
{
    /// <summary>True when every part was met, false when one was missed, null when not checkable.</summary>
    public bool? Met => Parts.Count == 0 || Parts.Any(p => p.Met is null) ? null : Parts.All(p => p.Met == true);

    /// <summary>"met", "not met" or "not checkable".</summary>
    public string Verdict => Met switch { true => "met", false => "not met", null => "not checkable" };

    /// <summary>"average grade C+ (target B) ✗, culture integration 80% (target 80%) ✓".</summary>
    public string Details => string.Join(", ", Parts.Select(p => $"{p.Metric} {p.Actual} (target {p.Wanted}) {(p.Met switch { true => "✓", false => "✗", null => "?" })}"));
}
