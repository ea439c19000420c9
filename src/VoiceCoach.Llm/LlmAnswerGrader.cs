using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Grading;

namespace VoiceCoach.Llm;

/// <summary>
/// Grades with the rubric first (the floor), then runs the coach's answer-feedback prompt as a Semantic
/// Kernel function (<see cref="GradingKernel.Answer"/>) for better-written feedback and a proposed grade
/// with a reason. The final grade is the rubric's moved by at most llm.max_grade_steps (the kernel's
/// <see cref="GradeBoundFilter"/>). When the LLM is unavailable or its reply is unusable after one repair,
/// the answer keeps the rubric's feedback and grade and says why (<see cref="LlmReview.Fallback"/>). Thread-safe.
/// </summary>
public sealed class LlmAnswerGrader : IAnswerGrader
{
    /// <summary>Reply fields VoiceCoach reads; the prompt's schema must require them.</summary>
    public static readonly string[] ReplyFields = ["worked", "needs_work", "tip", "improved_answer", "proposed_grade", "grade_reason"];

    private readonly RubricGrader _rubric;
    private readonly RubricSettings _settings;
    private readonly CompanyPack _company;
    private readonly GradingKernel _kernel;
    private readonly ILogger _log;

    /// <param name="rubricGrader">The rubric grader that grades first (shared; not owned).</param>
    /// <param name="rubric">rubric.yaml.</param>
    /// <param name="company">The company pack.</param>
    /// <param name="kernel">The grading kernel (not owned).</param>
    /// <param name="log">The log.</param>
    public LlmAnswerGrader(RubricGrader rubricGrader, RubricSettings rubric, CompanyPack company, GradingKernel kernel, ILogger<LlmAnswerGrader> log)
    {
        _rubric = rubricGrader;
        _settings = rubric;
        _company = company;
        _kernel = kernel;
        _log = log;
    }

    /// <summary>The session id, for log properties.</summary>
    public string? SessionId { get; init; }

    public async Task<GradedAnswer> GradeAsync(AnswerToGrade answer, CancellationToken cancellationToken)
    {
        var graded = _rubric.Grade(answer, cancellationToken);
        if (graded.Findings.NoAnswer)
        {
            // Silence has nothing to review: the rubric's no-answer grade stands and no request is made.
            return graded;
        }

        var arguments = new KernelArguments(LlmPromptInputs.ForAnswer(graded, _settings, _company).ToDictionary());
        using var scope = _log.BeginScope(new Dictionary<string, object?> { ["Session"] = SessionId, ["Answer"] = answer.Index, ["Model"] = _kernel.Model });
        try
        {
            var reply = await _kernel.InvokeAsync(_kernel.Answer, arguments, cancellationToken);

            // Fail closed: a grade that did not go through the bound is not used.
            var move = reply.Grade ?? throw new LlmException("the grade bound was not applied to the reply; keeping the rubric's grade");
            var json = reply.Json;
            var rubricFeedback = graded.Feedback;
            var template = json.GetProperty("improved_answer").GetString()!.Trim();
            var feedback = new AnswerFeedback(
                Strings(json.GetProperty("worked")),
                Strings(json.GetProperty("needs_work")),
                json.GetProperty("tip").GetString()!.Trim(),
                template.Length > 0 ? template : rubricFeedback.Template,
                rubricFeedback.CriticalMiss)
            {
                AskedFor = rubricFeedback.AskedFor,
            };
            _log.LogInformation(
                "LLM reviewed Q{Answer}: rubric {RubricGrade}, proposed {ProposedGrade}, final {Grade} ({Steps:+0;-0;0} steps{Bounded}) in {LatencyMs} ms, {Attempts} request(s)",
                answer.Index,
                graded.RubricGrade,
                move.Proposed,
                move.Final,
                move.Steps,
                move.Bounded ? ", held at the bound" : string.Empty,
                Math.Round(reply.Latency.TotalMilliseconds),
                reply.Attempts);
            return graded with
            {
                Grade = move.Final,
                Feedback = feedback,
                RubricFeedback = rubricFeedback,
                Llm = new LlmReview(LlmReview.Ok, move.Proposed, json.GetProperty("grade_reason").GetString()!.Trim())
                {
                    Model = reply.Model,
                    LatencyMs = Math.Round(reply.Latency.TotalMilliseconds, 1),
                    Steps = move.Steps,
                    Bounded = move.Bounded,
                    Attempts = reply.Attempts,
                },
            };
        }
        catch (LlmException ex)
        {
            _log.LogWarning(ex, "LLM reviewer unavailable for Q{Answer}; keeping the rubric's grade {Grade}: {Reason}", answer.Index, graded.Grade, ex.Message);
            return graded with { Llm = new LlmReview(LlmReview.Fallback, null, ex.Message) { Model = _kernel.Model } };
        }
    }

    private static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString()?.Trim() ?? string.Empty).Where(s => s.Length > 0).ToList();
}
