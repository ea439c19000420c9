using System.Text.Json;

namespace VoiceCoach.Llm;

/// <summary>
/// A grading function's result once the filters are through with it: the reply as JSON that matches
/// the prompt's schema (<see cref="StructuredReplyFilter"/>), the model that answered and the requests it
/// took, the time it took (<see cref="TimingFilter"/>) and, for answer prompts, the grade move held to
/// the bound (<see cref="GradeBoundFilter"/>).
/// </summary>
/// <param name="Json">The reply, validated against output_variable.json_schema.</param>
/// <param name="Model">The model the server says answered (the configured one when it does not say).</param>
/// <param name="Attempts">Chat requests made: 1, or 2 after a repair.</param>
public sealed record StructuredReply(JsonElement Json, string Model, int Attempts)
{
    /// <summary>From the start of the function to its result, repair included.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The proposed grade and the final one; null for prompts without a proposed_grade.</summary>
    public GradeMove? Grade { get; init; }
}

/// <summary>What the LLM proposed and what the grade became under <see cref="GradePolicy"/>.</summary>
/// <param name="Proposed">The letter the model proposed.</param>
/// <param name="Final">The rubric's grade moved toward it by at most llm.max_grade_steps.</param>
/// <param name="Steps">Steps moved, + better.</param>
/// <param name="Bounded">True when the proposal was further than the bound allows.</param>
public sealed record GradeMove(string Proposed, string Final, int Steps, bool Bounded);
