using VoiceCoach.Audio.Devices.Alsa;

namespace VoiceCoach.Tests.Audio.Devices;

/// <summary>In-process ALSA calls against the machine's own configuration (CI: libasound2, no sound card).</summary>
public sealed class AlsaBackendTests
{
    [Fact]
    public void ListDevices_AnyConfiguration_AlwaysOffersTheDefaultDeviceFirstAmongDefaults()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var devices = new AlsaBackend().ListDevices();

        var single = Assert.Single(devices, d => d.IsDefault);
        Assert.Equal("default", single.Id);
    }
}
