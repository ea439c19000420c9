namespace VoiceCoach.Audio.Devices;

/// <summary>A capture or playback device as a backend lists it.</summary>
/// <param name="Id">What to pass to <see cref="AudioBackend.CreateSource"/> or <see cref="AudioBackend.CreateSink"/> (e.g. "default", "hw:CARD=PCH,DEV=0").</param>
/// <param name="Description">Human-readable description, one line.</param>
/// <param name="IsDefault">True for the device used when none is named.</param>
/// <param name="CanCapture">True when it is (or may be) an input.</param>
/// <param name="CanPlay">True when it is (or may be) an output.</param>
public sealed record AudioDeviceInfo(string Id, string Description, bool IsDefault, bool CanCapture, bool CanPlay);
