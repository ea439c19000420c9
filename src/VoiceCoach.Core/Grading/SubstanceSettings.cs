using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Grading;

/// <summary>
/// When a far-too-short answer still says something (rubric substance): the label rules' "C: a thin or too-short answer
/// with some substance" against "D: almost nothing to judge".
/// </summary>
public sealed record SubstanceSettings
{
    /// <summary>
    /// The answer is at least this share of its target's minimum length (a sentence, not a word or two). 0 (the default
    /// when the rubric omits it): every far-too-short answer keeps caps.far_too_short.
    /// </summary>
    public double MinShareOfMinimum { get; init; }

    /// <summary>On topic: the answer's best sentences at least this similar to the question and its talking points.</summary>
    public double MinSimilarity { get; init; }

    /// <summary>
    /// A short answer whose sentences cover at least this many of the question's talking points (each close to one, semantic
    /// talking_point_covered) says the idea itself, with or without a marker or a number ("Heap of the K list heads, pop
    /// the best, push that list's next"). 0 (the default when the rubric omits it): only numbers and markers count.
    /// </summary>
    public int MinPointsCovered { get; init; }

    /// <summary>Words that make a reason or a step of a short answer ("because", "first", "then").</summary>
    public IReadOnlyList<Phrase> Markers { get; init; } = [];

    /// <summary>Tool and product names (substance.tools): named, they are not a design.</summary>
    public IReadOnlyList<Phrase> Tools { get; init; } = [];

    /// <summary>
    /// An explanation naming at least this many different tools (substance.tool_list_min_tools) at a density of at least
    /// <see cref="ToolListPer100Words"/> is a list of tools, not a design. 0 (the default): never.
    /// </summary>
    public int ToolListMinTools { get; init; }

    /// <summary>Tools per 100 words for a tool list (substance.tool_list_per_100_words).</summary>
    public double ToolListPer100Words { get; init; }

    /// <summary>
    /// A thin concept answer with no example, no number and at most this many first-person words ("I", "my", "we"...)
    /// has nothing of the candidate's own (substance.impersonal_max_first_person): right but generic. -1 (the default
    /// when the rubric omits it): never.
    /// </summary>
    public int ImpersonalMaxFirstPerson { get; init; } = -1;

    /// <summary>
    /// Generic (substance.generic_*): an answer of one of these kinds, shorter than <see cref="GenericMaxShareOfMinimum"/>
    /// of its target's minimum, that covers at most <see cref="GenericMaxPointsCovered"/> of its talking points and holds
    /// nothing specific (no example of her own, no number, no tool) is fluent and true but could be said by anyone. Empty
    /// (the default when the rubric omits it): never.
    /// </summary>
    public IReadOnlySet<string> GenericKinds { get; init; } = new HashSet<string>();

    /// <summary>Generic only under this share of the target's minimum length (a thin answer); 0: never.</summary>
    public double GenericMaxShareOfMinimum { get; init; }

    /// <summary>Generic only when its sentences cover at most this many talking points (semantic talking_point_covered).</summary>
    public int GenericMaxPointsCovered { get; init; }

    /// <summary>
    /// Never generic with one of these flags: its gap is named already (no_example, too_short) or explains the thinness
    /// and sets the grade (a cut-off is a C, a critical miss a D).
    /// </summary>
    public IReadOnlySet<string> GenericUnlessFlagged { get; init; } = new HashSet<string>();
}
