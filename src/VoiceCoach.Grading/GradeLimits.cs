using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Calibration;

namespace VoiceCoach.Grading;

/// <summary>
/// Where the caps and floors put an answer's letter: the strictest cap it earned (rubric caps), the floor under it (a
/// critical miss lands at critical.full_answer_floor or critical.floor, an answer none capped at critical.sound_floor,
/// a sentence or two at its far-too-short cap), and the grades a calibration may choose between. Every letter comes
/// from <see cref="RubricSettings"/>. Stateless and thread-safe.
/// </summary>
internal sealed class GradeLimits
{
    private readonly RubricSettings _rubric;

    public GradeLimits(RubricSettings rubric) => _rubric = rubric;

    /// <param name="letter">The letter the weighted score's band gives.</param>
    /// <param name="capOrder">The caps the answer earned (<see cref="AnswerFlags.Caps"/>), in order.</param>
    /// <param name="spoke">Whether the answer has words: a coherent answer lands at a critical floor, nothing else does.</param>
    public LimitedGrade Apply(string letter, IReadOnlyList<string> capOrder, bool spoke)
    {
        var critical = capOrder.Any(AnswerFlags.IsCritical);

        // The D band is for critical misses (prompts/eval/README.md's label rules): an answer that none capped is rambling,
        // filler-heavy or thin at worst, a C- however many small gaps it has (a too-short answer with some substance is a
        // C, 004's standard); a sentence or two (far too short) with no critical miss lands at its cap, as a critical
        // miss lands at the critical floor: D+, C when that sentence or two says something (far_too_short_substance), D-
        // when it is a few words with nothing to judge (fragment).
        var lowest = critical ? null : Lowest(capOrder);
        letter = NoWorseThan(letter, lowest);

        string? cappedBy = null;
        var best = 0;
        string? strictest = null;
        foreach (var flag in capOrder)
        {
            if (_rubric.Caps.TryGetValue(flag, out var cap))
            {
                if (strictest is null || _rubric.Rank(cap) > best)
                {
                    strictest = flag;
                }

                best = Math.Max(best, _rubric.Rank(cap));
                if (_rubric.Rank(cap) > _rubric.Rank(letter))
                {
                    letter = cap;
                    cappedBy = flag;
                }
            }
        }

        // Declining the question caps it even when the points alone already sit at its letter (a short decline scores an
        // F): otherwise no cap is named and the critical floor below lifted "skip ahead" to a D-.
        if (capOrder.Contains(AnswerFlags.NoAttemptCap) && _rubric.Caps.TryGetValue(AnswerFlags.NoAttemptCap, out var declined) && _rubric.Rank(declined) >= _rubric.Rank(letter))
        {
            letter = declined;
            cappedBy = AnswerFlags.NoAttemptCap;
        }

        // A coherent answer with a critical miss is a D (seed 004 Q4), not an F: the cap is also where it lands. Declining
        // the question is not a coherent answer: its cap (F) stands.
        var floor = critical && cappedBy != AnswerFlags.NoAttemptCap && spoke ? CriticalFloor(capOrder) : null;
        letter = NoWorseThan(letter, floor);

        var pinned = cappedBy == AnswerFlags.NoAttemptCap || (strictest is not null && _rubric.Calibration.PinnedCaps.Contains(strictest));
        return new LimitedGrade(letter, cappedBy, Range(letter, best, critical ? floor : lowest, pinned));
    }

    /// <summary>The lowest an answer no critical miss capped may go: far too short's cap, else the sound floor.</summary>
    private string? Lowest(IReadOnlyList<string> capOrder)
    {
        var shortCap = capOrder.FirstOrDefault(AnswerFlags.IsFarTooShort);
        return shortCap is not null ? _rubric.Caps.GetValueOrDefault(shortCap) : _rubric.SoundFloor;
    }

    private string NoWorseThan(string letter, string? floor) =>
        floor is not null && _rubric.Rank(letter) > _rubric.Rank(floor) ? floor : letter;

    /// <summary>
    /// Where a coherent answer with a critical miss lands at least: rubric critical.full_answer_floor (D) for one critical
    /// miss in more than a sentence or two, critical.floor (D-) for a sentence or two or two critical misses at once.
    /// </summary>
    private string? CriticalFloor(IReadOnlyList<string> capOrder)
    {
        var fragment = capOrder.Any(AnswerFlags.IsFarTooShort);
        return fragment || capOrder.Count(AnswerFlags.IsCritical) > 1 ? _rubric.CriticalFloor : _rubric.FullAnswerCriticalFloor ?? _rubric.CriticalFloor;
    }

    /// <summary>
    /// The grades a calibration may give: what the caps allow, from the strictest cap's letter down to the floor under it
    /// (a critical miss's floor, the sound floor, far too short's cap; the scale's last grade when none applies), and at
    /// most rubric calibration.max_steps from the rubric's own letter, so the rubric's findings still explain the grade.
    /// Declining the question, and an answer whose strictest cap the label rules give one letter (rubric
    /// calibration.pinned_caps: cut off is a C), keep the rubric's letter.
    /// </summary>
    private GradeRange Range(string letter, int best, string? floor, bool pinned)
    {
        var step = _rubric.Rank(letter);
        if (pinned)
        {
            return new GradeRange(step, step);
        }

        var worst = floor is null ? _rubric.Grades.Count - 1 : _rubric.Rank(floor);
        var k = _rubric.Calibration.MaxSteps;
        return new GradeRange(Math.Max(step - k, Math.Min(best, step)), Math.Min(step + k, Math.Max(worst, step)));
    }
}

/// <summary>An answer's letter after its caps and floors, the cap that set it (null: none did) and the grades a calibration may give.</summary>
internal sealed record LimitedGrade(string Letter, string? CappedBy, GradeRange Range);
