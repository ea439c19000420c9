using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Prompts;

namespace VoiceCoach.Speech.LanguageModel;

/// <summary>
/// The company packs' terms (name, value names, key phrases, role terms: <see cref="CompanyPack.MainTerms"/>) as extra sentences for the domain language model, each term between words that may come before and after it.
/// </summary>
/// <remarks>
/// Kneser-Ney estimates a word's lower-order probability from how many different words precede it, not from how often
/// it occurs. A role term written once in a list ("houdini", "cuda") had one left context, the start of a sentence, so
/// after "used" or "the" the model backed off to a unigram of one continuation in twenty thousand, and the recogniser
/// heard "used to being" for "used houdini" and "are tests" for "artists". Writing a term more often would not help;
/// giving it more contexts does. The contexts are fixed and general (articles, prepositions, verbs a candidate puts
/// before a term; conjunctions after it), so the boost does not depend on how large the rest of the corpus is, and a
/// coach's new term gets the same lift as the pack's first ones. Whole phrases stay whole: "keeper test" is written as
/// one n-gram in each context, so its inner bigram is as likely as its first word. Only each key phrase's main form is
/// given contexts: variants given the same lift competed with it ("stunning colleague so", "radical candour" heard for
/// "radical candor", which the value name "Candor" then missed).
/// </remarks>
public static class KeyTermContexts
{
    /// <summary>
    /// How many of <see cref="Contexts"/> a term is written in by default: all twelve. Chosen on the dev set and a probe of
    /// company terms spoken in sentences (README, "Company terms in context").
    /// </summary>
    public const int DefaultCount = 12;

    /// <summary>
    /// Words before and after a term, one sentence per pair ("about keeper test and"). The first pair is empty: the term
    /// alone. Twelve pairs give a term twelve distinct left contexts and twelve right ones.
    /// </summary>
    public static readonly IReadOnlyList<(string Before, string After)> Contexts =
    [
        ("", ""), ("the", "was"), ("about", "and"), ("with", "to"), ("i used", "for"), ("of", "in"),
        ("on", "so"), ("like", "that"), ("my", "is"), ("and", "it"), ("for", "but"), ("called", "we"),
    ];

    /// <summary>
    /// The terms of every company pack under <c>prompts/companies/</c>, as their patterns are written (stems included),
    /// in file and pack order. A pack the loader rejects gives none: its text still feeds the model through
    /// <see cref="DomainCorpus"/>, and <c>voicecoach prompts check</c> (and every command that grades) names its problem.
    /// </summary>
    public static IReadOnlyList<string> Terms(string promptsDirectory)
    {
        ArgumentNullException.ThrowIfNull(promptsDirectory);
        var folder = Path.Combine(promptsDirectory, "companies");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var terms = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            try
            {
                using var reader = new StreamReader(file);
                terms.AddRange(CompanyPackLoader.Load(reader, file).MainTerms);
            }
            catch (PromptFileException)
            {
                // Reported where packs are loaded for grading; the language model does without this pack's terms.
            }
        }

        return terms;
    }

    /// <summary>
    /// Every term in the first <paramref name="count"/> contexts of <see cref="Contexts"/>, as normalised words (a term that is only a stem, like
    /// "gpu*", gives nothing; the words around a stem are kept, as <see cref="DomainCorpus.Split"/> keeps them). Terms
    /// that normalise alike are written once.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> Sentences(IEnumerable<string> terms, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Contexts.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            foreach (var words in DomainCorpus.Split(term.Replace("&", " and ", StringComparison.Ordinal)))
            {
                if (!seen.Add(string.Join(' ', words)))
                {
                    continue;
                }

                foreach (var (before, after) in Contexts.Take(count))
                {
                    yield return [.. Words(before), .. words, .. Words(after)];
                }
            }
        }
    }

    /// <summary>
    /// The terms that are one word once normalised (value names such as "candor", one-word key phrases, role terms such
    /// as "eyeline"), the words <see cref="NGramModel.Boost"/> makes likelier: a value said alone ("Candor.") has no
    /// phrase around it to carry it, and loses to common words that sound alike ("can for").
    /// </summary>
    public static IReadOnlyList<string> BoostedWords(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.SelectMany(t => DomainCorpus.Split(t.Replace("&", " and ", StringComparison.Ordinal)))
            .Where(words => words.Count == 1)
            .Select(words => words[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
