namespace VoiceCoach.Speech.Adaptation;

/// <summary>
/// What a speaker reads for <c>voicecoach enroll</c>: VoiceCoach's own sentences (everyday interview English, fillers,
/// numbers in words) and then the company pack's terms, a few to a sentence, so the adaptation also hears the words the
/// grader looks for in the speaker's voice.
/// </summary>
public static class EnrollmentScript
{
    /// <summary>Company terms read in one sentence.</summary>
    public const int TermsPerSentence = 3;

    /// <summary>VoiceCoach's own enrollment sentences (the embedded <c>enrollment.txt</c>, comments left out).</summary>
    public static IReadOnlyList<string> GeneralSentences()
    {
        using var stream = typeof(EnrollmentScript).Assembly.GetManifestResourceStream("VoiceCoach.Speech.Adaptation.enrollment.txt")
            ?? throw new InvalidOperationException("enrollment.txt is not embedded in VoiceCoach.Speech");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .ToList();
    }

    /// <summary>The whole script: <see cref="GeneralSentences"/>, then <paramref name="terms"/> grouped into sentences.</summary>
    /// <param name="terms">The company's terms (its name, values, key phrases), in the pack's order; repeats are read once.</param>
    public static IReadOnlyList<string> Sentences(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var distinct = terms.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var sentences = GeneralSentences().ToList();
        for (var i = 0; i < distinct.Count; i += TermsPerSentence)
        {
            var group = distinct.Skip(i).Take(TermsPerSentence).ToList();
            var list = group.Count == 1 ? group[0] : string.Join(", ", group[..^1]) + " and " + group[^1];
            sentences.Add($"We talked about {list}.");
        }

        return sentences;
    }
}
