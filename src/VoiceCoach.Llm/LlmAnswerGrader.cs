using System.Text.Json;
using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;

namespace VoiceCoach.Llm;

/// <summary>
/// Grades with the rubric first (the floor), then asks the LLM reviewer, through the coach's
/// answer-feedback prompt, for better-written feedback and a proposed grade with a reason. The final
/// grade is the rubric's moved by at most llm.max_grade_steps (<see cref="GradePolicy"/>). When the
/// LLM is unavailable or its reply is unusable after one repair, the answer keeps the rubric's
/// feedback and grade and says why (<see cref="LlmReview.Fallback"/>). Thread-safe.
/// </summary>
public sealed class LlmAnswerGrader : IAnswerGrader
{
    /// <summary>Reply fields VoiceCoach reads; the prompt's schema must require them.</summary>
    public static readonly string[] ReplyFields = ["worked", "needs_work", "tip", "improved_answer", "proposed_grade", "grade_reason"];

    private readonly RubricGrader _rubric;
    private readonly RubricSettings _settings;
    private readonly CompanyPack _company;
    private readonly PromptTemplateFile _prompt;
    private readonly ILlmChatClient _client;
    private readonly ILogger _log;
    private readonly PromptRenderer _renderer = new();

    /// <exception cref="Core.Prompts.PromptFileException">The prompt's schema does not require the fields VoiceCoach reads.</exception>
    public LlmAnswerGrader(RubricSettings rubric, CompanyPack company, PromptTemplateFile prompt, ILlmChatClient client, ILogger<LlmAnswerGrader> log)
    {
        prompt.RequireOutputFields(ReplyFields);
        _rubric = new RubricGrader(rubric, company);
        _settings = rubric;
        _company = company;
        _prompt = prompt;
        _client = client;
        _log = log;
    }

    /// <summary>The session id, for log properties.</summary>
    public string? SessionId { get; init; }

    public async Task<GradedAnswer> GradeAsync(AnswerToGrade answer, CancellationToken cancellationToken)
    {
        var graded = _rubric.Grade(answer);
        var messages = _renderer.Render(_prompt, LlmPromptInputs.ForAnswer(graded, _settings, _company));
        using var scope = _log.BeginScope(new Dictionary<string, object?> { ["Session"] = SessionId, ["Answer"] = answer.Index, ["Model"] = _client.Model });
        try
        {
            var (json, reply, attempts) = await StructuredCompletion.CompleteAsync(_client, _prompt, messages, CheckGrade, cancellationToken);
            var proposed = json.GetProperty("proposed_grade").GetString()!.Trim();
            var (final, steps, bounded) = GradePolicy.Apply(_settings, graded.RubricGrade, proposed);
            var reason = json.GetProperty("grade_reason").GetString()!.Trim();
            var rubricFeedback = graded.Feedback;
            var template = json.GetProperty("improved_answer").GetString()!.Trim();
            var feedback = new AnswerFeedback(
                Strings(json.GetProperty("worked")),
                Strings(json.GetProperty("needs_work")),
                json.GetProperty("tip").GetString()!.Trim(),
                template.Length > 0 ? template : rubricFeedback.Template,
                rubricFeedback.CriticalMiss);
            _log.LogInformation(
                "LLM reviewed Q{Answer}: rubric {RubricGrade}, proposed {ProposedGrade}, final {Grade} ({Steps:+0;-0;0} steps{Bounded}) in {LatencyMs} ms, {Attempts} request(s)",
                answer.Index,
                graded.RubricGrade,
                proposed,
                final,
                steps,
                bounded ? ", held at the bound" : string.Empty,
                Math.Round(reply.Latency.TotalMilliseconds),
                attempts);
            return graded with
            {
                Grade = final,
                Feedback = feedback,
                RubricFeedback = rubricFeedback,
                Llm = new LlmReview(LlmReview.Ok, proposed, reason)
                {
                    Model = reply.Model,
                    LatencyMs = Math.Round(reply.Latency.TotalMilliseconds, 1),
                    Steps = steps,
                    Bounded = bounded,
                    Attempts = attempts,
                },
            };
        }
        catch (LlmException ex)
        {
            _log.LogWarning(ex, "LLM reviewer unavailable for Q{Answer}; keeping the rubric's grade {Grade}: {Reason}", answer.Index, graded.Grade, ex.Message);
            return graded with { Llm = new LlmReview(LlmReview.Fallback, null, ex.Message) { Model = _client.Model } };
        }
    }

    private string? CheckGrade(JsonElement json)
    {
        var grade = json.GetProperty("proposed_grade").GetString() ?? string.Empty;
        return _settings.Band(grade) is null
            ? $"$.proposed_grade: '{grade}' is not a grade; use one of {string.Join(", ", _settings.Grades.Select(g => g.Letter))}"
            : null;
    }

    private static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString()?.Trim() ?? string.Empty).Where(s => s.Length > 0).ToList();
}
