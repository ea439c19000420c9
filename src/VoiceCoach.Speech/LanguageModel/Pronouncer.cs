using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace VoiceCoach.Speech.LanguageModel;

/// <summary>
/// Finds CMU phones for words the pronunciation dictionary lacks (company names, tools, acronyms:
/// "eyeline", "comfyui", "llms"), so the domain language model's words can be recognised at all.
/// Tried in order: the hand-written entries given; a possessive of a known word ("netflix's");
/// short words and words without vowels spelled letter by letter ("vfx", "gpus"); a consonant
/// cluster no English word starts with spelled, the rest pronounced ("mlops" = M L + "ops");
/// a compound of dictionary words ("eyeline" = "eye" + "line", "comfyui" = "comfy" + "ui");
/// festival's letter-to-sound rules for the CMU lexicon, when festival is installed; the letters.
/// </summary>
/// <remarks>Not thread-safe. The festival step runs one process for all remaining words.</remarks>
public sealed partial class Pronouncer
{
    private static readonly Dictionary<char, string> Letters = new()
    {
        ['a'] = "EY",
        ['b'] = "B IY",
        ['c'] = "S IY",
        ['d'] = "D IY",
        ['e'] = "IY",
        ['f'] = "EH F",
        ['g'] = "JH IY",
        ['h'] = "EY CH",
        ['i'] = "AY",
        ['j'] = "JH EY",
        ['k'] = "K EY",
        ['l'] = "EH L",
        ['m'] = "EH M",
        ['n'] = "EH N",
        ['o'] = "OW",
        ['p'] = "P IY",
        ['q'] = "K Y UW",
        ['r'] = "AA R",
        ['s'] = "EH S",
        ['t'] = "T IY",
        ['u'] = "Y UW",
        ['v'] = "V IY",
        ['w'] = "D AH B AH L Y UW",
        ['x'] = "EH K S",
        ['y'] = "W AY",
        ['z'] = "Z IY",
        ['0'] = "Z IH R OW",
        ['1'] = "W AH N",
        ['2'] = "T UW",
        ['3'] = "TH R IY",
        ['4'] = "F AO R",
        ['5'] = "F AY V",
        ['6'] = "S IH K S",
        ['7'] = "S EH V AH N",
        ['8'] = "EY T",
        ['9'] = "N AY N",
    };

    // Two-consonant starts of English words; any other consonant pair at the start is an acronym's.
    private static readonly HashSet<string> Onsets =
    [
        "bl", "br", "ch", "cl", "cr", "dr", "dw", "fl", "fr", "gh", "gl", "gn", "gr", "kl", "kn", "kr", "ph", "pl", "pr",
        "ps", "qu", "sc", "sh", "sk", "sl", "sm", "sn", "sp", "st", "sw", "th", "tr", "tw", "wh", "wr", "sv", "zh",
    ];

    // British spellings the dictionary has in their American form ("candour", "optimised", "modelling").
    private static readonly (string British, string American)[] BritishSpellings =
    [
        ("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"), ("our", "or"),
        ("yse", "yze"), ("elling", "eling"), ("elled", "eled"), ("tre", "ter"),
    ];

    private static readonly Dictionary<string, string> FestivalPhones = new(StringComparer.Ordinal)
    {
        ["ax"] = "AH",
        ["axr"] = "ER",
        ["ix"] = "IH",
        ["el"] = "AH L",
        ["em"] = "AH M",
        ["en"] = "AH N",
    };

    private static readonly HashSet<string> CmuPhones =
    [
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K",
        "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    ];

    private readonly Func<string, bool> _known;
    private readonly Func<string, string?> _lookup;
    private readonly IReadOnlyDictionary<string, string> _handWritten;
    private readonly Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>> _letterToSound;

    /// <summary>Creates a pronouncer over a dictionary.</summary>
    /// <param name="lookup">The dictionary's first pronunciation of a word, or null when it lacks the word.</param>
    /// <param name="handWritten">Pronunciations that win over everything else (e.g. "netflix").</param>
    /// <param name="letterToSound">Pronounces several unknown words at once (festival); null for <see cref="FestivalLetterToSound"/>.</param>
    public Pronouncer(
        Func<string, string?> lookup,
        IReadOnlyDictionary<string, string>? handWritten = null,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>>? letterToSound = null)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        _lookup = lookup;
        _known = w => lookup(w) is not null;
        _handWritten = handWritten ?? new Dictionary<string, string>();
        _letterToSound = letterToSound ?? FestivalLetterToSound;
    }

    /// <summary>The same rules over another dictionary.</summary>
    public Pronouncer WithDictionary(Func<string, string?> lookup) => new(lookup, _handWritten, _letterToSound);

    /// <summary>How each word was pronounced, for the log and the README ("compound", "festival"...).</summary>
    public Dictionary<string, string> Methods { get; } = new(StringComparer.Ordinal);

    /// <summary>Phones for every word of <paramref name="words"/> the dictionary lacks; words it has are left out.</summary>
    public IReadOnlyDictionary<string, string> PronounceMissing(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            if (_handWritten.TryGetValue(word, out var hand))
            {
                Add(result, word, hand, "hand-written");
            }
            else if (!_known(word) && Valid().IsMatch(word))
            {
                if (Rules(word) is { } phones)
                {
                    result[word] = phones;
                }
                else
                {
                    rest.Add(word);
                }
            }
        }

        var sounded = rest.Count > 0 ? _letterToSound(rest) : new Dictionary<string, string>();
        foreach (var word in rest)
        {
            if (sounded.TryGetValue(word, out var phones) && phones.Length > 0)
            {
                Add(result, word, phones, "festival");
            }
            else
            {
                Add(result, word, Spell(word), "letters");
            }
        }

        return result;
    }

    /// <summary>The word spelled letter by letter ("vfx" → "V IY EH F EH K S"); apostrophes skipped.</summary>
    public static string Spell(string word) =>
        string.Join(' ', word.Where(Letters.ContainsKey).Select(c => Letters[c]));

    private void Add(IDictionary<string, string> result, string word, string phones, string method)
    {
        result[word] = phones;
        Methods[word] = method;
    }

    private string? Rules(string word)
    {
        string? Hit(string? phones, string method)
        {
            if (phones is not null)
            {
                Methods[word] = method;
            }

            return phones;
        }

        if (word.EndsWith("'s", StringComparison.Ordinal) && Known(word[..^2]) is { } owner)
        {
            return Hit(owner + " " + PluralEnding(owner), "possessive");
        }

        var letters = word.Replace("'", string.Empty, StringComparison.Ordinal);
        if (letters.Length <= 3 || !letters.Any(IsVowel))
        {
            return Hit(Spell(letters), "letters (acronym)");
        }

        if (letters.Length == 4 && letters[^1] == 's' && Known(letters[..^1]) is null)
        {
            return Hit(Spell(letters[..^1]) + " Z", "letters (acronym plural)");
        }

        var cluster = letters.TakeWhile(c => !IsVowel(c)).Count();
        if (cluster >= 2 && !Onsets.Contains(letters[..2]) && Known(letters[cluster..]) is { } tail)
        {
            return Hit(Spell(letters[..cluster]) + " " + tail, "letters + word");
        }

        foreach (var (british, american) in BritishSpellings)
        {
            if (letters.Contains(british, StringComparison.Ordinal) && Known(letters.Replace(british, american, StringComparison.Ordinal)) is { } us)
            {
                return Hit(us, "american spelling");
            }
        }

        return Hit(Compound(letters), "compound");
    }

    private string? Known(string word) => _handWritten.TryGetValue(word, out var hand) ? hand : _lookup(word);

    // Two dictionary words, the first of at least three letters, the longest first part first ("eyeline", "comfyui").
    // Splits into three or more short words are mostly wrong ("kubernetes"), so they are left to festival.
    private string? Compound(string word)
    {
        for (var split = word.Length - 2; split >= 3; split--)
        {
            if (Known(word[..split]) is { } head && Known(word[split..]) is { } tail)
            {
                return head + " " + tail;
            }
        }

        return null;
    }

    private static string PluralEnding(string phones)
    {
        var last = phones.Split(' ')[^1];
        return last switch
        {
            "S" or "Z" or "SH" or "ZH" or "CH" or "JH" => "IH Z",
            "P" or "T" or "K" or "F" or "TH" => "S",
            _ => "Z",
        };
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>
    /// festival's letter-to-sound rules for the CMU lexicon (<c>lex.lookup</c>), phones mapped to
    /// PocketSphinx's set (stress dropped, "ax" → AH). Empty when festival is not installed or fails:
    /// the caller then spells the word.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FestivalLetterToSound(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var script = new StringBuilder("(lex.select \"cmu\")\n");
        foreach (var word in words)
        {
            script.Append("(print (lex.lookup \"").Append(word.Replace("\"", string.Empty, StringComparison.Ordinal)).Append("\" nil))\n");
        }

        string output;
        try
        {
            using var process = Process.Start(new ProcessStartInfo("festival", "--pipe")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return new Dictionary<string, string>();
            }

            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(script.ToString());
            process.StandardInput.Close();
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new Dictionary<string, string>(); // festival not installed
        }

        return ParseFestival(output);
    }

    /// <summary>Reads festival's <c>("word" nil (((p h o n e s) 1) ...))</c> lines into CMU phones per word.</summary>
    public static IReadOnlyDictionary<string, string> ParseFestival(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in FestivalEntry().Matches(output))
        {
            var phones = new List<string>();
            foreach (var token in m.Groups["body"].Value.Split([' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
            {
                var phone = FestivalPhones.TryGetValue(token, out var mapped) ? mapped : token.ToUpperInvariant();
                if (phone.Split(' ').All(CmuPhones.Contains))
                {
                    phones.Add(phone);
                }
            }

            if (phones.Count > 0)
            {
                result[m.Groups["word"].Value] = string.Join(' ', phones);
            }
        }

        return result;
    }

    [GeneratedRegex(@"^\(""(?<word>[^""]+)"" \S+ (?<body>.*)\)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FestivalEntry();

    [GeneratedRegex(@"^[a-z0-9']+$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();
}
