using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Semantics;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// When a sentence with none of a red flag's heard_as words is that flag (issue 12: "once I'm home the laptop stays
/// closed", "still the same shape in five years"). The classifier reads topic more than stance, so it must be surer
/// than with the words (rubric critical.red_flag_stance_unheard), and, as the rubric asks, the sentence must also be
/// nearer the flag's stance_examples than its none_examples by critical.red_flag_unheard_margin
/// (<see cref="RedFlagPrototypes"/>) and say what she wants (critical.red_flag_unheard_wanting; a flag heard in how she
/// tells things, stance: told, is exempt). The caller has already checked that the sentence states the flag.
/// </summary>
/// <remarks>Ownership: does not own the prototypes. Threading: immutable; safe to share.</remarks>
internal sealed class UnheardStanceGate
{
    private readonly double _bar;
    private readonly double? _margin;
    private readonly bool _wanting;
    private readonly RedFlagPrototypes? _prototypes;

    public UnheardStanceGate(CriticalMissSettings critical, RedFlagPrototypes? prototypes)
    {
        ArgumentNullException.ThrowIfNull(critical);
        _bar = critical.RedFlagStanceUnheard;
        _margin = critical.RedFlagUnheardMargin;
        _wanting = critical.RedFlagUnheardWanting;
        _prototypes = prototypes;
    }

    /// <summary>
    /// The sentence (its normalised <paramref name="words"/> and unit-length <paramref name="vector"/>), which the
    /// classifier gives <paramref name="probability"/> of <paramref name="flag"/> and which holds none of its heard_as
    /// words, is the flag. False whenever red_flag_stance_unheard is 0.
    /// </summary>
    public bool Admits(RedFlag flag, double probability, IReadOnlyList<string> words, float[] vector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flag);
        ArgumentNullException.ThrowIfNull(words);
        if (_bar <= 0 || probability < _bar)
        {
            return false;
        }

        if (_wanting && flag.Stance != RedFlagStance.Told && !words.Any(RedFlagFeatures.Wanting.Contains))
        {
            return false;
        }

        if (_margin is not { } margin)
        {
            return true;
        }

        var nearer = _prototypes?.Margin(flag, vector, cancellationToken);
        return nearer is not null && nearer >= margin;
    }
}
