namespace VoiceCoach.Llm;

/// <summary>
/// The LLM reviewer could not be used: the server was unreachable, timed out, refused the request,
/// or kept replying with something that is not the JSON the prompt asks for. The message says which
/// and what to check; the grade falls back to the rubric's, and the report says so.
/// </summary>
public sealed class LlmException : Exception
{
    public LlmException(string message)
        : base(message)
    {
    }

    public LlmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
