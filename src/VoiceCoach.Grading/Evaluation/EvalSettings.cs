using System.Globalization;
using System.Text.RegularExpressions;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Grading.Evaluation;

/// <summary>One bound of the gate and where a grader stands against it.</summary>
/// <param name="Name">What is measured ("within one step").</param>
/// <param name="Actual">The grader's figure, formatted ("49 % (30/61)").</param>
/// <param name="Bound">The bound, formatted ("≥ 90 %").</param>
/// <param name="Passed">True when the figure is on the right side of the bound.</param>
public sealed record GateCheck(string Name, string Actual, string Bound, bool Passed);

/// <summary>
/// The CI gate on the labelled set (eval.yaml's <c>gate:</c>): the bounds a grader must meet on the
/// split it names.
/// </summary>
/// <param name="Split">The split CI checks (the folder name beside eval.yaml, "test").</param>
/// <param name="WithinOneMin">Least share of answers within one grade step of the coach's grade (0–1).</param>
/// <param name="SpearmanMin">Least Spearman rank correlation with the coach's grades (−1–1).</param>
/// <param name="CleanCriticalMissesMax">Most answers labelled clean that may get a critical miss.</param>
public sealed record EvalGate(string Split, double WithinOneMin, double SpearmanMin, int CleanCriticalMissesMax)
{
    /// <summary>Each bound with the grader's figure beside it, in eval.yaml's order.</summary>
    public IReadOnlyList<GateCheck> Evaluate(EvalMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var spearman = metrics.Spearman;
        return
        [
            new GateCheck(
                "within one step",
                Inv($"{metrics.WithinOneShare * 100:0.#} % ({metrics.WithinOne}/{metrics.Count})"),
                Inv($">= {WithinOneMin * 100:0.#} %"),
                metrics.WithinOneShare >= WithinOneMin),
            new GateCheck(
                "Spearman",
                spearman is { } s ? Inv($"{s:0.00}") : "undefined (one grade throughout)",
                Inv($">= {SpearmanMin:0.00}"),
                spearman >= SpearmanMin),
            new GateCheck(
                "clean answers with a critical miss",
                Inv($"{metrics.CleanCriticalMisses.Count} of {metrics.CleanCount}"),
                Inv($"<= {CleanCriticalMissesMax}"),
                metrics.CleanCriticalMisses.Count <= CleanCriticalMissesMax),
        ];
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// prompts/eval/eval.yaml: the gate's bounds (issue 12's target), the floor CI holds on the way there (the figures
/// the grader has reached, so a change that makes it worse fails the build), and the flag names a label may use.
/// Immutable.
/// </summary>
public sealed partial record EvalSettings(EvalGate Gate, EvalGate Floor, IReadOnlyList<string> Flags)
{
    /// <summary>The file's name, beside the labelled set's split folders.</summary>
    public const string FileName = "eval.yaml";

    /// <summary>Parses eval.yaml.</summary>
    /// <exception cref="PromptFileException">Broken YAML, a missing or out-of-range bound, or a bad flag list; the message names the file, line and field.</exception>
    public static EvalSettings Load(TextReader reader, string file)
    {
        var root = YamlNode.Parse(reader, file);
        var gate = ReadBounds(root, "gate", split: null);
        var floor = ReadBounds(root, "floor", gate.Split);
        CheckFloorBelowGate(root["floor"], floor, gate);

        var flagsNode = root["flags"];
        var flags = flagsNode.StringList();
        if (flags.Count == 0)
        {
            throw flagsNode.Error("no flags; list the flag names a label may use (no_example, incomplete, ...)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            if (!FlagName().IsMatch(flag))
            {
                throw flagsNode.Error($"'{flag}' is not a flag name; flags are lower case with underscores, as in session.json (no_example)");
            }

            if (!seen.Add(flag))
            {
                throw flagsNode.Error($"'{flag}' is listed twice");
            }
        }

        return new EvalSettings(gate, floor, flags);
    }

    /// <summary>Checks that every expected flag in a labelled set is one of <see cref="Flags"/>.</summary>
    /// <exception cref="PromptFileException">An unknown flag; the message names the manifest's line.</exception>
    public void CheckLabels(GradeManifest manifest, string file)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        foreach (var a in manifest.Answers)
        {
            foreach (var flag in a.ExpectedFlags ?? [])
            {
                if (!Flags.Contains(flag, StringComparer.Ordinal))
                {
                    throw new PromptFileException(file, a.Line, "expected_flags",
                        $"'{flag}' is not a flag {FileName} knows; use one of {string.Join(", ", Flags)}");
                }
            }
        }
    }

    /// <summary>A gate-shaped section: gate: names its split; floor: is checked on the gate's split.</summary>
    private static EvalGate ReadBounds(YamlNode root, string section, string? split)
    {
        var node = root[section];
        if (!node.Exists)
        {
            throw root.Error($"{section}: is missing; it holds {(split is null ? "split, " : string.Empty)}within_one_min, spearman_min and clean_critical_misses_max");
        }

        var within = Bounded(node["within_one_min"], 0, 1, "a share from 0 to 1 (0.9 is 90 %)");
        var spearman = Bounded(node["spearman_min"], -1, 1, "a correlation from -1 to 1");
        var misses = node["clean_critical_misses_max"].RequiredInt();
        if (misses < 0)
        {
            throw node["clean_critical_misses_max"].Error($"{misses} is negative; it is a count of answers (0 allows none)");
        }

        return new EvalGate(split ?? node["split"].RequiredString(), within, spearman, misses);
    }

    /// <summary>A floor above the gate would fail a grader that meets the gate: the floor is where CI stands on the way up.</summary>
    private static void CheckFloorBelowGate(YamlNode floorNode, EvalGate floor, EvalGate gate)
    {
        // A minimum may not sit above the gate's, nor a maximum below it.
        (string Key, bool Stricter, string Says)[] bounds =
        [
            ("within_one_min", floor.WithinOneMin > gate.WithinOneMin, string.Create(CultureInfo.InvariantCulture, $"{floor.WithinOneMin} is above the gate's {gate.WithinOneMin}")),
            ("spearman_min", floor.SpearmanMin > gate.SpearmanMin, string.Create(CultureInfo.InvariantCulture, $"{floor.SpearmanMin} is above the gate's {gate.SpearmanMin}")),
            ("clean_critical_misses_max", floor.CleanCriticalMissesMax < gate.CleanCriticalMissesMax, string.Create(CultureInfo.InvariantCulture, $"{floor.CleanCriticalMissesMax} is stricter than the gate's {gate.CleanCriticalMissesMax}")),
        ];
        foreach (var (key, stricter, says) in bounds)
        {
            if (stricter)
            {
                throw floorNode[key].Error($"{says}; a floor is at most the gate");
            }
        }
    }

    private static double Bounded(YamlNode node, double min, double max, string what)
    {
        var v = node.RequiredDouble();
        if (v < min || v > max)
        {
            throw node.Error(string.Create(CultureInfo.InvariantCulture, $"{v} is out of range; expected {what}"));
        }

        return v;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FlagName();
}
