using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.LanguageModel;

/// <summary>
/// The domain language model's files: an ARPA trigram model built from prompts/ (see
/// <see cref="DomainCorpus"/>) and the pronunciations of its words the general dictionary lacks.
/// </summary>
/// <param name="ArpaPath">The ARPA model.</param>
/// <param name="Pronunciations">Words missing from the general dictionary, with their CMU phones.</param>
/// <param name="Hash">The content hash of the inputs (prompts, corpus, builder version), the cache key.</param>
public sealed record DomainModelFiles(string ArpaPath, IReadOnlyDictionary<string, string> Pronunciations, string Hash);

/// <summary>
/// Builds the domain language model on first use and caches it under
/// <c>{cacheDirectory}/domain-lm-{hash}/</c>, keyed by the content hash of everything it is built
/// from: a coach's edit to a company pack or a question bank gives a new hash and a new model on the
/// next run; an unchanged prompts/ reuses the cached one (a few milliseconds instead of a build).
/// </summary>
/// <remarks>
/// Safe across processes: a model is built in a temporary folder and renamed into place; when two
/// processes build the same hash at once, the second rename loses and its copy is deleted. Cached
/// folders of older hashes are left alone (a coach may switch prompts back and forth); each is well
/// under a megabyte.
/// </remarks>
public static class DomainLanguageModel
{
    /// <summary>The order of the model: trigrams.</summary>
    public const int Order = 3;

    private const string ArpaFile = "domain.lm";
    private const string DictionaryFile = "domain.dict";

    /// <summary>Returns the cached model for these prompts, building it first if needed.</summary>
    /// <param name="promptsDirectory">The prompts/ folder the text comes from.</param>
    /// <param name="cacheDirectory">Where models are kept, e.g. $VOICECOACH_HOME/cache.</param>
    /// <param name="dictionaryPath">The general pronunciation dictionary (cmudict); words it lacks get generated phones.</param>
    /// <param name="handWritten">Pronunciations that win over generated ones (e.g. <see cref="Sphinx.SphinxOptions.AddedWords"/>).</param>
    /// <param name="logger">Build and cache decisions at Information/Debug; null for none.</param>
    /// <param name="letterToSound">Pronounces words no rule covers; null for festival (<see cref="Pronouncer.FestivalLetterToSound"/>).</param>
    /// <param name="termContexts">
    /// How many of <see cref="KeyTermContexts.Contexts"/> each company term is written in, 0 to all of them (the default,
    /// <see cref="KeyTermContexts.DefaultCount"/>); 0 leaves the terms as the packs write them. Part of the cache key.
    /// </param>
    /// <param name="fillerSpacing">
    /// Words per filler in each sentence's filler copy (<see cref="CorpusFillers"/>), 0 for none, default
    /// <see cref="CorpusFillers.DefaultSpacing"/>. Part of the cache key.
    /// </param>
    /// <param name="termBoost">
    /// How many times as likely the company packs' one-word terms (value names, one-word key phrases and role terms:
    /// <see cref="KeyTermContexts.BoostedWords"/>) are made after every history (<see cref="NGramModel.Boost"/>); 1 for
    /// none. Part of the cache key.
    /// </param>
    /// <param name="text">
    /// Which eval transcripts, misconceptions and grading labels the text holds (<see cref="DomainTextOptions"/>); null for
    /// <see cref="DomainTextOptions.Default"/>. Part of the cache key.
    /// </param>
    /// <exception cref="TranscriptionException">The prompts cannot be read or the cache cannot be written; the message names the path.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="termContexts"/> is negative or more than there are contexts, or <paramref name="fillerSpacing"/> is
    /// negative or above <see cref="CorpusFillers.MaxSpacing"/>.
    /// </exception>
    public static DomainModelFiles Ensure(
        string promptsDirectory,
        string cacheDirectory,
        string dictionaryPath,
        IReadOnlyDictionary<string, string> handWritten,
        ILogger? logger = null,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>>? letterToSound = null,
        int termContexts = KeyTermContexts.DefaultCount,
        int fillerSpacing = CorpusFillers.DefaultSpacing,
        double termBoost = 1,
        DomainTextOptions? text = null)
    {
        text ??= DomainTextOptions.Default;
        ArgumentNullException.ThrowIfNull(handWritten);
        ArgumentOutOfRangeException.ThrowIfNegative(termContexts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(termContexts, KeyTermContexts.Contexts.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(fillerSpacing);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fillerSpacing, CorpusFillers.MaxSpacing);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(termBoost);
        logger ??= NullLogger.Instance;
        if (!Directory.Exists(promptsDirectory))
        {
            throw new TranscriptionException($"{promptsDirectory}: prompts folder not found; the domain language model is built from it (or turn the domain model off)");
        }

        var extra = new List<string> { Path.GetFullPath(dictionaryPath), File.Exists(dictionaryPath) ? new FileInfo(dictionaryPath).Length.ToString(CultureInfo.InvariantCulture) : "-" };
        extra.AddRange(handWritten.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + " " + kv.Value));
        extra.Add(string.Create(CultureInfo.InvariantCulture, $"term contexts {termContexts}"));
        extra.Add(string.Create(CultureInfo.InvariantCulture, $"filler spacing {fillerSpacing}"));
        extra.Add(text.CacheKey);
        if (termBoost != 1)
        {
            // Only when on, so the models cached before the boost existed keep their keys.
            extra.Add(string.Create(CultureInfo.InvariantCulture, $"term boost {termBoost}"));
        }
        var hash = DomainCorpus.Hash(promptsDirectory, extra);
        var folder = Path.Combine(cacheDirectory, "domain-lm-" + hash);
        if (File.Exists(Path.Combine(folder, ArpaFile)) && File.Exists(Path.Combine(folder, DictionaryFile)))
        {
            logger.LogDebug("Domain language model {Hash} from the cache {Folder}", hash, folder);
            return Read(folder, hash);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            var temp = Path.Combine(cacheDirectory, $".building-{hash}-{Environment.ProcessId}");
            Directory.CreateDirectory(temp);
            try
            {
                Build(promptsDirectory, temp, dictionaryPath, new Pronouncer(w => null, handWritten, letterToSound), (termContexts, fillerSpacing, termBoost, text), logger);
                try
                {
                    Directory.Move(temp, folder);
                }
                catch (IOException) when (Directory.Exists(folder))
                {
                    // Another process built the same model first; theirs is identical.
                }
            }
            finally
            {
                if (Directory.Exists(temp))
                {
                    Directory.Delete(temp, recursive: true);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TranscriptionException($"{cacheDirectory}: cannot write the domain language model there ({ex.Message}); make the folder writable or set VOICECOACH_HOME", ex);
        }

        logger.LogInformation("Built the domain language model {Hash} from {Prompts} in {Elapsed}", hash, promptsDirectory, Stopwatch.GetElapsedTime(started));
        return Read(folder, hash);
    }

    /// <summary>Builds the model from these sentences (normalised words) into an ARPA text.</summary>
    public static NGramModel Train(IEnumerable<IReadOnlyList<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var builder = new KneserNeyBuilder(Order);
        foreach (var sentence in sentences)
        {
            builder.Add(sentence);
        }

        return builder.Build();
    }

    /// <summary>Reads the first pronunciation of every word of a CMU-format dictionary ("word PH ONES", "word(2) ..." skipped).</summary>
    public static Dictionary<string, string> ReadDictionary(string path)
    {
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return words;
        }

        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line[space - 1] != ')')
            {
                words.TryAdd(line[..space], line[(space + 1)..].Trim());
            }
        }

        return words;
    }

    private static void Build(string promptsDirectory, string folder, string dictionaryPath, Pronouncer rules, (int TermContexts, int FillerSpacing, double TermBoost, DomainTextOptions Sources) text, ILogger logger)
    {
        // The terms' contexts are not given fillers: they are there to make the terms likely after any word, not to be said.
        var terms = KeyTermContexts.Terms(promptsDirectory);
        var model = Train(CorpusFillers.Apply(DomainCorpus.Sentences(promptsDirectory, text.Sources), text.FillerSpacing)
            .Concat(KeyTermContexts.Sentences(terms, text.TermContexts)))
            .Boost(KeyTermContexts.BoostedWords(terms), text.TermBoost);
        using (var writer = new StreamWriter(Path.Combine(folder, ArpaFile), append: false, new UTF8Encoding(false)))
        {
            model.WriteArpa(writer);
        }

        var dictionary = ReadDictionary(dictionaryPath);
        var pronouncer = rules.WithDictionary(w => dictionary.GetValueOrDefault(w));
        var missing = pronouncer.PronounceMissing(model.Vocabulary);
        using (var writer = new StreamWriter(Path.Combine(folder, DictionaryFile), append: false, new UTF8Encoding(false)))
        {
            foreach (var (word, phones) in missing)
            {
                writer.WriteLine($"{word} {phones}");
            }
        }

        logger.LogDebug(
            "Domain language model: {Unigrams} words, {Bigrams} bigrams, {Trigrams} trigrams; generated pronunciations: {Generated}",
            model.Count(1),
            model.Count(2),
            model.Count(3),
            string.Join(", ", pronouncer.Methods.Select(kv => $"{kv.Key} ({kv.Value})")));
    }

    private static DomainModelFiles Read(string folder, string hash) =>
        new(Path.Combine(folder, ArpaFile), ReadDictionary(Path.Combine(folder, DictionaryFile)), hash);
}
