using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using VoiceCoach.Audio;
using VoiceCoach.Audio.Vad;
using VoiceCoach.Cli.Commands;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// Builds the `voicecoach` command tree and runs it: usage errors exit 2, user errors print one red
/// line and exit 1 (the stack trace goes to the log only), success exits 0.
/// </summary>
internal static class CliApp
{
    /// <summary>--prompts DIR, on every command.</summary>
    public static readonly Option<string?> PromptsOption = new("--prompts")
    {
        Description = "The prompts folder (questions, company packs, rubric). Default: ./prompts or the shipped defaults.",
        Recursive = true,
    };

    /// <summary>--verbose, on every command.</summary>
    public static readonly Option<bool> VerboseOption = new("--verbose", "-v")
    {
        Description = "Write log messages to the console as well as the log file.",
        Recursive = true,
    };

    public static RootCommand Build(CliServices services)
    {
        var root = new RootCommand("VoiceCoach: practise interview answers aloud, get them timed, transcribed and graded.");
        root.Options.Add(PromptsOption);
        root.Options.Add(VerboseOption);
        root.Subcommands.Add(PracticeCommand.Create(services));
        root.Subcommands.Add(ServeCommand.Create(services));
        root.Subcommands.Add(GradeCommand.Create(services));
        root.Subcommands.Add(ReportCommand.Create(services));
        root.Subcommands.Add(ProgressCommand.Create(services));
        root.Subcommands.Add(RegradeCommand.Create(services));
        root.Subcommands.Add(QuestionsCommand.Create(services));
        root.Subcommands.Add(TranscribeCommand.Create(services));
        root.Subcommands.Add(PromptsCommand.Create(services));
        root.Subcommands.Add(ModelsCommand.Create(services));
        root.Subcommands.Add(DevicesCommand.Create(services));
        root.Subcommands.Add(RecordCommand.Create(services));
        root.Subcommands.Add(EnrollCommand.Create(services));
        root.Subcommands.Add(VadCommand.Create(services));
        root.Subcommands.Add(WhisperCommand.Create(services));
        root.Subcommands.Add(BenchCommand.Create(services));
        root.Subcommands.Add(GradingCommand.Create(services));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliServices services, CancellationToken cancellationToken)
    {
        var root = Build(services);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                services.Console.MarkupLine($"[red]{Markup.Escape(error.Message)}[/]");
            }

            services.Console.MarkupLine($"[grey]Run '{Markup.Escape(CommandPath(parse))} --help' for usage.[/]");
            return ExitCodes.Usage;
        }

        var log = services.Logging.CreateLogger("voicecoach");
        try
        {
            var config = new InvocationConfiguration { Output = services.Out, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            services.Console.MarkupLine("[yellow]Stopped.[/]");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            log.LogError(ex, "User error in {Command}", string.Join(' ', args));
            ErrorLine(services.Console, ex.Message);
            return ExitCodes.UserError;
        }
        catch (Exception ex)
        {
            log.LogCritical(ex, "Unexpected failure in {Command}", string.Join(' ', args));
            ErrorLine(services.Console, $"Unexpected error: {ex.Message} (details in {services.LogPath})");
            return ExitCodes.UserError;
        }
    }

    /// <summary>
    /// Writes an error in red as one line. Spectre breaks text at the console's width (80 columns when the output goes to
    /// a file or a pipe), which split one error over several lines in logs and scripts; a terminal wraps a long line by
    /// itself, so the width is raised to fit the message for this one write.
    /// </summary>
    internal static void ErrorLine(IAnsiConsole console, string message) => Line(console, message, "red");

    /// <summary>Writes a note (something handled that the user must know of) in yellow as one line.</summary>
    internal static void NoteLine(IAnsiConsole console, string message) => Line(console, message, "yellow");

    private static void Line(IAnsiConsole console, string message, string colour)
    {
        var width = console.Profile.Width;
        console.Profile.Width = Math.Max(width, (2 * message.Length) + 1); // a character takes at most two columns
        try
        {
            console.MarkupLine($"[{colour}]{Markup.Escape(message)}[/]");
        }
        finally
        {
            console.Profile.Width = width;
        }
    }

    /// <summary>Errors caused by the user's input or machine, reported as one line.</summary>
    public static bool IsUserError(Exception ex) => ex is CliUserException or PromptFileException or TranscriptionException
        or AudioFormatException or AudioDeviceException or VadModelException or VoiceCoach.Whisper.WhisperModelException
        or VoiceCoach.Core.Sessions.SessionFileException or VoiceCoach.Speech.Models.ModelDownloadException or VoiceCoach.Speech.Adaptation.VoiceAdaptationException or VoiceCoach.Llm.LlmException
        or VoiceCoach.Practice.QuestionPickException or VoiceCoach.Practice.PracticePlanException or VoiceCoach.Core.Grading.SentenceEncoderException
        or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, r.Command is RootCommand ? "voicecoach" : r.Command.Name);
        }

        return string.Join(' ', names);
    }
}
