using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Companies;

/// <summary>A principle or value of the company, with the phrases that evidence it in an answer.</summary>
public sealed record CompanyValue(string Id, string Name, string Kind, string Description, IReadOnlyList<Phrase> Evidence, string? Soundbite)
{
    /// <summary>The value's name as a phrase: naming it is weaker evidence than showing it.</summary>
    public Phrase NamePhrase { get; } = new(Name);

    /// <summary>
    /// Other words that name the value (named_as:): its adjective or another spelling ("candid" for Candor, "curious" for
    /// Curiosity, "judgement"). "I'm a curious person" names Curiosity as surely as its noun does. Empty by default.
    /// </summary>
    public IReadOnlyList<Phrase> NamedAs { get; init; } = [];

    /// <summary>Where the value is named in <paramref name="words"/>: its name or one of its <see cref="NamedAs"/> words.</summary>
    public IEnumerable<int> FindNameIn(IReadOnlyList<string> words) =>
        NamePhrase.FindIn(words).Concat(NamedAs.SelectMany(n => n.FindIn(words)));

    /// <summary>The value is named in <paramref name="words"/> (<see cref="FindNameIn"/>).</summary>
    public bool IsNamedIn(IReadOnlyList<string> words) =>
        NamePhrase.OccursIn(words) || NamedAs.Any(n => n.OccursIn(words));
}

/// <summary>Company terminology the coach wants used naturally ("context not control").</summary>
public sealed record KeyPhrase(string Phrase, IReadOnlyList<Phrase> Forms, string? RelatesTo);

/// <summary>Something a recruiter would hear as misaligned, with why.</summary>
/// <remarks>RoleContextOnly: counts only in a sentence about this role or the company (context: role).</remarks>
public sealed record RedFlag(string Id, string Label, IReadOnlyList<Phrase> Patterns, string Why, string Severity, bool RoleContextOnly = false)
{
    public bool IsHigh => string.Equals(Severity, "high", StringComparison.OrdinalIgnoreCase);

    /// <summary>The company values the phrasing gets backwards (contradicts:), e.g. "like a family" and Dream Team.</summary>
    public IReadOnlyList<string> Contradicts { get; init; } = [];

    /// <summary>
    /// Everyday words around the flag's stance (heard_as:), broader than its patterns ("evenings", "settle", "hand
    /// over"): a sentence the red-flag stance classifier hears as this flag is sure only when it also holds one of them.
    /// </summary>
    public IReadOnlyList<Phrase> HeardAs { get; init; } = [];

    /// <summary>
    /// How the stance is said (stance:): <see cref="RedFlagStance.Wants"/> (the default) for what she wants now, said of
    /// herself and not a story of past work ("I keep my evenings free"); <see cref="RedFlagStance.Told"/> for a stance
    /// heard in how she tells things, of herself or of others, in a story or not ("the platform team pushed a bad
    /// config and never told us", "we bounced the workers and stopped looking into it").
    /// </summary>
    public RedFlagStance Stance { get; init; } = RedFlagStance.Wants;

    /// <summary>
    /// Phrases that, anywhere in the answer and not negated, clear the flag (cleared_by:): a restart followed by "the
    /// root cause was…" is root-cause thinking, not "we restarted it"; "we never found the cause" clears nothing. Empty:
    /// nothing clears it.
    /// </summary>
    public IReadOnlyList<Phrase> ClearedBy { get; init; } = [];
}

/// <summary>How a red flag's stance is said in an answer (a red flag's stance:).</summary>
public enum RedFlagStance
{
    /// <summary>What she wants now, said of herself, not a story of past work: work-life balance, stability, pay.</summary>
    Wants,

    /// <summary>In how she tells things, of anyone and in a story too: blame, a restart with no root cause, negativity.</summary>
    Told,
}

/// <summary>A confusion about the role ("consumer recommendations" for a studio role).</summary>
public sealed record RoleConfusion(Phrase Pattern, string Why);

/// <summary>One of the candidate's pocket stories and the values it demonstrates.</summary>
public sealed record PocketStory(string Id, string Title, IReadOnlyList<string> Demonstrates, string Summary);

/// <summary>
/// An action item the company pack assigns before the next session (the seed's "Research Homework" and
/// "Role-Specific Prep"): given when the session has one of <paramref name="Areas"/> (development area ids from
/// rubric.yaml), in place of the rubric's generic action item for that area.
/// </summary>
public sealed record PrepItem(string Id, string Title, IReadOnlyList<string> Areas, IReadOnlyList<string> Steps);

/// <summary>The role being interviewed for.</summary>
public sealed record RoleProfile(
    string Title,
    string Team,
    string Angle,
    string KeyMessage,
    IReadOnlyList<Phrase> Terms,
    IReadOnlyList<RoleConfusion> NotTheRole)
{
    /// <summary>
    /// The names of the role's own team (role.team_names: "Eyeline", "Media Algorithms"): a sentence that names them is
    /// about this role, as one that names the company is, so a red flag marked context: role counts there.
    /// </summary>
    public IReadOnlyList<Phrase> TeamNames { get; init; } = [];
}

/// <summary>
/// A company pack (prompts/companies/NAME.yaml): principles, values, key phrases, red flags,
/// the role. Netflix is the first; another company is one more file. Immutable.
/// </summary>
public sealed record CompanyPack
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required RoleProfile Role { get; init; }

    /// <summary>Principles first, then values, as in the file.</summary>
    public required IReadOnlyList<CompanyValue> Values { get; init; }

    public IReadOnlyList<KeyPhrase> KeyPhrases { get; init; } = [];

    public IReadOnlyList<RedFlag> RedFlags { get; init; } = [];

    public IReadOnlyList<(string RelatesTo, string Text)> Soundbites { get; init; } = [];

    public IReadOnlyList<PocketStory> Stories { get; init; } = [];

    /// <summary>Company- and role-specific action items (prep:), in file order.</summary>
    public IReadOnlyList<PrepItem> Prep { get; init; } = [];

    /// <summary>How recognisers spell the name ("net flicks"); matched like the name.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The company's name and its aliases as phrases: evidence of a company connection.</summary>
    public IReadOnlyList<Phrase> NamePhrases => _namePhrases ??= Phrase.List([Name, .. Aliases]);

    private IReadOnlyList<Phrase>? _namePhrases;

    /// <summary>
    /// What a recogniser must hear for the grader to credit the company's language: the name and its aliases, every form
    /// of every key phrase, the principle and value names and the role's terms, in that order (repeats kept).
    /// </summary>
    public IEnumerable<Phrase> SpokenTerms =>
        NamePhrases.Concat(KeyPhrases.SelectMany(k => k.Forms)).Concat(Values.Select(v => v.NamePhrase)).Concat(Role.Terms);

    /// <summary>
    /// The company's own words for what a candidate should say, each once as the coach wrote it: the name, the principle
    /// and value names, each key phrase's main form (not its variants or the recognisers' spellings) and the role's terms
    /// (as patterns: "gpu*").
    /// </summary>
    public IEnumerable<string> MainTerms =>
        new[] { Name }.Concat(Values.Select(v => v.Name)).Concat(KeyPhrases.Select(k => k.Phrase)).Concat(Role.Terms.Select(t => t.Pattern));

    public CompanyValue? FindValue(string id) =>
        Values.FirstOrDefault(v => string.Equals(v.Id, id, StringComparison.OrdinalIgnoreCase));
}
