using VoiceCoach.Audio.Speech;
using VoiceCoach.Core.Audio;

using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Audio.Speech;

/// <summary>The process-driven synthesizers against fake tools, and engine selection.</summary>
public sealed class SpeechSynthesizerTests
{
    private const string Hostile = "-v xx \"$(touch pwned)\"; rm -rf ~ `id` | tee x & echo 'it's'";

    [UnixFact]
    public async Task SynthesizeAsync_Espeak_SendsTextOnStdinNeverAsArgument()
    {
        using var tool = new FakeTool("espeak-ng");
        var synthesizer = new EspeakSynthesizer(tool.Executable);

        await synthesizer.SynthesizeAsync(Hostile);

        Assert.Equal(Hostile + "\n", tool.Stdin);
        Assert.DoesNotContain(tool.Arguments, a => a.Contains("pwned", StringComparison.Ordinal));
        Assert.Equal("--stdin", tool.Arguments[^1]);
        Assert.False(File.Exists(Path.Combine(tool.Directory, "pwned")));
    }

    [UnixFact]
    public async Task SynthesizeAsync_22kHzWav_Returns16kHzClipOfTheSameDuration()
    {
        using var tool = new FakeTool("espeak-ng");

        var clip = await new EspeakSynthesizer(tool.Executable).SynthesizeAsync("Tell me about yourself.");

        Assert.Equal(1.5, clip.Duration.TotalSeconds, 2);
        Assert.InRange(Signals.Rms(clip.Samples), 0.25, 0.32);
        Assert.Equal("espeak-ng: Tell me about yourself.", clip.Source);
    }

    [UnixFact]
    public async Task SynthesizeAsync_AfterRun_DeletesTheTemporaryFolder()
    {
        using var tool = new FakeTool("espeak-ng");

        await new EspeakSynthesizer(tool.Executable).SynthesizeAsync("Hello.");

        var output = tool.Arguments[Array.IndexOf(tool.Arguments, "-w") + 1];
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)), output);
    }

    [UnixFact]
    public async Task SynthesizeAsync_Cancelled_KillsTheToolAndCleansUp()
    {
        using var tool = new FakeTool("espeak-ng", "echo $$ > \"$dir/pid\"; sleep 300");
        using var cts = new CancellationTokenSource();
        var pidFile = Path.Combine(tool.Directory, "pid");

        var synthesizing = new EspeakSynthesizer(tool.Executable).SynthesizeAsync("Hello.", cts.Token);
        Assert.True(await HangGuard.UntilAsync(() => File.Exists(pidFile)), "the tool never started");

        await cts.CancelAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => synthesizing);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(120), started.Elapsed.ToString()); // killed, not waited out (300 s)
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"process {pid} still running");
        var output = tool.Arguments[Array.IndexOf(tool.Arguments, "-w") + 1];
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)), output);
    }

    [UnixFact]
    public async Task SynthesizeAsync_ToolFails_ThrowsOneLineNamingTheEngine()
    {
        using var tool = new FakeTool("espeak-ng", "echo 'espeak-ng: no voice data' >&2; exit 1");

        var e = await Assert.ThrowsAsync<SpeechSynthesisException>(() => new EspeakSynthesizer(tool.Executable).SynthesizeAsync("Hello."));

        Assert.Equal("espeak-ng: failed with exit code 1 (espeak-ng: no voice data); check that `espeak-ng` works from a terminal, or choose another voice", e.Message);
    }

    [UnixFact]
    public async Task SynthesizeAsync_FestivalWithoutTheNaturalVoice_FallsBackToTheDefaultVoice()
    {
        // Festival's own behaviour: an unknown voice is an unbound variable, exit code 0, no file.
        using var tool = new FakeTool("text2wave", """
            if grep -q -- '-eval' "$dir/args.txt"; then echo 'SIOD ERROR: unbound variable : voice_cmu_us_slt_arctic_hts' >&2; rm "$dir/args.txt"; exit 0; fi
            """);
        var synthesizer = new FestivalSynthesizer(tool.Executable);
        Assert.Equal("festival (cmu_us_slt_arctic_hts)", synthesizer.Name);

        var clip = await synthesizer.SynthesizeAsync("Why do you want this job?");

        Assert.Equal(1.5, clip.Duration.TotalSeconds, 2);
        Assert.DoesNotContain("-eval", tool.Arguments);
        Assert.Equal("festival", synthesizer.Name);
    }

    [UnixFact]
    public async Task SynthesizeAsync_Festival_AsksForTheNaturalVoiceWithPlainPunctuation()
    {
        using var tool = new FakeTool("text2wave");

        await new FestivalSynthesizer(tool.Executable).SynthesizeAsync("What\u2019s your \u201Cbiggest\u201D weakness\u2014honestly\u2026");

        Assert.Equal(["-o", tool.Arguments[1], "-eval", "(voice_cmu_us_slt_arctic_hts)"], tool.Arguments);
        Assert.Equal("What's your \"biggest\" weakness, honestly...\n", tool.Stdin);
    }

    [Fact]
    public void FestivalSynthesizer_VoiceWithSchemeSyntax_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FestivalSynthesizer("/usr/bin/text2wave", "x) (system \"id\""));
    }

    [Fact]
    public void Create_UnknownName_ListsTheEngines()
    {
        var e = Assert.Throws<SpeechSynthesisException>(() => SpeechSynthesizers.Create("klatt"));

        Assert.Equal("klatt: unknown voice engine; choose one of auto, festival, espeak-ng, say, sapi", e.Message);
    }

    [Fact]
    public void Create_NamedEngineMissing_SaysWhatToInstall()
    {
        using var empty = new TempDirectory();

        var e = Assert.Throws<SpeechSynthesisException>(() => SpeechSynthesizers.Create("espeak-ng", empty.Path));

        Assert.Equal("espeak-ng: not installed; apt-get install espeak-ng (brew install espeak-ng on macOS)", e.Message);
    }

    [UnixFact]
    public void Create_NothingInstalled_SaysWhatToInstall()
    {
        using var empty = new TempDirectory();

        var e = Assert.Throws<SpeechSynthesisException>(() => SpeechSynthesizers.Create(null, empty.Path));

        var expected = OperatingSystem.IsMacOS()
            ? "no speech synthesizer: none installed; `say` is missing from /usr/bin; brew install espeak-ng"
            : "no speech synthesizer: none installed; apt-get install festival festvox-us-slt-hts or espeak-ng";
        Assert.Equal(expected, e.Message);
        Assert.Empty(SpeechSynthesizers.Available(empty.Path));
    }

    [UnixFact]
    public void Create_AutoWithOnlyEspeak_ChoosesEspeak()
    {
        using var tool = new FakeTool("espeak-ng");

        var synthesizer = SpeechSynthesizers.Create("auto", tool.Directory);

        Assert.IsType<EspeakSynthesizer>(synthesizer);
        Assert.Equal(["espeak-ng"], SpeechSynthesizers.Available(tool.Directory));
    }

    [UnixFact]
    public void Create_NameInAnyCaseOrAlias_FindsTheEngine()
    {
        using var tool = new FakeTool("espeak-ng");

        var names = new[] { "ESPEAK-NG", " espeak " }.Select(name => SpeechSynthesizers.Create(name, tool.Directory).Name);

        Assert.Equal(["espeak-ng", "espeak-ng"], names);
    }
}
