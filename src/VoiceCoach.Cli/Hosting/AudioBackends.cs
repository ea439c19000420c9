using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Audio.Windows;

namespace VoiceCoach.Cli.Hosting;

/// <summary>
/// The audio backends of this program: ALSA or a recorder process from VoiceCoach.Audio, and on Windows NAudio's WASAPI
/// and WinMM from VoiceCoach.Audio.Windows. That assembly is loaded only when a Windows backend is made, which only
/// happens on Windows: <see cref="Windows"/> is compiled on its first call, never elsewhere.
/// </summary>
internal static class AudioBackends
{
    /// <summary>The backend for <paramref name="kind"/> (see <see cref="AudioBackend.Create"/>).</summary>
    public static AudioBackend Create(AudioBackendKind kind) => AudioBackend.Create(kind, OperatingSystem.IsWindows() ? Windows : null);

    // Its signature names only VoiceCoach.Audio types: creating the delegate in Create then loads nothing of Windows'
    // (with NAudioBackend as the return type, binding the delegate loaded VoiceCoach.Audio.Windows on Linux).
    [MethodImpl(MethodImplOptions.NoInlining)]
    [SupportedOSPlatform("windows")]
    private static AudioBackend Windows(AudioBackendKind kind) => NAudioBackend.Create(kind);
}
