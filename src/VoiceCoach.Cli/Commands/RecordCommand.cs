using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Audio.Wav;
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
        var force = new Option<bool>("--force") { Description = "Overwrite OUT if it already holds a recording." };
        var command = new Command("record", "Record from the microphone to a WAV file.") { output, seconds, device, backend, force };
        command.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(output), services.WorkingDirectory);
            CheckTarget(parse.GetRequiredValue(output), path);
            KeepEarlierRecording(services, path, parse.GetValue(force));
            var source = AudioBackends.Create(parse.GetValue(backend)).CreateSource(parse.GetValue(device));
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

    /// <summary>Before the microphone is opened: OUT must be a file name in a folder that exists.</summary>
    internal static void CheckTarget(string given, string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliUserException($"{given}: is a folder; give the recording a file name, e.g. {Path.Combine(given, "answer.wav")}");
        }

        var folder = Path.GetDirectoryName(path);
        if (folder is not null && !Directory.Exists(folder))
        {
            var shown = Path.GetDirectoryName(given) is { Length: > 0 } g ? g : folder;
            throw new CliUserException($"{given}: the folder {shown} does not exist; create it (mkdir -p {shown}) or record somewhere else");
        }
    }

    /// <summary>
    /// Nothing recorded is lost: a file left by a crash at OUT is repaired and kept beside it as
    /// OUT.recovered-N.wav; a good recording at OUT is only overwritten with --force.
    /// </summary>
    internal static void KeepEarlierRecording(CliServices services, string path, bool force)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return;
        }

        var check = WavRepair.Inspect(path);
        if (check.NeedsRepair)
        {
            var repaired = WavRepair.Repair(path);
            var keep = RecoveredName(path);
            File.Move(path, keep);
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[yellow]{Markup.Escape(Path.GetFileName(path))} was left by an interrupted recording ({Markup.Escape(repaired.Description)}); repaired and kept as {Markup.Escape(Path.GetFileName(keep))} ({repaired.Duration.TotalSeconds:0.0} s)[/]"));
            return;
        }

        if (!force)
        {
            throw new CliUserException($"{Path.GetFileName(path)}: already holds a {check.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s recording; choose another name or pass --force to overwrite it");
        }
    }

    private static string RecoveredName(string path)
    {
        var stem = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path));
        for (var n = 1; ; n++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{stem}.recovered-{n}.wav");
            if (!File.Exists(candidate))
            {
                return candidate;
            }
        }
    }
}
