using Microsoft.SemanticKernel;

namespace VoiceCoach.Llm;

/// <summary>
/// A prompt template cannot be compiled or rendered: an undeclared {{variable}}, a required input
/// nobody provides, Handlebars syntax, or message markup that Semantic Kernel would not read as chat
/// messages. Knows nothing of files; <see cref="PromptTemplateFile.Error(PromptTemplateException)"/>
/// turns it into a message with the file and line.
/// </summary>
public sealed class PromptTemplateException : KernelException
{
    public PromptTemplateException(string field, string anchor, string problem, Exception? innerException = null)
        : base($"{field}: {problem}", innerException)
    {
        Field = field;
        Anchor = anchor;
        Problem = problem;
    }

    /// <summary>Where the problem is: "template", "template: {{name}}" or "input_variables.name".</summary>
    public string Field { get; }

    /// <summary>Template text to look for to find the line (a variable name or the offending line); may be empty.</summary>
    public string Anchor { get; }

    /// <summary>What is wrong and what to do.</summary>
    public string Problem { get; }
}
