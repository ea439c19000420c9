using System.Globalization;

namespace VoiceCoach.Core.Text;

/// <summary>How durations are written in reports and on screen (culture-invariant).</summary>
public static class TimeFormat
{
    /// <summary>"47 s" or "1 min 32 s".</summary>
    public static string Duration(double seconds)
    {
        var s = (int)Math.Round(seconds);
        return s < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{s} s")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 60} min {s % 60} s");
    }

    /// <summary>"30-60 s".</summary>
    public static string Range((double Min, double Max) t) =>
        string.Create(CultureInfo.InvariantCulture, $"{t.Min:0}-{t.Max:0} s");
}
