using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Questions;
using VoiceCoach.Grading;
using VoiceCoach.Grading.Semantics;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Prompts;

public class PromptFileTests
{
    [Fact]
    public void Load_RepositoryPrompts_HasEveryQuestionFromTheSeeds()
    {
        var library = PromptLibrary.Load(RepoPaths.InRepo("prompts"));

        Assert.True(library.Questions.All.Count >= 48, $"{library.Questions.All.Count} questions");
        Assert.All(Rounds.All, r => Assert.NotEmpty(library.Questions.InRound(r)));
        var netflix = library.Company("netflix");
        Assert.Equal(12, netflix.Values.Count);
        Assert.Contains(netflix.KeyPhrases, k => k.Phrase == "context not control");
        Assert.Contains(netflix.RedFlags, r => r.Id == "work-life-balance" && r.IsHigh);
    }

    [Fact]
    public void QuestionBank_BrokenYaml_NamesFileAndLine()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: \"unterminated\n    round: recruiter\n";

        var ex = Assert.Throws<PromptFileException>(() => QuestionBankLoader.Load(new StringReader(yaml), "questions/b.yaml"));

        Assert.StartsWith("questions/b.yaml:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Line > 0);
    }

    [Fact]
    public void QuestionBank_MissingText_NamesFieldAndLine()
    {
        const string yaml = "bank: b\nquestions:\n  - id: first\n    text: ok\n    round: recruiter\n    kind: story\n  - id: second\n    round: recruiter\n    kind: story\n";

        var ex = Assert.Throws<PromptFileException>(() => QuestionBankLoader.Load(new StringReader(yaml), "questions/b.yaml"));

        Assert.Equal("questions/b.yaml:7:5: questions[1].text: is missing", ex.Message);
    }

    [Fact]
    public void QuestionBank_WrongClaims_ReadsSubjectWrongWordsAndWhy()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: t\n    round: technical\n    kind: concept\n    wrong_claims:\n"
            + "      - about: [\"overfit*\"]\n        says: [\"too simple\"]\n        why: \"overfitting is too complex a model\"\n"
            + "      - says: [drop the feature]\n        why: the bias stays in the labels\n";

        var q = Assert.Single(QuestionBankLoader.Load(new StringReader(yaml), "b.yaml"));

        Assert.Equal(2, q.WrongClaims.Count);
        Assert.Equal("overfit*", Assert.Single(q.WrongClaims[0].About).Pattern);
        Assert.Equal("too simple", Assert.Single(q.WrongClaims[0].Says).Pattern);
        Assert.Equal("overfitting is too complex a model", q.WrongClaims[0].Why);
        Assert.Empty(q.WrongClaims[1].About);
    }

    [Fact]
    public void QuestionBank_WrongClaimWithoutSays_NamesTheClaimAndTheFix()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: t\n    round: technical\n    kind: concept\n    wrong_claims:\n      - about: [bias]\n        why: w\n";

        var ex = Assert.Throws<PromptFileException>(() => QuestionBankLoader.Load(new StringReader(yaml), "b.yaml"));

        Assert.StartsWith("b.yaml:8:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("questions[0].wrong_claims[0]: a wrong claim without `says`", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuestionBank_UnknownRound_ListsTheAllowedOnes()
    {
        const string yaml = "bank: b\nquestions:\n  - id: x\n    text: t\n    round: phone-screen\n    kind: story\n";

        var ex = Assert.Throws<PromptFileException>(() => QuestionBankLoader.Load(new StringReader(yaml), "b.yaml"));

        Assert.Equal("b.yaml:5:12: questions[0].round: 'phone-screen' is not one of: recruiter, behavioral, technical, system-design, coding", ex.Message);
    }

    [Fact]
    public void Rubric_WeightsNotSummingTo100_SaysSo()
    {
        var text = File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml"))
            .Replace("story:      { structure: 25,", "story:      { structure: 35,", StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("weights.story: weights add up to 110; they must add up to 100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rubric_CapWithUnknownLetter_NamesTheField()
    {
        var text = File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml"))
            .Replace("no_example: D ", "no_example: Z ", StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("caps.no_example: 'Z' is not a letter from grades:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompanyPack_RedFlagContradictingUnknownValue_IsRejected()
    {
        const string yaml = "id: acme\nname: Acme\nrole:\n  title: Engineer\nvalues:\n  - id: grit\n    name: Grit\n    evidence: [kept going]\nred_flags:\n  - id: quitter\n    label: Quits\n    patterns: [gave up]\n    contradicts: [speed]\n";

        var ex = Assert.Throws<PromptFileException>(() => CompanyPackLoader.Load(new StringReader(yaml), "companies/acme.yaml"));

        Assert.Contains("red_flags[0].contradicts: 'speed' is not a principle or value id in this file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompanyPack_KeyPhraseRelatingToUnknownValue_IsRejected()
    {
        const string yaml = "id: acme\nname: Acme\nrole:\n  title: Engineer\nvalues:\n  - id: grit\n    name: Grit\n    evidence: [kept going]\nkey_phrases:\n  - phrase: ship it\n    relates_to: speed\n";

        var ex = Assert.Throws<PromptFileException>(() => CompanyPackLoader.Load(new StringReader(yaml), "companies/acme.yaml"));

        Assert.Equal("companies/acme.yaml:11:17: key_phrases[0].relates_to: 'speed' is not a principle or value id in this file", ex.Message);
    }

    [Fact]
    public void Load_RepositoryPrompts_EveryConceptAndDesignQuestionHasWrongClaims()
    {
        // Issue 12: a fluent wrong answer is read by its question's wrong claims, so every explanation question needs some.
        var library = PromptLibrary.Load(RepoPaths.InRepo("prompts"));

        var explanations = library.Questions.All.Where(q => q.Kind is QuestionKinds.Concept or QuestionKinds.Design).ToList();

        Assert.True(explanations.Count >= 26, $"{explanations.Count} concept and design questions");
        Assert.All(explanations, q => Assert.True(q.WrongClaims.Count > 0, $"{q.Id} has no wrong_claims"));
        Assert.All(explanations.SelectMany(q => q.WrongClaims), c => Assert.False(string.IsNullOrWhiteSpace(c.Why)));
    }

    [Fact]
    public void CompanyPack_SecondCompany_IsOneMoreFile()
    {
        const string yaml = "id: acme\nname: Acme\nrole:\n  title: Engineer\n  terms: [rockets]\nvalues:\n  - id: grit\n    name: Grit\n    evidence: [kept going, never gave up]\n";

        var pack = CompanyPackLoader.Load(new StringReader(yaml), "acme.yaml");
        var library = PromptLibrary.Load(RepoPaths.InRepo("prompts"));
        var grader = new RubricGrader(library.Rubric, pack, new SemanticModel(TestGrading.Encoder, TestGrading.Semantic(library).Classifier, new QuestionCatalog([])));
        var question = Question.AdHoc("Tell me about a time you kept going.", "acme");
        var answer = new AnswerToGrade
        {
            Index = 1,
            Question = question,
            Transcript = Core.Transcription.TranscriptTiming.Estimate("Last year at my previous job our rockets kept failing. I kept going and I rebuilt the valve tests, and launches improved by 30 percent.", TimeSpan.FromSeconds(35)),
            Duration = TimeSpan.FromSeconds(35),
            TimingEstimated = true,
        };

        var graded = grader.Grade(answer);

        Assert.Contains(graded.Findings.Values, v => v.Id == "grit");
        Assert.Contains("rockets", graded.Findings.RoleTerms);
    }

    [Fact]
    public void Rubric_NoAnswerGradeNotALetter_NamesTheField()
    {
        var text = File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml"))
            .Replace("no_answer:\n  grade: F", "no_answer:\n  grade: silent", StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("no_answer.grade: 'silent' is not a letter from grades:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rubric_QuoteConfidenceOverOne_NamesTheField()
    {
        var text = File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml"))
            .Replace("min_confidence: 0.5", "min_confidence: 50", StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("quotes.min_confidence: must be between 0 and 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rubric_UnknownStrength_ListsTheKnownOnes()
    {
        var text = File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml"))
            .Replace("strengths:\n  values:", "strengths:\n  charm:", StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("strengths.charm: unknown strength 'charm'; expected one of: values, examples", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rubric_AlwaysListedAreaNotWorded_NamesTheArea()
    {
        var text = File.ReadAllText(RepoPaths.InRepo("prompts", "rubric.yaml"))
            .Replace("always_listed: [brevity, specificity, examples, enthusiasm]", "always_listed: [brevity, charisma]", StringComparison.Ordinal);

        var ex = Assert.Throws<PromptFileException>(() => RubricLoader.Load(new StringReader(text), "rubric.yaml"));

        Assert.Contains("summary.always_listed: 'charisma' is not an area under areas:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rubric_ShippedFile_ReadsTheSummaryNoAnswerAndQuoteSettings()
    {
        var rubric = PromptLibrary.Load(RepoPaths.InRepo("prompts")).Rubric;

        Assert.Equal("F", rubric.NoAnswerGrade);
        Assert.False(rubric.NoAnswerInAverages);
        Assert.Equal(0.5, rubric.QuoteMinConfidence);
        Assert.Equal(["brevity", "specificity", "examples", "enthusiasm"], rubric.Summary.AlwaysListed);
        Assert.Equal("no_answer", rubric.AreaOrder[0]);
        Assert.Contains(rubric.Strengths, s => s.Key == "length");
    }

    [Fact]
    public void CompanyPack_Netflix_HasTheSeedsResearchHomeworkAndRoleSpecificPrep()
    {
        var pack = PromptLibrary.Load(RepoPaths.InRepo("prompts")).Company("netflix");

        var homework = Assert.Single(pack.Prep, p => p.Title == "Research Homework");
        Assert.Equal(["specificity"], homework.Areas);
        Assert.Equal("Read 2 Netflix Tech Blog posts about ML/AI", homework.Steps[0]);
        var role = Assert.Single(pack.Prep, p => p.Title == "Role-Specific Prep");
        Assert.Contains("Research ComfyUI, Stable Diffusion in production", role.Steps);
    }

    [Fact]
    public void CompanyPack_PrepForAnAreaTheRubricLacks_NamesFileLineAndTheAreas()
    {
        const string yaml = "id: acme\nname: Acme\nrole:\n  title: Engineer\nvalues:\n  - id: grit\n    name: Grit\n    evidence: [kept going]\nprep:\n  - id: homework\n    title: Homework\n    areas: [specifity]\n    steps: [Read the blog]\n";

        var ex = Assert.Throws<PromptFileException>(() => CompanyPackLoader.Load(new StringReader(yaml), "companies/acme.yaml", ["brevity", "specificity"]));

        Assert.Equal("companies/acme.yaml:12:12: prep[0].areas: 'specifity' is not a development area in rubric.yaml; expected some of: brevity, specificity", ex.Message);
    }

    [Fact]
    public void CompanyPack_PrepWithoutSteps_IsRejected()
    {
        const string yaml = "id: acme\nname: Acme\nrole:\n  title: Engineer\nvalues:\n  - id: grit\n    name: Grit\n    evidence: [kept going]\nprep:\n  - id: homework\n    title: Homework\n    areas: [specificity]\n";

        var ex = Assert.Throws<PromptFileException>(() => CompanyPackLoader.Load(new StringReader(yaml), "companies/acme.yaml"));

        Assert.Contains("prep[0].steps: needs at least one step", ex.Message, StringComparison.Ordinal);
    }
}
