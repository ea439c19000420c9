using System.Globalization;
using System.Text.RegularExpressions;

namespace VoiceCoach.Speech.Sphinx;

/// <summary>
/// CPU seconds PocketSphinx spent in each pass of its n-gram search, read from its own log (the decoder times each pass
/// and logs it per utterance; nothing in its C API returns it): the first pass (fwdtree, the lexicon-tree search that
/// also scores the acoustics), the second (fwdflat, the flat-lexicon re-decode) and the lattice pass (building the word
/// lattice, the best path through it and the word posteriors the confidences come from).
/// </summary>
/// <param name="FirstPass">fwdtree CPU seconds.</param>
/// <param name="SecondPass">fwdflat CPU seconds.</param>
/// <param name="Lattice">bestpath CPU seconds (lattice, best path and posteriors).</param>
public sealed partial record SphinxPassTimes(double FirstPass, double SecondPass, double Lattice)
{
    /// <summary>The three passes together.</summary>
    public double Total => FirstPass + SecondPass + Lattice;

    /// <summary>
    /// Sums the per-utterance pass times in <paramref name="log"/> (a PocketSphinx log, e.g. the part of
    /// <see cref="SphinxOptions.LogFile"/> written while one clip was decoded); the "TOTAL" lines it writes when the
    /// decoder is freed are not counted again. Null when the log times no pass (logging off, or another search).
    /// </summary>
    public static SphinxPassTimes? Parse(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        double first = 0, second = 0, lattice = 0;
        var found = false;
        foreach (Match match in PassLine().Matches(log))
        {
            found = true;
            var seconds = double.Parse(match.Groups["cpu"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (match.Groups["pass"].Value)
            {
                case "fwdtree":
                    first += seconds;
                    break;
                case "fwdflat":
                    second += seconds;
                    break;
                default:
                    lattice += seconds;
                    break;
            }
        }

        return found ? new SphinxPassTimes(first, second, lattice) : null;
    }

    // "INFO: ngram_search_fwdtree.c(1562): fwdtree 15.21 CPU 0.254 xRT"; not "...: TOTAL fwdtree 15.21 CPU ...".
    [GeneratedRegex(@"^INFO: [^:\s]+\(\d+\): (?<pass>fwdtree|fwdflat|bestpath) (?<cpu>[0-9]+(?:\.[0-9]+)?) CPU ", RegexOptions.Multiline)]
    private static partial Regex PassLine();
}
