using System.Runtime.Versioning;
using NAudio.CoreAudioApi;
using NAudio.Wave;
using VoiceCoach.Audio.Devices;

namespace VoiceCoach.Audio.Windows;

/// <summary>
/// WASAPI through NAudio.Wasapi: endpoints by their id ("wasapi:{0.0.1.00000000}.{guid}") or by a part of their
/// friendly name; shared mode, so capture arrives in the mixer's format (converted by the source). Thin on purpose:
/// everything that can be decided without a device is decided elsewhere and tested there.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WasapiApi : IWindowsAudioApi
{
    public string Name => "wasapi";

    public IReadOnlyList<AudioDeviceInfo> ListDevices()
    {
        using var enumerator = new MMDeviceEnumerator();
        var defaultIn = DefaultId(enumerator, DataFlow.Capture);
        var defaultOut = DefaultId(enumerator, DataFlow.Render);
        using var endpoints = enumerator.EnumerateAudioEndPoints(DataFlow.All, DeviceState.Active);
        var list = new List<AudioDeviceInfo>();
        foreach (var endpoint in endpoints)
        {
            using (endpoint)
            {
                var capture = endpoint.DataFlow == DataFlow.Capture;
                list.Add(new AudioDeviceInfo($"{Name}:{endpoint.ID}", $"{endpoint.FriendlyName} (WASAPI)", endpoint.ID == (capture ? defaultIn : defaultOut), capture, !capture));
            }
        }

        return list;
    }

    public IWaveIn OpenCapture(string? device, TimeSpan buffer)
    {
        using var enumerator = new MMDeviceEnumerator();
        var recorder = new WasapiRecorderBuilder()
            .WithDevice(Find(enumerator, device, DataFlow.Capture))
            .WithSharedMode()
            .WithEventSync()
            .WithBufferLength(Math.Max(20, (int)buffer.TotalMilliseconds))
            .Build();
        return new WasapiRecorderWaveIn(recorder);
    }

    public IWavePlayer OpenPlayback(string? device)
    {
        using var enumerator = new MMDeviceEnumerator();
        return new WasapiPlayerBuilder().WithDevice(Find(enumerator, device, DataFlow.Render)).WithSharedMode().WithEventSync().WithLatency(100).Build();
    }

    private static MMDevice Find(MMDeviceEnumerator enumerator, string? device, DataFlow flow)
    {
        if (device is null)
        {
            return enumerator.GetDefaultAudioEndpoint(flow, Role.Communications);
        }

        using var endpoints = enumerator.EnumerateAudioEndPoints(flow, DeviceState.Active);
        return endpoints.FirstOrDefault(e => e.ID == device)
            ?? endpoints.FirstOrDefault(e => e.FriendlyName.Contains(device, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"no active {(flow == DataFlow.Capture ? "input" : "output")} endpoint with that id or name");
    }

    private static string? DefaultId(MMDeviceEnumerator enumerator, DataFlow flow)
    {
        if (!enumerator.TryGetDefaultAudioEndpoint(flow, Role.Communications, out var device))
        {
            return null;
        }

        using (device)
        {
            return device.ID;
        }
    }
}
