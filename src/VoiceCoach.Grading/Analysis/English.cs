namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Facts of English the analysis relies on (past tenses, number words, pronouns): grammar, not grading judgement,
/// so they live here rather than in rubric.yaml.
/// </summary>
internal static class English
{
    public static readonly HashSet<string> IWords = ["i", "i'm", "i've", "i'd", "i'll", "my", "me", "myself", "mine"];

    public static readonly HashSet<string> WeWords = ["we", "we're", "we've", "we'd", "we'll", "our", "us", "ours", "ourselves"];

    /// <summary>Words that are numbers ("one" is left out: it is mostly a pronoun).</summary>
    public static readonly HashSet<string> NumberWords =
    [
        "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
        "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "percent", "half",
        "twice", "double", "doubled", "triple", "tripled", "halved", "dozen", "dozens", "hundreds", "thousands", "millions",
    ];

    /// <summary>Words after which a number names which one rather than how many ("version two", "phase 1", "step three").</summary>
    public static readonly HashSet<string> NamesByNumber = ["version", "v", "phase", "step", "stage", "level", "tier", "round", "generation", "gen", "number", "season", "episode", "part", "chapter"];

    /// <summary>Words that never say what a number measures ("50 percent and", "two of").</summary>
    public static readonly HashSet<string> FunctionWords =
    [
        "and", "or", "but", "so", "to", "of", "in", "on", "at", "by", "for", "from", "with", "a", "an", "the", "than", "as",
        "that", "which", "who", "it", "is", "was", "were", "are", "then", "more", "less", "times",
    ];

    private static readonly HashSet<string> IrregularPast =
    [
        "built", "led", "ran", "made", "took", "wrote", "found", "told", "went", "saw", "got", "gave", "chose", "brought",
        "thought", "had", "did", "set", "put", "cut", "spent", "sent", "met", "began", "felt", "kept", "left", "lost",
        "paid", "said", "sold", "spoke", "stood", "taught", "understood", "won", "drove", "grew", "knew", "rebuilt",
        "rewrote", "came", "became", "broke", "caught", "fought", "held", "hid", "let", "meant", "read", "rode", "shut",
        "sought", "split", "spun", "struck", "swung", "threw", "woke", "wore", "bought", "dug", "fed", "flew", "forgot",
        "heard", "laid", "lent", "overcame", "oversaw", "undertook", "withdrew", "was", "were",
    ];

    private static readonly HashSet<string> NotPast = ["need", "indeed", "speed", "seed", "feed", "bed", "red", "shed", "proceed", "exceed", "succeed", "embed", "breed", "greed", "bleed", "weed"];

    private static readonly HashSet<string> Modals = ["would", "i'd", "we'd", "should", "could", "will", "i'll", "we'll", "might", "can"];

    /// <summary>Subjects and conjunctions: the words a spoken clause starts with ("it builds…", "and eyeline…", "because…").</summary>
    private static readonly HashSet<string> ClauseOpeners =
    [
        "i", "i'm", "i've", "i'd", "i'll", "we", "we're", "we've", "we'd", "we'll", "it", "it's", "they", "they're", "he",
        "she", "you", "you're", "there", "that's", "this", "and", "but", "so", "because", "which", "who", "when", "while",
        "then", "since", "although", "though", "if", "after", "before",
    ];

    public static bool OpensClause(string word) => ClauseOpeners.Contains(word);

    public static bool IsPast(string word) =>
        IrregularPast.Contains(word) || (word.Length > 3 && word.EndsWith("ed", StringComparison.Ordinal) && !NotPast.Contains(word));

    public static bool IsModal(string word) => Modals.Contains(word);

    /// <summary>"I built", "we quickly rolled": "I"/"we" followed within two words by a past-tense verb.</summary>
    public static int CountFirstPersonPast(IReadOnlyList<string> words)
    {
        var count = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is not ("i" or "we"))
            {
                continue;
            }

            for (var j = i + 1; j <= i + 2 && j < words.Count; j++)
            {
                if (IsPast(words[j]))
                {
                    count++;
                    break;
                }
            }
        }

        return count;
    }
}
