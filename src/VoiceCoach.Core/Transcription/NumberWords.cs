using System.Globalization;
using System.Text;

namespace VoiceCoach.Core.Transcription;

/// <summary>
/// Spells numbers the way a reader says them, for comparing transcripts that write "1455" with
/// references that write "fourteen fifty five". American style: no "and" after "hundred".
/// </summary>
internal static class NumberWords
{
    private static readonly string[] Ones =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly (long Value, string Name)[] Scales =
    [
        (1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"),
    ];

    /// <summary>"1234567" → "one million two hundred thirty four thousand five hundred sixty seven".</summary>
    public static string Cardinal(long n)
    {
        if (n < 0)
        {
            return "minus " + Cardinal(-n);
        }

        if (n < 20)
        {
            return Ones[n];
        }

        if (n < 100)
        {
            return n % 10 == 0 ? Tens[n / 10] : $"{Tens[n / 10]} {Ones[n % 10]}";
        }

        if (n < 1000)
        {
            return n % 100 == 0 ? $"{Ones[n / 100]} hundred" : $"{Ones[n / 100]} hundred {Cardinal(n % 100)}";
        }

        foreach (var (value, name) in Scales)
        {
            if (n >= value)
            {
                var head = $"{Cardinal(n / value)} {name}";
                return n % value == 0 ? head : $"{head} {Cardinal(n % value)}";
            }
        }

        throw new ArgumentOutOfRangeException(nameof(n), n, "too large to spell");
    }

    /// <summary>
    /// Years as said: 1100–1999 and 2010–2099 in pairs ("1455" → "fourteen fifty five", "1900" →
    /// "nineteen hundred", "1905" → "nineteen oh five", "2024" → "twenty twenty four"); anything
    /// else as a cardinal ("2005" → "two thousand five").
    /// </summary>
    public static string Year(int n)
    {
        if (n is < 1100 or > 2099 or (>= 2000 and < 2010))
        {
            return Cardinal(n);
        }

        var (century, rest) = (n / 100, n % 100);
        return rest switch
        {
            0 => $"{Cardinal(century)} hundred",
            < 10 => $"{Cardinal(century)} oh {Ones[rest]}",
            _ => $"{Cardinal(century)} {Cardinal(rest)}",
        };
    }

    /// <summary>"21" → "twenty first".</summary>
    public static string Ordinal(long n)
    {
        var words = Cardinal(n);
        var cut = words.LastIndexOf(' ') + 1;
        var last = words[cut..];
        var ordinal = last switch
        {
            "one" => "first",
            "two" => "second",
            "three" => "third",
            "five" => "fifth",
            "eight" => "eighth",
            "nine" => "ninth",
            "twelve" => "twelfth",
            _ when last.EndsWith('y') => last[..^1] + "ieth",
            _ => last + "th",
        };
        return words[..cut] + ordinal;
    }

    /// <summary>
    /// Spells a run of digits as found in text: "5,000" → cardinal, a four-digit integer → <see cref="Year"/>,
    /// "3.25" → "three point two five", with an optional ordinal suffix ("1st", "22nd").
    /// </summary>
    public static string Spell(string digits, string suffix)
    {
        var ordinal = suffix is "st" or "nd" or "rd" or "th";
        var parts = digits.Split('.', 2);
        var whole = parts[0].Replace(",", string.Empty, StringComparison.Ordinal);
        if (whole.Length > 15)
        {
            // Not a quantity (an id or a phone number): read digit by digit.
            return string.Join(' ', whole.Select(c => Ones[c - '0']));
        }

        var value = whole.Length == 0 ? 0 : long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        if (ordinal && parts.Length == 1)
        {
            return Ordinal(value);
        }

        text.Append(whole.Length == 4 && !parts[0].Contains(',', StringComparison.Ordinal) && parts.Length == 1
            ? Year((int)value)
            : Cardinal(value));
        if (parts.Length == 2 && parts[1].Length > 0)
        {
            text.Append(" point");
            foreach (var c in parts[1])
            {
                text.Append(' ').Append(Ones[c - '0']);
            }
        }

        return text.ToString();
    }
}
