namespace VoiceCoach.Core.Questions;

/// <summary>All questions from all banks, by id. Immutable.</summary>
public sealed class QuestionCatalog
{
    private readonly Dictionary<string, Question> _byId;

    public QuestionCatalog(IEnumerable<Question> questions)
    {
        All = questions.ToList();
        _byId = new Dictionary<string, Question>(StringComparer.OrdinalIgnoreCase);
        foreach (var q in All)
        {
            if (!_byId.TryAdd(q.Id, q))
            {
                throw new ArgumentException($"question id '{q.Id}' appears twice (banks '{_byId[q.Id].Bank}' and '{q.Bank}'); ids must be unique", nameof(questions));
            }
        }
    }

    public IReadOnlyList<Question> All { get; }

    public Question? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A bank question whose text matches (ignoring case, spacing and punctuation), or null.</summary>
    public Question? FindByText(string text)
    {
        var key = Normalize(text);
        return All.FirstOrDefault(q => Normalize(q.Text) == key);
    }

    public IEnumerable<Question> InRound(string round) =>
        All.Where(q => string.Equals(q.Round, round, StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string s) =>
        new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
