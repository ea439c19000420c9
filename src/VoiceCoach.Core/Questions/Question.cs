using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Questions;

/// <summary>Interview rounds a question belongs to.</summary>
public static class Rounds
{
    public const string Recruiter = "recruiter";
    public const string Behavioral = "behavioral";
    public const string Technical = "technical";
    public const string SystemDesign = "system-design";
    public const string Coding = "coding";

    public static readonly IReadOnlyList<string> All = [Recruiter, Behavioral, Technical, SystemDesign, Coding];
}

/// <summary>What kind of answer a question calls for; the rubric weighs criteria per kind.</summary>
public static class QuestionKinds
{
    public const string Story = "story";
    public const string Motivation = "motivation";
    public const string Concept = "concept";
    public const string Logistics = "logistics";
    public const string Design = "design";

    public static readonly IReadOnlyList<string> All = [Story, Motivation, Concept, Logistics, Design];
}

/// <summary>One interview question from a bank under prompts/questions/.</summary>
public sealed record Question
{
    public required string Id { get; init; }

    public required string Text { get; init; }

    public string Round { get; init; } = Rounds.Recruiter;

    public string Kind { get; init; } = QuestionKinds.Story;

    public string Difficulty { get; init; } = "medium";

    public string Company { get; init; } = string.Empty;

    public string Bank { get; init; } = string.Empty;

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Ids of the company principles/values this question probes.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Target length override in seconds; null means the rubric's default for the kind.</summary>
    public (double Min, double Max)? TargetSeconds { get; init; }

    public IReadOnlyList<string> TalkingPoints { get; init; } = [];

    public string? Outline { get; init; }

    public IReadOnlyList<string> FollowUps { get; init; } = [];

    /// <summary>
    /// Known-wrong statements of the question's core idea ("drop the position feature and the labels are unbiased"): a
    /// fluent answer close to one of them is wrong about the idea, however on topic its words.
    /// </summary>
    public IReadOnlyList<string> Misconceptions { get; init; } = [];

    /// <summary>
    /// What the question asks for that its sibling questions do not (a product manager, a launch, "not ready", a
    /// deadline): a story that touches none of them while a sibling question sits closer tells the sibling's story
    /// (rubric relevance.asked_for). Empty: the check is off for this question.
    /// </summary>
    public IReadOnlyList<AskedElement> AsksFor { get; init; } = [];

    /// <summary>Claims that state the question's idea backwards, found by their words and their order (bank <c>wrong_claims:</c>).</summary>
    public IReadOnlyList<WrongClaim> WrongClaims { get; init; } = [];

    /// <summary>Red-flag ids not to apply to this question (e.g. recommendation talk on a recommender design question).</summary>
    public IReadOnlyList<string> IgnoreRedFlags { get; init; } = [];

    /// <summary>A question typed into a manifest that is not in any bank: kind guessed from its wording.</summary>
    public static Question AdHoc(string text, string company)
    {
        var lower = text.ToLowerInvariant();
        string kind;
        if (ContainsAny(lower, "tell me about a time", "give me an example", "describe a time", "walk me through the biggest", "a time you", "a time when", "an example of"))
        {
            kind = QuestionKinds.Story;
        }
        else if (ContainsAny(lower, "design a", "design the", "write a function", "write an algorithm"))
        {
            kind = QuestionKinds.Design;
        }
        else if (ContainsAny(lower, "why ", "what excites", "excite you", "how do you feel", "what motivates", "looking to move"))
        {
            kind = QuestionKinds.Motivation;
        }
        else if (ContainsAny(lower, "timeline", "location", "relocat", "availability", "start date", "notice period"))
        {
            kind = QuestionKinds.Logistics;
        }
        else if (ContainsAny(lower, "explain", "what is", "what are", "how would you", "how do you", "what do you understand", "what does"))
        {
            kind = QuestionKinds.Concept;
        }
        else
        {
            kind = QuestionKinds.Story;
        }

        return new Question { Id = "adhoc", Text = text, Kind = kind, Company = company, Bank = "manifest" };
    }

    private static bool ContainsAny(string s, params string[] needles) =>
        needles.Any(n => s.Contains(n, StringComparison.Ordinal));
}

/// <summary>One thing a question asks for (bank field <c>asks_for</c>): a name for the report and the phrases that touch it.</summary>
/// <param name="Name">What the report calls it ("the product manager's push").</param>
/// <param name="Phrases">Words an answer that touches it would use, synonyms included.</param>
/// <param name="Required">
/// The element the question is about (bank <c>required: true</c>): an answer that misses it answers another question
/// however many of the others it touches ("the other person" of a disagreement is in a mentoring story too). Default false.
/// </param>
public sealed record AskedElement(string Name, IReadOnlyList<Phrase> Phrases, bool Required = false);
