using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Core.Prompts;

/// <summary>
/// The coach-editable data under a prompts/ folder: question banks, company packs and the rubric.
/// Read fresh on every run, so a coach's edit takes effect on the next command without a rebuild.
/// Immutable once loaded.
/// </summary>
public sealed class PromptLibrary
{
    private readonly Dictionary<string, CompanyPack> _companies;

    private PromptLibrary(string directory, QuestionCatalog questions, Dictionary<string, CompanyPack> companies, RubricSettings rubric)
    {
        Directory = directory;
        Questions = questions;
        _companies = companies;
        Rubric = rubric;
    }

    /// <summary>The folder the library was read from.</summary>
    public string Directory { get; }

    public QuestionCatalog Questions { get; }

    public RubricSettings Rubric { get; }

    public IReadOnlyCollection<CompanyPack> Companies => _companies.Values;

    /// <summary>Loads every file; the first broken one throws <see cref="PromptFileException"/> naming file, line, column and field.</summary>
    /// <param name="directory">The prompts folder (holding rubric.yaml, questions/, companies/).</param>
    /// <exception cref="PromptFileException">A file is broken (the first problem; the message says how many more there are).</exception>
    public static PromptLibrary Load(string directory)
    {
        var (library, problems) = Check(directory);
        PromptProblem.ThrowIfAny(problems);
        return library;
    }

    /// <summary>
    /// Loads every file and lists every meaning problem (values out of range, bands out of order, phrases that match
    /// everything, question kinds without a rubric row), for `voicecoach prompts check`. A broken shape (bad YAML, a
    /// missing field) still throws at the first one, since nothing after it can be read with confidence.
    /// </summary>
    /// <exception cref="PromptFileException">A file's YAML or shape is broken.</exception>
    public static (PromptLibrary Library, IReadOnlyList<PromptProblem> Problems) Check(string directory)
    {
        var rubricPath = Path.Combine(directory, "rubric.yaml");
        if (!File.Exists(rubricPath))
        {
            throw new PromptFileException(Display(directory, rubricPath), 0, string.Empty, "not found; point --prompts at a folder holding rubric.yaml, questions/ and companies/");
        }

        var problems = new List<PromptProblem>();
        var rubricYaml = Parse(directory, rubricPath);
        var rubric = RubricLoader.Load(rubricYaml);
        problems.AddRange(RubricValidator.Validate(rubricYaml));
        var questions = new List<Question>();
        foreach (var file in Files(directory, "questions"))
        {
            var yaml = Parse(directory, file);
            questions.AddRange(QuestionBankLoader.Load(yaml));
            problems.AddRange(QuestionBankValidator.Validate(yaml));
        }

        var companies = new Dictionary<string, CompanyPack>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Files(directory, "companies"))
        {
            var yaml = Parse(directory, file);
            var pack = CompanyPackLoader.Load(yaml, rubric.AreaOrder);
            problems.AddRange(CompanyPackValidator.Validate(yaml));
            companies[pack.Id] = pack;
        }

        if (companies.Count == 0)
        {
            throw new PromptFileException(Display(directory, Path.Combine(directory, "companies")), 0, string.Empty, "no company pack (companies/NAME.yaml); add one, e.g. netflix.yaml");
        }

        QuestionCatalog catalog;
        try
        {
            catalog = new QuestionCatalog(questions);
        }
        catch (ArgumentException ex)
        {
            throw new PromptFileException(Display(directory, Path.Combine(directory, "questions")), 0, "id", ex.Message.Split(" (Parameter", 2)[0], ex);
        }

        foreach (var q in catalog.All)
        {
            if (companies.TryGetValue(q.Company, out var pack))
            {
                var unknown = q.Values.FirstOrDefault(v => pack.FindValue(v) is null);
                if (unknown is not null)
                {
                    throw new PromptFileException($"questions ({q.Bank})", 0, $"{q.Id}.values", $"'{unknown}' is not a principle or value in companies/{pack.Id}.yaml");
                }
            }
        }

        problems.AddRange(RubricValidator.ValidateKinds(rubricYaml, catalog.All));
        return (new PromptLibrary(directory, catalog, companies, rubric), problems);
    }

    /// <summary>The company pack with this id; the error lists the packs there are.</summary>
    public CompanyPack Company(string id) =>
        _companies.TryGetValue(id, out var pack)
            ? pack
            : throw new PromptFileException(Path.Combine("companies", id + ".yaml"), 0, string.Empty,
                $"no company pack '{id}'; available: {string.Join(", ", _companies.Keys.Order(StringComparer.Ordinal))}");

    private static YamlNode Parse(string root, string file)
    {
        using var reader = new StreamReader(file);
        return YamlNode.Parse(reader, Display(root, file));
    }

    private static IEnumerable<string> Files(string root, string sub)
    {
        var dir = Path.Combine(root, sub);
        if (!System.IO.Directory.Exists(dir))
        {
            return [];
        }

        return System.IO.Directory.EnumerateFiles(dir, "*.yaml").Concat(System.IO.Directory.EnumerateFiles(dir, "*.yml")).Order(StringComparer.Ordinal);
    }

    private static string Display(string root, string file) =>
        Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))), Path.GetRelativePath(root, file));
}
