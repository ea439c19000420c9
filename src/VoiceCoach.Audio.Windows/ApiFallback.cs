using System.Globalization;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// Opens a device through the first API that manages it: a device id with an API prefix ("wasapi:…", "winmm:0") goes to
/// that API only; "default", null or a bare name go to each in order (WASAPI, then WinMM). When all fail, one
/// <see cref="AudioDeviceException"/> names the device and what each API said.
/// </summary>
internal static class ApiFallback
{
    public static (T Device, IWindowsAudioApi Api) Open<T>(IReadOnlyList<IWindowsAudioApi> apis, string? device, string what, string fix, Func<IWindowsAudioApi, string?, T> open)
    {
        var name = device ?? "default";
        var failures = new List<string>();
        Exception? last = null;
        foreach (var (api, id) in Candidates(apis, device))
        {
            try
            {
                return (open(api, id), api);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{api.Name}: {e.Message.TrimEnd('.', ' ', '\r', '\n')}"));
                last = e;
            }
        }

        if (failures.Count == 0)
        {
            throw new AudioDeviceException(name, $"no audio API for this device (known: {string.Join(", ", apis.Select(a => a.Name))})", "`voicecoach devices` lists the devices");
        }

        throw new AudioDeviceException(name, $"cannot open for {what} ({string.Join("; ", failures)})", fix, last!);
    }

    private static IEnumerable<(IWindowsAudioApi Api, string? Id)> Candidates(IReadOnlyList<IWindowsAudioApi> apis, string? device)
    {
        foreach (var api in apis)
        {
            var prefix = api.Name + ":";
            if (device is not null && device.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                yield return (api, device[prefix.Length..]);
                yield break;
            }
        }

        foreach (var api in apis)
        {
            if (device is null || !apis.Any(a => device.StartsWith(a.Name + ":", StringComparison.OrdinalIgnoreCase)))
            {
                yield return (api, device is null or "default" ? null : device);
            }
        }
    }
}
