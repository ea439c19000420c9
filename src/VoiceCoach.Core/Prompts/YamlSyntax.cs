using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace VoiceCoach.Core.Prompts;

/// <summary>
/// Turns a YAML syntax error into one line a coach can act on: file, line and column, and for the most common
/// slip, an unclosed '[' or '{', the place it was opened rather than where the parser gave up (often lines later).
/// </summary>
internal static class YamlSyntax
{
    public static PromptFileException Error(string file, string text, Mark stoppedAt, string problem, Exception inner)
    {
        var stopped = string.Create(CultureInfo.InvariantCulture, $"line {stoppedAt.Line}, column {stoppedAt.Column}");
        if (TabIndent(text) is { } tab && problem.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            return new PromptFileException(file, tab, 1, string.Empty,
                "not valid YAML: a tab indents this line; indent with spaces (YAML does not allow tabs there)", inner);
        }

        if (UnclosedBracket(text, stoppedAt) is { } open)
        {
            var (opening, closing) = open.Sequence ? ('[', ']') : ('{', '}');
            return new PromptFileException(file, open.At.Line, open.At.Column, string.Empty,
                $"not valid YAML: the '{opening}' here is not closed by a '{closing}' (the parser stopped at {stopped}: {problem}); close it, or put text with , [ ] {{ }} : # in quotes");
        }

        return new PromptFileException(file, stoppedAt.Line, stoppedAt.Column, string.Empty, $"not valid YAML: {problem}", inner);
    }

    /// <summary>The first line (1-based) whose indentation holds a tab, or null.</summary>
    private static int? TabIndent(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].AsSpan(0, indent).Contains('\t'))
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>YamlDotNet's message without its "(Line: 3, Col: 1, Idx: 20) - (…): " prefix, first line only.</summary>
    public static string Describe(YamlException ex)
    {
        var message = ex.Message;
        var dash = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && dash >= 0)
        {
            message = message[(dash + 3)..];
        }

        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        message = (newline < 0 ? message : message[..newline]).Trim().TrimEnd('.');
        return message.Length == 0 ? "unexpected text" : char.ToLowerInvariant(message[0]) + message[1..];
    }

    /// <summary>
    /// The innermost flow collection ('[' or '{') still open where the parser stopped, found by scanning the tokens
    /// again up to that point; null when none was open (the error is something else).
    /// </summary>
    private static (Mark At, bool Sequence)? UnclosedBracket(string text, Mark stoppedAt)
    {
        var open = new Stack<(Mark, bool)>();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            while (scanner.MoveNext())
            {
                var token = scanner.Current!;
                if (token.Start.Index > stoppedAt.Index && stoppedAt.Index > 0)
                {
                    break;
                }

                switch (token)
                {
                    case FlowSequenceStart:
                        open.Push((token.Start, true));
                        break;
                    case FlowMappingStart:
                        open.Push((token.Start, false));
                        break;
                    case FlowSequenceEnd or FlowMappingEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // The scanner stops where the parser did, or earlier; what is open by then is the answer.
        }

        return open.Count > 0 ? open.Peek() : null;
    }
}
