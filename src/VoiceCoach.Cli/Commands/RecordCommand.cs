using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Cli.Hosting;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach record OUT.wav [--seconds N] [--device NAME]`: records 16 kHz mono until N seconds or
/// Ctrl+C. The WAV on disk is valid at every moment (header rewritten twice a second), so a crash
/// loses under a second.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(CliServices services)
    {
        var output = new Argument<string>("out") { Description = "The WAV file to write (16 kHz mono 16-bit)." };
        var seconds = new Option<double?>("--seconds") { Description = "Stop after this many seconds (default: until Ctrl+C)." };
        var device = new Option<string?>("--device") { Description = "Input device (see `voicecoach devices`); default: the system default." };
        var backend = DevicesCommand.BackendOption();
        var command = new Command("record", "Record from the microphone to a WAV file.") { output, seconds, device, backend };
        command.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(output), services.WorkingDirectory);
            var source = AudioBackend.Create(parse.GetValue(backend)).CreateSource(parse.GetValue(device));
            var options = new RecorderOptions { MaxDuration = parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : null };
            var lastWarning = (string?)null;
            var progress = new Progress<RecordingProgress>(p =>
            {
                if (p.Warning is { } w && w != lastWarning)
                {
                    lastWarning = w;
                    services.Console.MarkupLine($"[yellow]{Markup.Escape(w)}[/]");
                }
            });
            services.Console.MarkupLine($"Recording from [bold]{Markup.Escape(source.Name)}[/] to {Markup.Escape(path)} (Ctrl+C to stop)…");
            var result = await VoiceCoach.Audio.Recording.Recorder.RecordAsync(source, path, options, progress, ct);
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Saved {result.Duration.TotalSeconds:0.0} s to {Markup.Escape(result.Path)} (peak {result.Peak:0.00}){(result.Cancelled ? ", stopped by Ctrl+C" : string.Empty)}"));
            if (result.SilenceWarning is { } warning)
            {
                services.Console.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
