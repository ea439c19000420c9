namespace VoiceCoach.Core.Grading;

/// <summary>Grades one answer. Implementations: the deterministic rubric grader (VoiceCoach.Grading), and LLM graders layered on it.</summary>
public interface IAnswerGrader
{
    Task<GradedAnswer> GradeAsync(AnswerToGrade answer, CancellationToken cancellationToken);
}
