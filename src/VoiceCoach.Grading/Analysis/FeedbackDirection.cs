using System.Globalization;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Text;

namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Which way the feedback goes. "Tell me about a time you had to give difficult feedback" answered with the feedback
/// the candidate received is the answer to the question's follow-up, not to the question: every word of it is about
/// feedback and candor, so the sentence encoder finds it on topic, and only the direction tells. The question's
/// direction is read from its text and talking points (its follow-ups often ask the other way), the answer's from
/// first-person phrases (rubric relevance.feedback_direction).
/// </summary>
internal sealed class FeedbackDirection
{
    private readonly FeedbackDirectionSettings _settings;

    public FeedbackDirection(FeedbackDirectionSettings settings) => _settings = settings;

    /// <summary>The way the question asks the feedback to go: given, received, or neither (not about feedback, or both ways).</summary>
    public Direction Asked(Question question)
    {
        var words = WordText.Words(string.Join(" . ", [question.Text, .. question.TalkingPoints]));
        if (!_settings.Topic.Any(t => t.OccursIn(words)))
        {
            return Direction.None;
        }

        var (given, received) = Count(words, _settings.AsksGiven, _settings.AsksReceived);
        return given > received ? Direction.Given : received > given ? Direction.Received : Direction.None;
    }

    /// <summary>How sure the answer tells feedback going the other way than asked (0 when it does not), and why.</summary>
    /// <param name="words">The answer's normalised words.</param>
    /// <param name="question">The question answered.</param>
    public (double Confidence, string Reason) Judge(IReadOnlyList<string> words, Question question)
    {
        var asked = Asked(question);
        if (asked == Direction.None)
        {
            return (0, string.Empty);
        }

        var (given, received) = Count(words, _settings.TellsGiven, _settings.TellsReceived);
        var (toldAsked, toldOther) = asked == Direction.Given ? (given, received) : (received, given);
        if (toldOther - toldAsked < _settings.Margin)
        {
            return (0, string.Empty);
        }

        var (askedName, otherName) = asked == Direction.Given ? ("gave", "received") : ("received", "gave");
        return (_settings.Confidence, string.Create(CultureInfo.InvariantCulture,
            $"the question asks about feedback you {askedName}; the answer tells feedback you {otherName} ({toldOther} phrases such as that against {toldAsked})"));
    }

    /// <summary>
    /// Occurrences of the given and the received phrases; words count once ("I got some feedback" is one received
    /// phrase, and a given phrase inside a received one, "gave me", counts only as received).
    /// </summary>
    private static (int Given, int Received) Count(IReadOnlyList<string> words, IReadOnlyList<Phrase> givenPhrases, IReadOnlyList<Phrase> receivedPhrases)
    {
        var covered = new HashSet<int>();
        var received = 0;
        foreach (var p in receivedPhrases)
        {
            foreach (var at in p.FindIn(words).Where(at => !Enumerable.Range(at, p.Length).Any(covered.Contains)))
            {
                received++;
                covered.UnionWith(Enumerable.Range(at, p.Length));
            }
        }

        var given = givenPhrases.Sum(p => p.FindIn(words).Count(at => !Enumerable.Range(at, p.Length).Any(covered.Contains)));
        return (given, received);
    }

    /// <summary>The way feedback goes.</summary>
    public enum Direction
    {
        None,
        Given,
        Received,
    }
}
