using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using VoiceCoach.Core.Transcription;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VoiceCoach.Speech.LanguageModel;

/// <summary>
/// The text a candidate is likely to say, gathered for the domain language model: every sentence a
/// coach wrote in prompts/ (question banks, company packs, labelled eval answers: any YAML under
/// <c>questions/</c>, <c>companies/</c> and <c>eval/</c>), the spoken sample answers
/// (<c>samples/answers/*.txt</c> beside prompts/, when present) and a general interview-English
/// corpus shipped in this assembly. Also hashes exactly those inputs, so the model is rebuilt when a
/// coach edits them.
/// </summary>
/// <remarks>
/// The YAML is walked generically (every string scalar, whatever the schema), so a new field in a
/// company pack feeds the model without a code change. Values that are ids, enums or grading notes
/// (keys in <see cref="SkippedKeys"/>, and kebab-case tokens such as <c>dream-team</c>) are left out.
/// Match patterns lose their stem words ("rais* the bar" gives "the bar"): a stem is not a word.
/// <see cref="DomainTextOptions"/> says what else is left out: by default the eval answers' grading labels
/// (<c>expected_flags</c>: "no_example" read as "no example"); to measure, the banks' misconceptions (wrong ideas), the
/// eval transcripts typed in recogniser style (misheard on purpose: "on kyle" for on-call) or every eval transcript; and
/// whether the typed transcripts are read once more as one run each, across their sentence ends.
/// </remarks>
public static partial class DomainCorpus
{
    /// <summary>Folders of prompts/ whose YAML is read.</summary>
    public static readonly IReadOnlyList<string> Folders = ["companies", "questions", "eval"];

    /// <summary>
    /// Bumped when the way text is gathered or the model is built changes, so cached models built
    /// the old way are not reused.
    /// </summary>
    public const int Version = 7;

    // Keys whose values are identifiers, enums, numbers or the coach's notes about grading, not speech.
    private static readonly HashSet<string> SkippedKeys = new(StringComparer.Ordinal)
    {
        "id", "bank", "company", "round", "kind", "difficulty", "tags", "values", "relates_to", "severity",
        "context", "question_id", "expected_grade", "audio", "duration_s", "demonstrates", "target_seconds",
        "source", "topic", "note", "why", "coach_notes", "ignore_red_flags", "location",

        // Match lists for the grader, not speech: synonyms of what a question asks for, the words of a claim said
        // backwards, a red flag's everyday words. Hundreds of one- and two-word "sentences" out of any context would
        // only dilute the words around them (and move the recogniser whenever a coach widens a list).
        "asks_for", "wrong_claims", "heard_as",
    };

    private const string TranscriptKey = "transcript";

    private const string GeneralCorpusResource = "VoiceCoach.Speech.LanguageModel.interview-english.txt";

    /// <summary>The general interview-English corpus shipped with VoiceCoach (one sentence or more per line).</summary>
    public static string GeneralEnglish()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(GeneralCorpusResource)
            ?? throw new InvalidOperationException($"embedded resource {GeneralCorpusResource} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The files read from a prompts folder, in a stable order (ordinal, relative paths).</summary>
    /// <param name="promptsDirectory">The prompts/ folder.</param>
    public static IReadOnlyList<string> Files(string promptsDirectory)
    {
        ArgumentNullException.ThrowIfNull(promptsDirectory);
        var files = new List<string>();
        foreach (var folder in Folders)
        {
            var dir = Path.Combine(promptsDirectory, folder);
            if (Directory.Exists(dir))
            {
                files.AddRange(Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories));
            }
        }

        var samples = Path.Combine(promptsDirectory, "..", "samples", "answers");
        if (Directory.Exists(samples))
        {
            files.AddRange(Directory.EnumerateFiles(samples, "*.txt"));
        }

        return files.Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A content hash of everything the model is built from: the files' names (relative to
    /// prompts/) and bytes, the general corpus and <see cref="Version"/>. Lower-case hex, 16 characters.
    /// </summary>
    public static string Hash(string promptsDirectory, IEnumerable<string> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"voicecoach-domain-lm v{Version}\n"));
        sha.AppendData(Encoding.UTF8.GetBytes(GeneralEnglish()));
        var root = Path.GetFullPath(promptsDirectory);
        foreach (var file in Files(promptsDirectory))
        {
            sha.AppendData(Encoding.UTF8.GetBytes("\n" + Path.GetRelativePath(root, file).Replace('\\', '/') + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }

        foreach (var item in extra)
        {
            sha.AppendData(Encoding.UTF8.GetBytes("\n" + item));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>Every sentence of the corpus as normalised words (numbers spelled out, lower case, as the recogniser writes them).</summary>
    /// <param name="promptsDirectory">The prompts/ folder.</param>
    /// <param name="options">Which eval transcripts, misconceptions and labels are read; null for <see cref="DomainTextOptions.Default"/>.</param>
    /// <exception cref="TranscriptionException">A YAML file cannot be parsed; the message names it.</exception>
    public static IEnumerable<IReadOnlyList<string>> Sentences(string promptsDirectory, DomainTextOptions? options = null)
    {
        options ??= DomainTextOptions.Default;
        foreach (var file in Files(promptsDirectory))
        {
            var joined = new List<string>();
            var texts = file.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? [File.ReadAllText(file)] : Scalars(file, options, joined);
            foreach (var text in texts)
            {
                foreach (var sentence in Split(text))
                {
                    yield return sentence;
                }
            }

            // The typed transcripts once more as one run each (DomainTextOptions.Joined): no sentence break inside.
            foreach (var text in joined)
            {
                var run = Split(text).SelectMany(s => s).ToList();
                if (run.Count > 0)
                {
                    yield return run;
                }
            }
        }

        foreach (var sentence in Split(GeneralEnglish()))
        {
            yield return sentence;
        }
    }

    /// <summary>Splits free text into sentences of normalised words (at . ? ! ; : and line breaks; match-pattern stems dropped).</summary>
    public static IEnumerable<IReadOnlyList<string>> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var piece in SentenceBreak().Split(text))
        {
            // A stem ("rais*") stands for several words; the words around it are still a phrase each.
            foreach (var part in piece.Split(' ').Aggregate(new List<List<string>> { new() }, SplitAtStems))
            {
                var words = WordErrorRate.Normalize(string.Join(' ', part));
                if (words.Count > 0)
                {
                    yield return words;
                }
            }
        }
    }

    private static List<List<string>> SplitAtStems(List<List<string>> parts, string token)
    {
        if (token.Contains('*', StringComparison.Ordinal))
        {
            parts.Add([]);
        }
        else
        {
            parts[^1].Add(token);
        }

        return parts;
    }

    private static List<string> Scalars(string file, DomainTextOptions options, List<string> joined)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file, Encoding.UTF8);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new TranscriptionException($"{file}:{ex.Start.Line}: not valid YAML ({ex.Message}); fix the file, `voicecoach prompts check` shows where", ex);
        }

        var texts = new List<string>();
        foreach (var document in stream.Documents)
        {
            Walk(document.RootNode, null, texts, options, joined);
        }

        return texts;
    }

    private static void Walk(YamlNode node, string? key, List<string> texts, DomainTextOptions options, List<string> joined)
    {
        if (key is not null && (SkippedKeys.Contains(key) || Left(key, options)))
        {
            return;
        }

        switch (node)
        {
            case YamlScalarNode { Value: { } value } when value.Length > 0 && !Identifier().IsMatch(value):
                var typed = key != TranscriptKey || !DomainTextOptions.IsRecogniserStyle(value);
                if (typed || options.EvalAnswers != EvalAnswerText.Typed)
                {
                    texts.Add(value);
                }

                if (key == TranscriptKey && typed && options.Joined)
                {
                    joined.Add(value);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence)
                {
                    Walk(item, key, texts, options, joined);
                }

                break;
            case YamlMappingNode mapping:
                foreach (var (k, v) in mapping)
                {
                    Walk(v, (k as YamlScalarNode)?.Value, texts, options, joined);
                }

                break;
        }
    }

    // Keys the options may leave out: every eval transcript, the banks' wrong ideas, the eval answers' grading labels.
    private static bool Left(string key, DomainTextOptions options) => key switch
    {
        TranscriptKey => options.EvalAnswers == EvalAnswerText.None,
        "misconceptions" => !options.Misconceptions,
        "expected_flags" => !options.Labels,
        _ => false,
    };

    [GeneratedRegex(@"[.?!;:]+(?=\s|$)|[\r\n]+|[""()\[\]{}]", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    // kebab-case ids, bare numbers, grades: "dream-team", "netflix-recruiter-why-netflix", "30", "B+".
    [GeneratedRegex(@"^([a-z0-9]+(-[a-z0-9]+)+|[0-9.]+|[A-F][+-]?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
