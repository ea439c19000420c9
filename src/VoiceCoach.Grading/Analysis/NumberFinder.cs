namespace VoiceCoach.Grading.Analysis;

/// <summary>
/// Quantities said in an answer ("50 percent", "two weeks", "three reorganizations"). Names that contain a digit
/// are not quantities: "S3", "EC2", "L5" typed, or a recogniser's "s three", "e c two" (a number word right after
/// a lone letter), and neither is a number that says which one ("version two", "phase 1").
/// </summary>
internal static class NumberFinder
{
    /// <summary>Each quantity: the indexes of its first and last words and its text; a run of number words counts once.</summary>
    public static List<Quantity> Find(IReadOnlyList<string> words)
    {
        var list = new List<Quantity>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!IsNumber(word) || IsNamePart(words, i))
            {
                continue;
            }

            if (list.Count > 0 && list[^1].Last == i - 1)
            {
                list[^1] = list[^1] with { Last = i, Text = list[^1].Text + " " + word };
                continue;
            }

            list.Add(new Quantity(i, i, word));
        }

        return list;
    }

    private static bool IsNumber(string word) =>
        word.Length > 0 && (char.IsDigit(word[0]) || English.NumberWords.Contains(word));

    /// <summary>
    /// "s3", "ec2" as typed; "s three", "c two" as recognised (a lone letter other than "a" or "i" before it); "version
    /// two", "phase 1" (a number that names which one, <see cref="English.NamesByNumber"/>).
    /// </summary>
    private static bool IsNamePart(IReadOnlyList<string> words, int i)
    {
        if (i > 0 && English.NamesByNumber.Contains(words[i - 1]))
        {
            return true;
        }

        var word = words[i];
        if (char.IsDigit(word[0]))
        {
            return false;
        }

        return i > 0 && words[i - 1].Length == 1 && char.IsLetter(words[i - 1][0]) && words[i - 1] is not ("a" or "i");
    }
}

/// <summary>A quantity said in an answer: the indexes of its first and last words, and its words.</summary>
internal sealed record Quantity(int First, int Last, string Text);
