using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Grading.Semantics;

/// <summary>
/// What the grader's semantic layer needs, made once per process: the sentence encoder, the trained STAR
/// classifier, the question banks (an answer is judged against its bank's other questions) and a cache of the
/// vectors of those reference texts (questions, talking points, value descriptions).
/// </summary>
/// <remarks>
/// Ownership: does not own the encoder (its creator disposes it). Threading: safe to share; the cache fills under
/// concurrent use (a text encoded twice by a race gets the same vector).
/// </remarks>
public sealed class SemanticModel
{
    /// <summary>The classifier's file, relative to the prompts folder.</summary>
    public static readonly string ClassifierFile = Path.Combine("classifier", "star-classifier.json");

    /// <summary>The labelled sentences the classifier is trained on, relative to the prompts folder.</summary>
    public static readonly string TrainingFile = Path.Combine("classifier", "star-sentences.txt");

    /// <summary>The red-flag stance classifier's file, relative to the prompts folder.</summary>
    public static readonly string RedFlagClassifierFile = Path.Combine("classifier", "red-flag-classifier.json");

    /// <summary>The sentences the red-flag stance classifier is trained on, relative to the prompts folder.</summary>
    public static readonly string RedFlagTrainingFile = Path.Combine("classifier", "red-flag-sentences.txt");

    /// <summary>
    /// The sentences of the labelled set's answers that carry a red flag (or, on the same topics, none), each ending in
    /// "@answer-id"; the red-flag stance classifier is trained on them too. Relative to the prompts folder.
    /// </summary>
    public static readonly string RedFlagAnswerSentencesFile = Path.Combine("classifier", "red-flag-answer-sentences.txt");

    private readonly CachingSentenceEncoder _references;

    public SemanticModel(ISentenceEncoder encoder, StarClassifier classifier, QuestionCatalog questions, RedFlagClassifier? redFlags = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(questions);
        Encoder = encoder;
        Classifier = classifier;
        Questions = questions;
        RedFlags = redFlags;
        _references = new CachingSentenceEncoder(encoder);
    }

    public ISentenceEncoder Encoder { get; }

    public StarClassifier Classifier { get; }

    public QuestionCatalog Questions { get; }

    /// <summary>The red-flag stance classifier, or null when the prompts folder has none (red flags are then heard by their phrases only).</summary>
    public RedFlagClassifier? RedFlags { get; }

    /// <summary>The model for a prompts library: its question banks and its classifier file.</summary>
    /// <exception cref="PromptFileException">classifier/star-classifier.json is missing or broken, or classifier/red-flag-classifier.json is broken.</exception>
    public static SemanticModel Load(PromptLibrary library, ISentenceEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(library);
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(library.Directory)));
        var star = StarClassifier.Load(Path.Combine(library.Directory, ClassifierFile), Path.Combine(folder, ClassifierFile), encoder);
        var redFlagPath = Path.Combine(library.Directory, RedFlagClassifierFile);
        var redFlags = File.Exists(redFlagPath) ? RedFlagClassifier.Load(redFlagPath, Path.Combine(folder, RedFlagClassifierFile), encoder) : null;
        return new SemanticModel(encoder, star, library.Questions, redFlags);
    }

    /// <summary>Vectors of reference texts, from the cache or encoded now (in one call for all the missing ones).</summary>
    public IReadOnlyList<float[]> References(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        _references.Encode(texts, cancellationToken);

    /// <summary>
    /// Encodes the reference texts an answer to these questions will be compared with (the questions, their banks,
    /// the company's values), so the first graded answer does not pay for them. Call at session start.
    /// </summary>
    public void WarmUp(CompanyPack company, IEnumerable<Question> questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(company);
        ArgumentNullException.ThrowIfNull(questions);
        var texts = new List<string>();
        foreach (var q in questions)
        {
            texts.AddRange(QuestionTexts(q));
            texts.AddRange(Neighbours(q).Select(n => n.Text));
            texts.AddRange(SameKind(q).Select(n => n.Text));
        }

        texts.AddRange(company.Values.SelectMany(ValueTexts));
        References(texts, cancellationToken);
    }

    /// <summary>The texts that say what a question asks for: the question and its talking points.</summary>
    internal static IEnumerable<string> OwnTexts(Question q) => [q.Text, .. q.TalkingPoints];

    /// <summary>The texts an answer is compared with for one question: its own, and its known-wrong statements.</summary>
    private static IEnumerable<string> QuestionTexts(Question q) => [.. OwnTexts(q), .. q.Misconceptions];

    /// <summary>The other questions an answer is compared with: the question's bank, or its round's for a question typed into a manifest.</summary>
    internal IReadOnlyList<Question> Neighbours(Question q)
    {
        var bank = Questions.All.Where(o => o.Bank == q.Bank && o.Id != q.Id && o.Text != q.Text).ToList();
        return bank.Count >= 5
            ? bank
            : Questions.All.Where(o => o.Id != q.Id && o.Text != q.Text && string.Equals(o.Round, q.Round, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The company's other questions of the same kind, in every bank: the ones whose answer a story for this one could be.</summary>
    internal IReadOnlyList<Question> SameKind(Question q) =>
        Questions.All.Where(o => o.Kind == q.Kind && o.Id != q.Id && o.Text != q.Text
            && string.Equals(o.Company, q.Company, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The texts that say what a value is: its description, and its name with its evidence phrases.</summary>
    internal static IEnumerable<string> ValueTexts(CompanyValue v) =>
        [$"{v.Name}: {v.Description}", $"{v.Name}: {string.Join(", ", v.Evidence.Select(e => e.Pattern.Replace("*", string.Empty, StringComparison.Ordinal)))}"];
}
