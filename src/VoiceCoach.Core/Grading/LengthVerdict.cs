namespace VoiceCoach.Core.Grading;

/// <summary>
/// How an answer's length compares with its target, judged on the spoken span (the silence before and
/// after the answer does not count). Written to session.json by <see cref="LengthVerdicts.Name"/>.
/// </summary>
public enum LengthVerdict
{
    /// <summary>Within the target (grace included).</summary>
    OnTarget,

    /// <summary>No speech at all: nothing to judge. The answer is graded by rubric.yaml's no_answer entry.</summary>
    NoAnswer,

    /// <summary>Under the target's minimum × too_short_ratio.</summary>
    TooShort,

    /// <summary>Under the target's minimum by more than the grace.</summary>
    Short,

    /// <summary>Over the target's maximum by more than the grace.</summary>
    Long,

    /// <summary>Past <see cref="RubricSettings.TooLongAfterSeconds"/>, the one too-long point.</summary>
    TooLong,
}

/// <summary>Names and questions on <see cref="LengthVerdict"/>.</summary>
public static class LengthVerdicts
{
    /// <summary>The stable name in session.json ("too_long").</summary>
    public static string Name(this LengthVerdict verdict) => verdict switch
    {
        LengthVerdict.NoAnswer => "no_answer",
        LengthVerdict.TooShort => "too_short",
        LengthVerdict.Short => "short",
        LengthVerdict.Long => "long",
        LengthVerdict.TooLong => "too_long",
        _ => "on_target",
    };

    /// <summary>The verdict for a name written by <see cref="Name"/>; null for anything else.</summary>
    public static LengthVerdict? Parse(string? name) => name switch
    {
        "on_target" => LengthVerdict.OnTarget,
        "no_answer" => LengthVerdict.NoAnswer,
        "too_short" => LengthVerdict.TooShort,
        "short" => LengthVerdict.Short,
        "long" => LengthVerdict.Long,
        "too_long" => LengthVerdict.TooLong,
        _ => null,
    };

    /// <summary>Over the target (long or too long).</summary>
    public static bool IsOver(this LengthVerdict verdict) => verdict is LengthVerdict.Long or LengthVerdict.TooLong;

    /// <summary>Under the target (short or too short); a no-answer is not "short", it is no answer.</summary>
    public static bool IsUnder(this LengthVerdict verdict) => verdict is LengthVerdict.Short or LengthVerdict.TooShort;
}
