using System.Globalization;
using Spectre.Console;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading.Evaluation;

namespace VoiceCoach.Cli.Commands;

/// <summary>A labelled answer graded by the rubric and, when an LLM is configured, by rubric + LLM.</summary>
internal sealed record EvalRow(EvalCase Rubric, EvalCase? Llm, LlmReview? Review);

/// <summary>
/// Prints what `voicecoach prompts eval` measured: the answers one per row, then for each grader the
/// agreement figures, per-flag precision and recall, clean answers given a critical miss, a confusion
/// table, the worst disagreements with the coach's note, and where the rubric stands against the gate.
/// </summary>
internal static class EvalPrinter
{
    private const string None = "–";

    public static void Print(IAnsiConsole console, EvalRun run)
    {
        Answers(console, run);
        var rubric = EvalMetrics.Compute(run.Rows.Select(r => r.Rubric).ToList(), run.Scale, run.FlagOrder);
        Summary(console, "rubric only", rubric, run.Worst, flags: true);
        Gate(console, run, rubric);
        if (run.LlmModel is null)
        {
            console.MarkupLine("rubric + LLM: not run (no LLM configured; add --llm URL to compare)");
            return;
        }

        var llm = EvalMetrics.Compute(run.Rows.Select(r => r.Llm!).ToList(), run.Scale, run.FlagOrder);
        Summary(console, $"rubric + LLM ({run.LlmModel})", llm, run.Worst, flags: false);
        var down = run.Rows.Count(r => r.Review is { Status: LlmReview.Fallback });
        if (down > 0)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[yellow]The LLM was unavailable for {down} of {run.Rows.Count} answers; those rows show the rubric's grade.[/]"));
        }
    }

    /// <summary>"B+ (=)" exact, "B (-1)" one step under, "A (+2)" two over.</summary>
    internal static string Mark(int steps, string got) =>
        steps == 0 ? $"{got} (=)" : string.Create(CultureInfo.InvariantCulture, $"{got} ({steps:+0;-0})");

    /// <summary>"rubric only: exact 5/9 (56 %), within one step 8/9 (89 %), mean distance 0.7 steps, Spearman 0.81".</summary>
    internal static string Agreement(string label, EvalMetrics m) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{label}: exact {m.Exact}/{m.Count} ({100.0 * m.ExactShare:0} %), within one step {m.WithinOne}/{m.Count} ({100.0 * m.WithinOneShare:0} %), mean distance {m.MeanDistance:0.0} steps, Spearman {Spearman(m.Spearman)}");

    /// <summary>The grader's flags against the coach's: "no_example" both, "+off_topic" grader only, "-incomplete" coach only.</summary>
    internal static string FlagDiff(EvalCase c, IReadOnlyList<string> order)
    {
        if (c.ExpectedFlags is null)
        {
            return c.Flags.Count == 0 ? "(none)" : string.Join(' ', c.Flags);
        }

        var all = order.Concat(c.ExpectedFlags).Concat(c.Flags).Distinct(StringComparer.Ordinal)
            .Where(f => c.ExpectedFlags.Contains(f, StringComparer.Ordinal) || c.Flags.Contains(f, StringComparer.Ordinal));
        var parts = all.Select(f => (c.ExpectedFlags.Contains(f, StringComparer.Ordinal), c.Flags.Contains(f, StringComparer.Ordinal)) switch
        {
            (true, true) => f,
            (false, true) => "+" + f,
            _ => "-" + f,
        }).ToList();
        return parts.Count == 0 ? "clean" : string.Join(' ', parts);
    }

    private static void Answers(IAnsiConsole console, EvalRun run)
    {
        var table = new Table().Border(TableBorder.Rounded);
        string[] llmColumns = run.LlmModel is null ? [] : ["rubric + LLM", "LLM's reason"];
        foreach (var h in new[] { "#", "answer", "kind", "expected", "rubric", "flags: rubric vs coach" }.Concat(llmColumns))
        {
            table.AddColumn(h);
        }

        var i = 1;
        foreach (var row in run.Rows)
        {
            var c = row.Rubric;
            var cells = new List<string>
            {
                (i++).ToString(CultureInfo.InvariantCulture),
                c.Id,
                c.Kind,
                c.ExpectedGrade,
                Mark(Steps(run, c), c.Grade),
                FlagDiff(c, run.FlagOrder),
            };
            if (run.LlmModel is not null)
            {
                var reason = row.Review?.Reason ?? string.Empty;
                cells.Add(row.Review is { Status: LlmReview.Fallback } ? $"{row.Llm!.Grade} (LLM unavailable)" : Mark(Steps(run, row.Llm!), row.Llm!.Grade));
                cells.Add(reason.Length > 60 ? reason[..59] + "…" : reason);
            }

            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        console.WriteLine("Flags: a name alone, the grader and the coach agree; +name, the grader only; -name, the coach only.");
    }

    private static void Summary(IAnsiConsole console, string label, EvalMetrics m, int worst, bool flags)
    {
        console.WriteLine();
        console.MarkupLine(Markup.Escape(Agreement(label, m)));
        var scale = m.Scale;
        console.WriteLine(scale.Count < 3 ? $"Within one step: at most one step apart on {string.Join(" > ", scale)}." : string.Create(CultureInfo.InvariantCulture,
            $"Within one step: at most one step apart on {string.Join(" > ", scale)} ({scale[1]} and {scale[2]} are one step apart; {scale[0]} and {scale[2]} are two)."));
        if (flags)
        {
            Flags(console, m);
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Clean answers (no expected flag) with a critical miss: {m.CleanCriticalMisses.Count} of {m.CleanCount}"));
        foreach (var c in m.CleanCriticalMisses)
        {
            console.WriteLine($"  {c.Id}: {c.CriticalMiss}");
        }

        Confusion(console, label, m);
        Worst(console, label, m, worst);
    }

    private static void Flags(IAnsiConsole console, EvalMetrics m)
    {
        console.WriteLine();
        console.WriteLine("Flags, rubric vs coach: precision = of the answers the rubric flagged, the share the coach flagged; recall = of the answers the coach flagged, the share the rubric flagged.");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in new[] { "flag", "coach", "rubric", "both", "precision", "recall" })
        {
            table.AddColumn(h);
        }

        foreach (var f in m.Flags.Where(f => f.Expected + f.Given > 0))
        {
            table.AddRow(
                Markup.Escape(f.Flag),
                f.Expected.ToString(CultureInfo.InvariantCulture),
                f.Given.ToString(CultureInfo.InvariantCulture),
                f.Both.ToString(CultureInfo.InvariantCulture),
                Share(f.Precision, f.Both, f.Given),
                Share(f.Recall, f.Both, f.Expected));
        }

        console.Write(table);
    }

    private static void Confusion(IAnsiConsole console, string label, EvalMetrics m)
    {
        console.WriteLine($"Confusion, {label}: the coach's grade (rows) by the grader's (columns)");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("coach \\ grader");
        foreach (var g in m.ConfusionGrades)
        {
            table.AddColumn(new TableColumn(Markup.Escape(g)).RightAligned());
        }

        foreach (var expected in m.ConfusionGrades)
        {
            var cells = new List<string> { Markup.Escape(expected) };
            foreach (var given in m.ConfusionGrades)
            {
                var n = m.Confusion(expected, given);
                cells.Add(n == 0 ? "·" : expected == given ? $"[bold]{n}[/]" : n.ToString(CultureInfo.InvariantCulture));
            }

            table.AddRow(cells.ToArray());
        }

        console.Write(table);
    }

    private static void Worst(IAnsiConsole console, string label, EvalMetrics m, int count)
    {
        var worst = m.Worst(count);
        var disagreeing = m.Steps.Count(s => s != 0);
        if (worst.Count == 0)
        {
            console.WriteLine($"Worst disagreements, {label}: none, every grade matches the coach's");
            return;
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Worst disagreements, {label} ({worst.Count} of the {disagreeing} that differ):"));
        var order = m.Flags.Select(f => f.Flag).ToList();
        foreach (var d in worst)
        {
            console.WriteLine($"  {d.Case.Id} ({d.Case.Kind}): coach {d.Case.ExpectedGrade}, grader {Mark(d.Steps, d.Case.Grade)}; flags {FlagDiff(d.Case, order)}");
            if (!string.IsNullOrWhiteSpace(d.Case.Note))
            {
                console.WriteLine($"    coach: {d.Case.Note}");
            }
        }
    }

    private static void Gate(IAnsiConsole console, EvalRun run, EvalMetrics rubric)
    {
        if (run.Gate is null)
        {
            return;
        }

        console.WriteLine();
        var which = string.Equals(run.SetName, run.Gate.Split, StringComparison.Ordinal)
            ? "this is the split CI checks"
            : $"CI checks the {run.Gate.Split} split; this is {run.SetName}";
        console.WriteLine($"Gate, the target ({EvalSettings.FileName}; {which}), rubric only:");
        Checks(console, run.Gate.Evaluate(rubric));
        if (run.Floor is not null)
        {
            console.WriteLine($"Floor, what CI holds until the gate is met ({EvalSettings.FileName}), rubric only:");
            Checks(console, run.Floor.Evaluate(rubric));
        }
    }

    private static void Checks(IAnsiConsole console, IEnumerable<GateCheck> checks)
    {
        foreach (var check in checks)
        {
            console.MarkupLine(Markup.Escape($"  {check.Name}: {check.Actual}, must be {check.Bound}: ") + (check.Passed ? "[green]pass[/]" : "[red]FAIL[/]"));
        }
    }

    private static int Steps(EvalRun run, EvalCase c) => IndexOf(run.Scale, c.ExpectedGrade) - IndexOf(run.Scale, c.Grade);

    private static int IndexOf(IReadOnlyList<string> scale, string letter)
    {
        for (var i = 0; i < scale.Count; i++)
        {
            if (string.Equals(scale[i], letter, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return scale.Count - 1;
    }

    private static string Spearman(double? r) => r is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : $"{None} (one grade throughout)";

    private static string Share(double? share, int n, int of) =>
        share is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:0.00} ({n}/{of})") : None;
}

/// <summary>What `prompts eval` ran: the graded rows, the grade scale, the flag order, the gate and how much to print.</summary>
/// <param name="Rows">The answers in set order.</param>
/// <param name="Scale">The grade letters, best first.</param>
/// <param name="FlagOrder">The flag names in the order eval.yaml lists them (empty without eval.yaml).</param>
/// <param name="Gate">The CI gate, when the set has an eval.yaml beside it.</param>
/// <param name="SetName">The set's folder name ("dev", "test").</param>
/// <param name="LlmModel">The LLM's model when one graded too; null for rubric only.</param>
/// <param name="Worst">How many worst disagreements to list per grader.</param>
internal sealed record EvalRun(IReadOnlyList<EvalRow> Rows, IReadOnlyList<string> Scale, IReadOnlyList<string> FlagOrder, EvalGate? Gate, string SetName, string? LlmModel, int Worst)
{
    /// <summary>eval.yaml's floor (what CI holds until the gate is met); null without eval.yaml.</summary>
    public EvalGate? Floor { get; init; }
}
