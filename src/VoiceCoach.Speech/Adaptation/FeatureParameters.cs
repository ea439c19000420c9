namespace VoiceCoach.Speech.Adaptation;

/// <summary>An acoustic model's <c>feat.params</c>: one "-name value" per line, the front end the model was trained with.</summary>
internal static class FeatureParameters
{
    /// <summary>The settings by name ("-feat" → "1s_c_d_dd").</summary>
    /// <exception cref="VoiceAdaptationException">The file is missing.</exception>
    public static Dictionary<string, string> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new VoiceAdaptationException($"{path}: the acoustic model has no feat.params; reinstall it (pocketsphinx-en-us)");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].StartsWith('-'))
            {
                settings[parts[0]] = parts[1];
            }
        }

        return settings;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/> with <c>-cmninit</c> set to <paramref name="mean"/>:
    /// live cepstral mean normalisation then starts every answer from this speaker's and room's mean instead of the
    /// training data's, so the first seconds of an answer are not decoded against the wrong mean. Unchanged when
    /// <paramref name="mean"/> is null.
    /// </summary>
    public static void WriteWithCepstralMean(string source, string target, IReadOnlyList<double>? mean)
    {
        var lines = File.ReadAllLines(source).Where(l => mean is null || !l.TrimStart().StartsWith("-cmninit", StringComparison.Ordinal)).ToList();
        if (mean is not null)
        {
            lines.Add("-cmninit " + string.Join(',', mean.Select(m => m.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
        }

        File.WriteAllLines(target, lines);
    }
}
