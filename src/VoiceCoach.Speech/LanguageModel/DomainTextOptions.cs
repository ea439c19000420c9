using System.Globalization;
using System.Text.RegularExpressions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.LanguageModel;

/// <summary>Which of the labelled eval answers' transcripts (<c>transcript:</c> under prompts/eval/) the domain model's text holds.</summary>
public enum EvalAnswerText
{
    /// <summary>Every transcript, typed or in recogniser style.</summary>
    All,

    /// <summary>Typed transcripts only: those in recogniser style (<see cref="DomainTextOptions.IsRecogniserStyle"/>) are left out.</summary>
    Typed,

    /// <summary>None.</summary>
    None,
}

/// <summary>
/// What of prompts/ goes into the domain model's text beyond the question banks' and company packs' spoken text.
/// Defaults (fillers19, README "What the domain model's text holds"): every eval transcript and the banks' misconceptions,
/// no grading labels. Leaving the recogniser-style transcripts out (<see cref="EvalAnswerText.Typed"/>) or the
/// misconceptions was measured and lost fillers; and a wrong idea is what a candidate says and the grader must hear.
/// </summary>
/// <param name="EvalAnswers">Which eval transcripts are read; default <see cref="EvalAnswerText.All"/>.</param>
/// <param name="Misconceptions">Whether the banks' <c>misconceptions:</c> (wrong ideas a candidate may voice) are read; default true.</param>
/// <param name="Labels">Whether the eval answers' <c>expected_flags:</c> (grading labels such as "no_example") are read; default false. Only to measure what they did.</param>
/// <param name="Joined">
/// Whether each typed eval transcript (not in recogniser style) is read a second time as one run of words, its sentence
/// ends joined without a sentence break, the way an utterance runs on ("... the week before um i proposed ..."); default
/// false. Only to measure (fillers20).
/// </param>
public sealed partial record DomainTextOptions(EvalAnswerText EvalAnswers = EvalAnswerText.All, bool Misconceptions = true, bool Labels = false, bool Joined = false)
{
    /// <summary>The defaults.</summary>
    public static DomainTextOptions Default { get; } = new();

    /// <summary>What the options add to the model's cache key.</summary>
    /// <remarks>"joined" only when on, so the models cached before it existed keep their keys.</remarks>
    public string CacheKey => string.Create(CultureInfo.InvariantCulture, $"text eval={EvalAnswers} misconceptions={Misconceptions} labels={Labels}{(Joined ? " joined=True" : string.Empty)}");

    /// <summary>
    /// A transcript typed the way a recogniser writes: letters, and no capital letter and no punctuation (. , ? ! ; :) anywhere.
    /// The labelled set's authors write a third of their answers so, with words deliberately misheard ("on kyle" for
    /// on-call, "can airy" for canary); <see cref="EvalAnswerText.Typed"/> leaves them out.
    /// </summary>
    public static bool IsRecogniserStyle(string transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return transcript.Any(char.IsLetter) && !TypedMark().IsMatch(transcript);
    }

    /// <summary>
    /// Reads "eval=all|typed|none,misconceptions=on|off,labels=on|off,joined=on|off" (any subset, the rest default); null, empty or "on"
    /// gives the defaults.
    /// </summary>
    /// <exception cref="TranscriptionException">A part is not one of those settings; the message names it.</exception>
    public static DomainTextOptions Parse(string? text)
    {
        var options = Default;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            return options;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            var value = pair.Length == 2 ? pair[1].ToLowerInvariant() : string.Empty;
            options = (pair[0].ToLowerInvariant(), value) switch
            {
                ("eval", "all") => options with { EvalAnswers = EvalAnswerText.All },
                ("eval", "typed") => options with { EvalAnswers = EvalAnswerText.Typed },
                ("eval", "none") => options with { EvalAnswers = EvalAnswerText.None },
                ("misconceptions", "on" or "off") => options with { Misconceptions = value == "on" },
                ("labels", "on" or "off") => options with { Labels = value == "on" },
                ("joined", "on" or "off") => options with { Joined = value == "on" },
                _ => throw new TranscriptionException($"domain model text setting '{part}' in '{text}': expected eval=all|typed|none, misconceptions=on|off, labels=on|off or joined=on|off"),
            };
        }

        return options;
    }

    [GeneratedRegex(@"[\p{Lu}.,?!;:]", RegexOptions.CultureInvariant)]
    private static partial Regex TypedMark();
}
