using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Cli.Practice;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Practice;
using VoiceCoach.Speech.Adaptation;

namespace VoiceCoach.Cli.Commands;

/// <summary>
/// `voicecoach enroll [--from DIR] [--profile DIR] [--list]`: the speaker reads the enrollment sentences aloud (or
/// gives recordings of them) and PocketSphinx's acoustic model is adapted to their voice and room
/// (<see cref="VoiceAdapter"/>). Every later PocketSphinx transcription uses the profile unless told otherwise.
/// </summary>
internal static class EnrollCommand
{
    private static readonly TimeSpan MaxSentence = TimeSpan.FromSeconds(25);

    public static Command Create(CliServices services)
    {
        var from = new Option<string?>("--from") { Description = "Adapt from recordings instead of the microphone: a folder of WAV files in name order, one per sentence of --list (or per line of a sentences.txt beside them)." };
        var profile = new Option<string?>("--profile") { Description = "Where the voice profile goes (default: your profile, which every PocketSphinx transcription then uses)." };
        var list = new Option<bool>("--list") { Description = "Print the sentences to read, numbered, and stop." };
        var device = new Option<string?>("--device") { Description = "Input device (see `voicecoach devices`); default: the system default." };
        var backend = DevicesCommand.BackendOption();
        var command = new Command("enroll", "Adapt the embedded recogniser (PocketSphinx) to your voice: read about forty sentences aloud once.") { from, profile, list, device, backend };
        command.SetAction(async (parse, ct) =>
        {
            var library = PromptsLocator.Load(parse.GetValue(CliApp.PromptsOption), services.WorkingDirectory);
            var sentences = EnrollmentScript.Sentences(CompanyTerms(library));
            if (parse.GetValue(list))
            {
                for (var i = 0; i < sentences.Count; i++)
                {
                    services.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1:000}\t{sentences[i]}"));
                }

                return ExitCodes.Success;
            }

            var target = parse.GetValue(profile) is { } given ? Path.GetFullPath(given, services.WorkingDirectory) : EngineFactory.DefaultVoiceProfile;
            var recordings = parse.GetValue(from) is { } folder
                ? await FromFolderAsync(services, Path.GetFullPath(folder, services.WorkingDirectory), sentences, ct)
                : await FromMicrophoneAsync(services, sentences, target, parse.GetValue(backend), parse.GetValue(device), ct);
            var options = EngineFactory.SphinxOptionsFor(new EngineRequest("sphinx") { Prompts = parse.GetValue(CliApp.PromptsOption), VoiceProfile = "none" }, services.Logging, services.WorkingDirectory);
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Adapting the recogniser to {recordings.Count} sentences…"));
            var made = await VoiceAdapter.AdaptAsync(recordings, options, target, services.Time.GetUtcNow(), services.Logging.CreateLogger("enroll"), ct);
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Voice profile [bold]{Markup.Escape(made.Name)}[/] written to {Markup.Escape(made.Directory)}: {made.Aligned} of {made.Sentences} sentences matched ({made.SpeechSeconds / 60:0.0} min of speech)."));
            services.Console.MarkupLine(target == EngineFactory.DefaultVoiceProfile
                ? "PocketSphinx uses it from now on (the report header says so); --voice-profile none turns it off."
                : $"Use it with --voice-profile {Markup.Escape(target)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The terms the grader looks for, so the speaker says them once: company names, value names, key phrases, role terms.</summary>
    internal static IEnumerable<string> CompanyTerms(PromptLibrary library) =>
        library.Companies.SelectMany(c => c.MainTerms)
            .Where(t => !t.Contains('*', StringComparison.Ordinal)) // a pattern ("filmmak*"), not something to read
            .Select(t => t.Replace("&", " and ", StringComparison.Ordinal))
            .DistinctBy(t => string.Join(' ', t.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal);

    /// <summary>WAV files in name order, one per sentence; a sentences.txt in the folder gives the sentences instead of the script.</summary>
    internal static async Task<IReadOnlyList<EnrollmentRecording>> FromFolderAsync(CliServices services, string folder, IReadOnlyList<string> script, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliUserException($"--from {folder}: no such folder; give the folder holding one WAV per sentence (voicecoach enroll --list shows them)");
        }

        var files = Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal).ToList();
        var listed = Path.Combine(folder, "sentences.txt");
        var sentences = File.Exists(listed)
            ? File.ReadAllLines(listed).Where(l => l.Trim().Length > 0).ToList()
            : script;
        if (files.Count != sentences.Count)
        {
            var source = File.Exists(listed) ? $"the {sentences.Count} lines of {listed}" : $"the {sentences.Count} enrollment sentences (voicecoach enroll --list)";
            throw new CliUserException($"--from {folder}: {files.Count} WAV file(s) for {source}; record one file per sentence, named in order (001.wav, 002.wav, …)");
        }

        var recordings = new List<EnrollmentRecording>();
        for (var i = 0; i < files.Count; i++)
        {
            recordings.Add(new EnrollmentRecording(sentences[i], await services.LoadAudioAsync(files[i], ct)));
        }

        return recordings;
    }

    private static async Task<IReadOnlyList<EnrollmentRecording>> FromMicrophoneAsync(
        CliServices services, IReadOnlyList<string> sentences, string profile, VoiceCoach.Audio.Devices.AudioBackendKind backend, string? device, CancellationToken ct)
    {
        var keys = new ConsoleKeys();
        if (!keys.Available)
        {
            throw new CliUserException("enroll: reading from the microphone needs a keyboard to say when each sentence is done; record the sentences (voicecoach enroll --list) and use --from DIR");
        }

        var source = AudioBackends.Create(backend).CreateSource(device);
        var folder = Directory.CreateDirectory(Path.Combine(profile, "enrollment")).FullName;
        services.Console.MarkupLine($"Read each sentence aloud as it appears, at your normal pace, from [bold]{Markup.Escape(source.Name)}[/]. Enter: next sentence, r: read it again, q: stop here.");
        var recordings = new List<EnrollmentRecording>();
        for (var i = 0; i < sentences.Count; i++)
        {
            services.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]{i + 1}/{sentences.Count}[/]  [bold]{Markup.Escape(sentences[i])}[/]"));
            var path = Path.Combine(folder, (i + 1).ToString("000", CultureInfo.InvariantCulture) + ".wav");
            var command = await RecordSentenceAsync(services, keys, source, path, ct);
            if (command == SessionCommand.Redo)
            {
                i--;
                continue;
            }

            recordings.Add(new EnrollmentRecording(sentences[i], await services.LoadAudioAsync(path, ct)));
            if (command == SessionCommand.Quit)
            {
                break;
            }
        }

        return recordings;
    }

    /// <summary>Records until a key ends the sentence (or 25 s pass); returns Done, Redo or Quit.</summary>
    private static async Task<SessionCommand> RecordSentenceAsync(CliServices services, ConsoleKeys keys, VoiceCoach.Core.Audio.IAudioSource source, string path, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var recording = VoiceCoach.Audio.Recording.Recorder.RecordAsync(source, path, new VoiceCoach.Audio.Recording.RecorderOptions { MaxDuration = MaxSentence }, null, stop.Token);
        var command = SessionCommand.Done;
        while (!recording.IsCompleted)
        {
            if (keys.Poll() is { } key && key is SessionCommand.Done or SessionCommand.Redo or SessionCommand.Quit)
            {
                command = key;
                await stop.CancelAsync();
                break;
            }

            await Task.WhenAny(recording, Task.Delay(TimeSpan.FromMilliseconds(50), services.Time, ct));
        }

        await recording;
        ct.ThrowIfCancellationRequested();
        return command;
    }
}
