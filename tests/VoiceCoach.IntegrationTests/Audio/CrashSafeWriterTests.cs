using System.Diagnostics;
using System.Globalization;
using VoiceCoach.Audio.Wav;
using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Audio;

/// <summary>The crash-safe WAV writer, killed with SIGKILL in a child process.</summary>
public sealed class CrashSafeWriterTests(ITestOutputHelper output)
{
    [Fact]
    public void Kill9_WhileWriting_LeavesAValidWavMissingAtMostOneSecond()
    {
        var dir = Directory.CreateTempSubdirectory("voicecoach-kill9-").FullName;
        var wav = Path.Combine(dir, "rec.wav");
        try
        {
            var info = new ProcessStartInfo(VirtualAlsa.DotnetHost) { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(typeof(AudioTestHost).Assembly.Location);
            info.ArgumentList.Add("write-forever");
            info.ArgumentList.Add(wav);
            using var child = Process.Start(info)!;
            long reported = 0;
            while (reported < 16000 * 5 / 2) // let it write 2.5 s
            {
                var line = child.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the writer exited early");
                if (line.StartsWith("frames\t", StringComparison.Ordinal))
                {
                    reported = long.Parse(line[7..], CultureInfo.InvariantCulture);
                }
            }

            child.Kill(); // SIGKILL on Unix: no finally blocks, no Dispose
            child.WaitForExit();
            foreach (var line in child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith("frames\t", StringComparison.Ordinal))
                {
                    reported = long.Parse(line[7..], CultureInfo.InvariantCulture);
                }
            }

            var read = WavReader.ReadFile(wav);
            var missing = (reported - read.Clip.Samples.Length) / 16000.0;
            output.WriteLine($"written {reported / 16000.0:F3} s, readable after kill -9 {read.Info.Duration.TotalSeconds:F3} s, missing {missing:F3} s");
            Assert.Null(read.Info.Warning);
            Assert.InRange(missing, 0, 1.0);

            var repaired = WavRepair.Repair(wav);
            output.WriteLine(repaired.Description);
            Assert.InRange((reported * 2) - repaired.ActualDataBytes, 0, 32000);
            Assert.False(WavRepair.Inspect(wav).NeedsRepair);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
