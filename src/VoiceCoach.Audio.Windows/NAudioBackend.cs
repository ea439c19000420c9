using System.Runtime.Versioning;
using VoiceCoach.Audio.Devices;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// Windows audio through NAudio: a list of APIs tried in order for every device (WASAPI then WinMM by default). Device
/// ids carry their API ("wasapi:…", "winmm:0"); "default" or none opens the default device of the first API that works.
/// Stateless and cheap; sources and sinks own their device while capturing or playing.
/// </summary>
public sealed class NAudioBackend : AudioBackend
{
    private readonly IReadOnlyList<IWindowsAudioApi> _apis;

    /// <summary>A backend over <paramref name="apis"/>, tried in order (tests pass fakes).</summary>
    public NAudioBackend(IReadOnlyList<IWindowsAudioApi> apis)
    {
        ArgumentNullException.ThrowIfNull(apis);
        if (apis.Count == 0)
        {
            throw new ArgumentException("give at least one audio API", nameof(apis));
        }

        _apis = apis;
    }

    /// <inheritdoc/>
    public override string Name => string.Join(", ", _apis.Select(a => a.Name));

    /// <summary>The backend for <paramref name="kind"/>: Wasapi or WinMM alone, or Auto (WASAPI, then WinMM).</summary>
    [SupportedOSPlatform("windows")]
    public static NAudioBackend Create(AudioBackendKind kind) => kind switch
    {
        AudioBackendKind.Wasapi => new NAudioBackend([new WasapiApi()]),
        AudioBackendKind.WinMM => new NAudioBackend([new WinMMApi()]),
        _ => new NAudioBackend([new WasapiApi(), new WinMMApi()]),
    };

    /// <inheritdoc/>
    public override IReadOnlyList<AudioDeviceInfo> ListDevices()
    {
        var devices = new List<AudioDeviceInfo> { new("default", $"Windows default devices ({Name}, first that opens)", true, true, true) };
        foreach (var api in _apis)
        {
            try
            {
                devices.AddRange(api.ListDevices());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                devices.Add(new AudioDeviceInfo(api.Name + ":", $"{api.Name} cannot list its devices: {e.Message.TrimEnd('.')}", false, false, false));
            }
        }

        return devices;
    }

    /// <inheritdoc/>
    public override IAudioSource CreateSource(string? device = null, CaptureOptions? options = null) => new NAudioAudioSource(_apis, Normalise(device), options);

    /// <inheritdoc/>
    public override IAudioSink CreateSink(string? device = null) => new NAudioAudioSink(_apis, Normalise(device));

    private static string? Normalise(string? device) => device is null || device.Equals("default", StringComparison.OrdinalIgnoreCase) ? null : device;
}
