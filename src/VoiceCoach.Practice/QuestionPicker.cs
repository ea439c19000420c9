using VoiceCoach.Core.Questions;

namespace VoiceCoach.Practice;

/// <summary>What questions a practice session should ask.</summary>
public sealed record QuestionRequest
{
    /// <summary>Round to draw from. Default recruiter.</summary>
    public string Round { get; init; } = Rounds.Recruiter;

    /// <summary>How many questions. Default 5.</summary>
    public int Count { get; init; } = 5;

    /// <summary>Explicit question ids, asked in this order (round and count are then ignored).</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>Company pack id: questions of another company are left out.</summary>
    public string Company { get; init; } = "netflix";

    /// <summary>Question ids asked in recent sessions, most recent first; they are not repeated while others remain.</summary>
    public IReadOnlyList<string> Recent { get; init; } = [];

    /// <summary>Ask recently used questions again as readily as new ones.</summary>
    public bool AllowRepeats { get; init; }
}

/// <summary>The questions picked, and a note for the user when the request could not be met as asked.</summary>
public sealed record QuestionPick(IReadOnlyList<Question> Questions, string? Note);

/// <summary>A question id that is not in the banks, or a round with no questions.</summary>
public sealed class QuestionPickException(string message) : Exception(message);

/// <summary>
/// Picks the questions of a practice session from the banks: explicit ids in order, or a shuffled draw from a
/// round that avoids questions of recent sessions while fresh ones remain (then the longest-unused come back).
/// Deterministic for a given <see cref="Random"/>.
/// </summary>
public static class QuestionPicker
{
    /// <exception cref="QuestionPickException">An unknown id, or nothing to ask in the round.</exception>
    public static QuestionPick Pick(QuestionCatalog catalog, QuestionRequest request, Random random)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(random);
        if (request.Ids.Count > 0)
        {
            var list = new List<Question>();
            foreach (var id in request.Ids)
            {
                var q = catalog.Find(id) ?? throw new QuestionPickException($"--questions: no question '{id}' in the banks; `voicecoach questions list` shows the ids");
                list.Add(q);
            }

            return new QuestionPick(list, null);
        }

        if (request.Count <= 0)
        {
            throw new QuestionPickException($"--count {request.Count}: ask for at least one question");
        }

        var pool = catalog.InRound(request.Round)
            .Where(q => q.Company.Length == 0 || string.Equals(q.Company, request.Company, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (pool.Count == 0)
        {
            var rounds = catalog.All.Select(q => q.Round).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
            throw new QuestionPickException($"--round {request.Round}: no {request.Company} questions in that round; rounds with questions: {string.Join(", ", rounds)}");
        }

        Shuffle(pool, random);
        string? note = null;
        if (!request.AllowRepeats)
        {
            // Fresh questions first (in shuffled order), then recent ones, least recently asked first.
            var recency = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < request.Recent.Count; i++)
            {
                recency.TryAdd(request.Recent[i], i);
            }

            pool = pool.OrderBy(q => recency.TryGetValue(q.Id, out var r) ? request.Recent.Count - r : 0).ToList();
            var fresh = pool.Count(q => !recency.ContainsKey(q.Id));
            if (fresh < Math.Min(request.Count, pool.Count))
            {
                note = $"Only {fresh} {request.Round} question{(fresh == 1 ? string.Empty : "s")} not asked in recent sessions; repeating the longest-unused ones.";
            }
        }

        if (pool.Count < request.Count)
        {
            note = (note is null ? string.Empty : note + " ") + $"The {request.Round} round has {pool.Count} question{(pool.Count == 1 ? string.Empty : "s")}; asking all of them.";
        }

        return new QuestionPick(pool.Take(request.Count).ToList(), note);
    }

    /// <summary>Ids from a --questions value: comma- or space-separated ids, or lines of a file (# starts a comment).</summary>
    public static IReadOnlyList<string> ParseIds(string text) =>
        text.Split('\n')
            .Select(line => line.Split('#')[0])
            .SelectMany(line => line.Split([',', ' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(id => id.TrimStart('-').Trim())
            .Where(id => id.Length > 0)
            .ToList();

    private static void Shuffle(List<Question> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
