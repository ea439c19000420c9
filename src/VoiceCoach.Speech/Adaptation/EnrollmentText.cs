using System.Text;

namespace VoiceCoach.Speech.Adaptation;

/// <summary>
/// Turns enrollment sentences into the words SphinxTrain aligns (lower case, no punctuation, hyphens split).
/// </summary>
internal static class EnrollmentText
{
    /// <summary>The sentence's words, in order.</summary>
    /// <exception cref="VoiceAdaptationException">The sentence has a digit (say numbers in words) or no words.</exception>
    public static IReadOnlyList<string> Words(string sentence, int number)
    {
        var text = new StringBuilder(sentence.Length);
        foreach (var c in sentence)
        {
            if (char.IsDigit(c))
            {
                throw new VoiceAdaptationException($"enrollment sentence {number} (\"{sentence}\"): write numbers in words, as they are read aloud");
            }

            text.Append(char.IsLetter(c) || c == '\'' ? char.ToLowerInvariant(c) : ' ');
        }

        var words = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('\'')).Where(w => w.Length > 0).ToList();
        return words.Count > 0 ? words : throw new VoiceAdaptationException($"enrollment sentence {number} (\"{sentence}\") has no words");
    }
}
