using System.Globalization;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Audio.Devices.Alsa;
using VoiceCoach.Audio.Devices.Processes;
using VoiceCoach.Audio.Recording;
using VoiceCoach.Audio.Speech;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.IntegrationTests.Audio;

/// <summary>
/// Entry point of this assembly when a test runs it as a child process (`dotnet
/// VoiceCoach.IntegrationTests.dll &lt;command&gt; …`): ALSA reads ALSA_CONFIG_PATH from the real
/// process environment, which a test can only set for a child; and a crash test needs a writer it
/// can kill -9. Output is line-based on stdout; the exit code is 0 on success.
/// </summary>
public static class AudioTestHost
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            return 2;
        }

        try
        {
            switch (args[0])
            {
                case "record":
                    return Record(args[1], args[2], double.Parse(args[3], CultureInfo.InvariantCulture), args.Length > 5 ? int.Parse(args[4], CultureInfo.InvariantCulture) : null, args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : null);
                case "record-process":
                    var source = new ProcessBackend(args[1]).CreateSource(args[2] == "-" ? null : args[2]);
                    var result = Recorder.RecordAsync(source, args[3], new RecorderOptions { MaxDuration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture)) }).GetAwaiter().GetResult();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recorded\t{result.Duration.TotalSeconds:F3}"));
                    return 0;
                case "play":
                    new AlsaBackend().CreateSink(args[1]).PlayAsync(VoiceCoach.Audio.AudioFileReader.ReadClip(args[2])).GetAwaiter().GetResult();
                    return 0;
                case "speak":
                    var speaker = new Speaker(SpeechSynthesizers.Create(args[1]), new AlsaBackend().CreateSink(args[2]));
                    speaker.SpeakAsync(args[3]).GetAwaiter().GetResult();
                    Console.WriteLine("spoken\t" + speaker.Name);
                    return 0;
                case "devices":
                    foreach (var d in new AlsaBackend().ListDevices())
                    {
                        Console.WriteLine(string.Join('\t', d.Id, d.IsDefault ? "default" : "-", d.CanCapture ? "in" : "-", d.CanPlay ? "out" : "-", d.Description));
                    }

                    return 0;
                case "backend-assemblies":
                    // The CLI's backend choice, then which audio assemblies the process has loaded.
                    var backend = VoiceCoach.Cli.Hosting.AudioBackends.Create(AudioBackendKind.Auto);
                    _ = backend.ListDevices();
                    Console.WriteLine("backend\t" + backend.Name);
                    foreach (var name in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty).Where(n => n.StartsWith("NAudio", StringComparison.Ordinal) || n == "VoiceCoach.Audio.Windows").Order(StringComparer.Ordinal))
                    {
                        Console.WriteLine("loaded\t" + name);
                    }

                    return 0;
                case "write-forever":
                    return WriteForever(args[1]);
                default:
                    return 2;
            }
        }
        catch (Exception e) when (e is AudioDeviceException or SpeechSynthesisException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static int Record(string device, string path, double seconds, int? rate, int? channels)
    {
        var source = (AlsaAudioSource)new AlsaBackend().CreateSource(device, new CaptureOptions { SampleRate = rate, Channels = channels });
        var result = Recorder.RecordAsync(source, path, new RecorderOptions { MaxDuration = TimeSpan.FromSeconds(seconds) }).GetAwaiter().GetResult();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"native\t{source.NativeFormat.SampleRate}\t{source.NativeFormat.Channels}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recorded\t{result.Duration.TotalSeconds:F3}"));
        Console.WriteLine("warning\t" + (result.SilenceWarning ?? "-"));
        return 0;
    }

    private static int WriteForever(string path)
    {
        var frame = new float[320];
        using var writer = new StreamingWavWriter(path);
        Console.WriteLine("started");
        for (var n = 0L; ; n++)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * ((n * frame.Length) + i) / AudioClip.SampleRate));
            }

            writer.Write(frame);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames\t{writer.FramesWritten}"));
            Thread.Sleep(20);
        }
    }
}
