using VoiceCoach.Audio.Wav;
using VoiceCoach.Cli.Hosting;
using VoiceCoach.Core.Audio;
using VoiceCoach.Testing;

namespace VoiceCoach.Tests.Cli;

public sealed class RecordCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-rec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Record_OverAGoodRecordingWithoutForce_RefusesAndKeepsIt()
    {
        var path = Path.Combine(_dir, "answer.wav");
        WavWriter.WriteFile(path, new AudioClip(new float[16000 * 2]));
        var before = File.ReadAllBytes(path);
        using var cli = new CliHarness(_dir);

        var code = await cli.RunAsync("record", "answer.wav", "--seconds", "1");

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("answer.wav: already holds a 2.0 s recording", cli.ConsoleText, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void KeepEarlierRecording_FileLeftByACrash_IsRepairedAndKept()
    {
        // A crash before the first header rewrite leaves data size 0 with audio after it.
        var path = Path.Combine(_dir, "answer.wav");
        WavWriter.WriteFile(path, new AudioClip(new float[16000 * 3]));
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(0).CopyTo(bytes, 40);
        BitConverter.GetBytes(36).CopyTo(bytes, 4);
        File.WriteAllBytes(path, bytes);
        using var cli = new CliHarness(_dir);
        var services = cli.Services();

        VoiceCoach.Cli.Commands.RecordCommand.KeepEarlierRecording(services, path, force: false);

        var kept = Path.Combine(_dir, "answer.recovered-1.wav");
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(kept));
        Assert.False(WavRepair.Inspect(kept).NeedsRepair);
        Assert.Equal(3.0, WavRepair.Inspect(kept).Duration.TotalSeconds, 2);
    }
}
