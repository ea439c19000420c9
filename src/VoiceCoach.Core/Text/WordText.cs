using System.Text;

namespace VoiceCoach.Core.Text;

/// <summary>
/// Normalises words for matching: lower case, curly quotes straightened, punctuation stripped
/// (apostrophes inside words kept: "don't"), hyphens and slashes split words.
/// </summary>
public static class WordText
{
    /// <summary>Splits free text into normalised words.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var list = new List<string>();
        foreach (var raw in text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var part in Normalize(raw).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                list.Add(part);
            }
        }

        return list;
    }

    /// <summary>
    /// Normalises one recognised word; may return several words separated by spaces
    /// ("trade-off" → "trade off") or an empty string (pure punctuation).
    /// </summary>
    public static string Normalize(string word)
    {
        var sb = new StringBuilder(word.Length);
        foreach (var c0 in word)
        {
            var c = c0 switch
            {
                '\u2019' or '\u2018' or '`' => '\'',
                _ => c0,
            };
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (c == '\'')
            {
                sb.Append(c);
            }
            else if (c is '-' or '/' or '_' or '\u2013' or '\u2014')
            {
                sb.Append(' ');
            }
            else if (c is '%')
            {
                sb.Append(" percent");
            }
            else if (c is '*')
            {
                sb.Append('*');
            }
        }

        return sb.ToString().Trim('\'', ' ');
    }

    /// <summary>True when the raw token ends a sentence (., ! or ?), ignoring closing quotes.</summary>
    public static bool EndsSentence(string raw)
    {
        var t = raw.TrimEnd('"', '\'', ')', '\u201d', '\u2019');
        return t.EndsWith('.') || t.EndsWith('!') || t.EndsWith('?');
    }

    /// <summary>True when the raw token ends a clause (sentence end, ; or :).</summary>
    public static bool EndsClause(string raw)
    {
        var t = raw.TrimEnd('"', '\'', ')', '\u201d', '\u2019');
        return EndsSentence(raw) || t.EndsWith(';') || t.EndsWith(':');
    }
}
