using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using VoiceCoach.Core.Transcription;
using Whisper.net.LibraryLoader;
using Whisper.net.Logger;
using NetFactory = Whisper.net.WhisperFactory;
using NetFactoryOptions = Whisper.net.WhisperFactoryOptions;

namespace VoiceCoach.Speech.WhisperNet;

/// <summary>
/// Whisper.net's native side in one place: loading a model (and with it the whisper.cpp library), routing whisper.cpp's
/// log lines into ours, which build was loaded, and whether a GPU build is there to be loaded. Whisper.net keeps the
/// loaded library for the whole process; so does this class.
/// </summary>
public static class WhisperNetRuntime
{
    private static readonly Lock LogLock = new();
    private static IDisposable? _logRoute;

    /// <summary>
    /// The whisper.cpp builds Whisper.net looks for under runtimes/ that run on a GPU. None is on the package mirror
    /// this project builds from (Whisper.net.Runtime.Cuda, .Vulkan are not served); one dropped beside the program is used.
    /// </summary>
    private static readonly (string Folder, string Name)[] GpuFolders = [("cuda", "cuda"), ("cuda12", "cuda 12"), ("vulkan", "vulkan")];

    /// <summary>The build Whisper.net loaded ("cpu", "cuda", "vulkan", "cpu (no avx)", …), or "not loaded".</summary>
    public static string LoadedRuntime => RuntimeOptions.LoadedLibrary is { } library ? Describe(library) : "not loaded";

    /// <summary>True when the loaded build runs on a GPU: CUDA or Vulkan, or the macOS arm64 build, which has Metal.</summary>
    public static bool LoadedRuntimeUsesGpu => RuntimeOptions.LoadedLibrary switch
    {
        RuntimeLibrary.Cuda or RuntimeLibrary.Cuda12 or RuntimeLibrary.Vulkan => true,
        RuntimeLibrary.Cpu => HasMetal(AppContext.BaseDirectory),
        _ => false,
    };

    /// <summary>
    /// The GPU build of whisper.cpp found beside the program for this platform ("metal", "cuda", "vulkan"), or null:
    /// looked up on disk, nothing loaded. Whisper.net still checks for a CUDA device when it loads and falls back to
    /// its CPU build without one, so <see cref="LoadedRuntimeUsesGpu"/> has the last word.
    /// </summary>
    public static string? FindGpuRuntime(string baseDirectory)
    {
        if (HasMetal(baseDirectory))
        {
            return "metal";
        }

        var platform = PlatformFolder();
        return platform is null
            ? null
            : GpuFolders.Where(g => Directory.Exists(Path.Combine(baseDirectory, "runtimes", g.Folder, platform))).Select(g => g.Name).FirstOrDefault();
    }

    /// <summary>Loads <paramref name="modelPath"/> into whisper.cpp (the native library on first use); the caller disposes the factory.</summary>
    /// <exception cref="TranscriptionException">The native library does not load here, or whisper.cpp refuses the model.</exception>
    internal static NetFactory LoadModel(string modelPath, ILogger logger)
    {
        RouteLog(logger);
        try
        {
            return NetFactory.FromPath(modelPath, new NetFactoryOptions { UseGpu = true });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DllNotFoundException or PlatformNotSupportedException or BadImageFormatException)
        {
            throw new TranscriptionException(
                $"Whisper.net: no whisper.cpp library for {RuntimeInformation.RuntimeIdentifier} beside the program ({ex.Message}); "
                + "build for this platform (WhisperNetRuntimeIdentifiers in src/VoiceCoach.Speech.WhisperNet) or use --engine whisper (the managed engine)",
                ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TranscriptionException($"{modelPath}: whisper.cpp could not load the model ({ex.Message}); --verbose shows its log", ex);
        }
    }

    private static void RouteLog(ILogger logger)
    {
        lock (LogLock)
        {
            // One route for the process: whisper.cpp's log is global, and the first engine's logger is the CLI's.
            _logRoute ??= LogProvider.AddLogger((level, message) =>
            {
                var text = message?.TrimEnd();
                if (string.IsNullOrEmpty(text))
                {
                    return;
                }

                var mapped = level switch
                {
                    WhisperLogLevel.Error => LogLevel.Error,
                    WhisperLogLevel.Warning => LogLevel.Warning,
                    _ => LogLevel.Debug,
                };
                logger.Log(mapped, "whisper.cpp: {Message}", text);
            });
        }
    }

    private static bool HasMetal(string baseDirectory) =>
        OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64
        && File.Exists(Path.Combine(baseDirectory, "runtimes", "macos-arm64", "libggml-metal-whisper.dylib"));

    /// <summary>Whisper.net's folder name for this platform under runtimes/ ("linux-x64", "macos-arm64", …), or null.</summary>
    internal static string? PlatformFolder()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "macos" : null;
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => null,
        };
        return os is null || arch is null ? null : $"{os}-{arch}";
    }

    private static string Describe(RuntimeLibrary library) => library switch
    {
        RuntimeLibrary.Cpu => HasMetal(AppContext.BaseDirectory) ? "metal" : "cpu",
        RuntimeLibrary.CpuNoAvx => "cpu, no avx",
        RuntimeLibrary.Cuda12 => "cuda 12",
        _ => library.ToString().ToLowerInvariant(),
    };
}
