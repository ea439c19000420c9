using System.Globalization;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// The command line's form for an optional decoder stage (<c>--filler-pass</c>, <c>--denoise</c>): "off" (null), "on"
/// (the defaults), or comma-separated <c>name=number</c> settings applied to the defaults.
/// </summary>
internal static class SettingText
{
    /// <param name="stage">The stage's name for the error message, e.g. "filler pass".</param>
    /// <param name="text">What the user typed.</param>
    /// <param name="defaults">The stage's options with their defaults.</param>
    /// <param name="apply">Applies one setting (name, number); null when the name is unknown or the number out of range.</param>
    /// <param name="expected">What a setting may be, for the error message.</param>
    /// <exception cref="TranscriptionException">A part is not a known setting; the message names it and <paramref name="expected"/>.</exception>
    public static T? Parse<T>(string stage, string text, T defaults, Func<T, string, double, T?> apply, string expected)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (trimmed.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            return defaults;
        }

        var options = defaults;
        foreach (var part in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            var applied = pair.Length == 2 && double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? apply(options, pair[0], value)
                : null;
            options = applied ?? throw new TranscriptionException($"{stage} setting '{part}' in '{text}': expected on, off, or {expected}");
        }

        return options;
    }
}
