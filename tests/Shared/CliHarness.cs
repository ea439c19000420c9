using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using VoiceCoach.Audio;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Grading.Reports;

namespace VoiceCoach.Testing;

/// <summary>Runs the real command tree against a captured console, with injectable audio and transcriber.</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly StringWriter _out = new();

    public CliHarness(string? workingDirectory = null)
    {
        WorkingDirectory = workingDirectory ?? RepoPaths.Root;
    }

    public string WorkingDirectory { get; }

    /// <summary>
    /// The product's own audio reading and engines (EngineFactory, from the request each command builds), in
    /// <paramref name="workingDirectory"/> (the repository when null); <paramref name="engine"/>, when given, replaces the
    /// engine the command asked for ("sphinx" where a Whisper model on the machine must not be picked up).
    /// </summary>
    public static CliHarness WithRealEngines(string? workingDirectory = null, string? engine = null)
    {
        var harness = new CliHarness(workingDirectory);
        harness.LoadAudioAsync = (path, ct) => Task.Run(() => AudioFileReader.ReadClip(path, ct), ct);
        harness.CreateTranscriber = r => EngineFactory.Create(engine is null ? r : r with { Engine = engine }, NullLoggerFactory.Instance, harness.WorkingDirectory);
        return harness;
    }

    public Func<string, CancellationToken, Task<AudioClip>> LoadAudioAsync { get; set; } =
        (path, _) => throw new InvalidOperationException($"test did not expect audio: {path}");

    public Func<EngineRequest, ITranscriber> CreateTranscriber { get; set; } =
        r => throw new InvalidOperationException($"test did not expect a transcriber: {r}");

    /// <summary>How long a session write waits for another command holding the folder's lock.</summary>
    public TimeSpan SessionLockWait { get; set; } = SessionFolder.DefaultLockWait;

    public string ConsoleText => _console.ToString();

    public string OutText => _out.ToString();

    public void Dispose()
    {
        _console.Dispose();
        _out.Dispose();
    }

    /// <summary>The services a run would get, for calling command helpers directly.</summary>
    public CliServices Services() => Build();

    public async Task<int> RunAsync(params string[] args) => await CliApp.RunAsync(args, Build(), CancellationToken.None);

    private CliServices Build()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_console),
        });
        console.Profile.Width = 200;
        return new CliServices
        {
            Console = console,
            Out = _out,
            Time = new FixedTimeProvider(new DateTimeOffset(2026, 11, 22, 19, 30, 0, TimeSpan.Zero)),
            Logging = NullLoggerFactory.Instance,
            LogPath = "test.log",
            WorkingDirectory = WorkingDirectory,
            LoadAudioAsync = LoadAudioAsync,
            CreateTranscriber = CreateTranscriber,
            SessionLockWait = SessionLockWait,
        };
    }
}
