using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceCoach.Speech.Adaptation;

/// <summary>
/// A speaker's adaptation of the acoustic model, made by <see cref="VoiceAdapter"/> from sentences they read aloud: an
/// MLLR transform of the model's Gaussian means and, on top of it, a MAP re-estimated copy of the model (<c>model/</c>),
/// kept in its own folder with <c>profile.json</c> and the enrollment recordings it was made from.
/// </summary>
/// <param name="Directory">The profile's folder.</param>
/// <param name="Sentences">Sentences recorded.</param>
/// <param name="Aligned">Sentences whose recording matched their text and so taught the transform.</param>
/// <param name="SpeechSeconds">Seconds of audio in the aligned sentences.</param>
/// <param name="Created">When the transform was computed.</param>
public sealed record VoiceProfile(string Directory, int Sentences, int Aligned, double SpeechSeconds, DateTimeOffset Created)
{
    /// <summary>The profile's description file.</summary>
    public const string FileName = "profile.json";

    /// <summary>The transform file inside the folder.</summary>
    public const string TransformName = "mllr_matrix";

    /// <summary>The adapted acoustic model's folder inside the profile (the transform and MAP re-estimation applied).</summary>
    public const string ModelName = "model";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The transform PocketSphinx reads.</summary>
    public string TransformPath => Path.Combine(Directory, TransformName);

    /// <summary>The adapted acoustic model PocketSphinx loads (<c>-hmm</c>), or null for an older profile that has only the transform.</summary>
    public string? AdaptedModel => File.Exists(Path.Combine(Directory, ModelName, "means")) ? Path.Combine(Directory, ModelName) : null;

    /// <summary>The profile's name: its folder's name.</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Directory));

    /// <summary>Whether <paramref name="directory"/> holds a profile.</summary>
    public static bool Exists(string directory) =>
        File.Exists(Path.Combine(directory, FileName)) && File.Exists(Path.Combine(directory, TransformName));

    /// <summary>Reads the profile in <paramref name="directory"/>.</summary>
    /// <exception cref="VoiceAdaptationException">No profile there, or a broken one; the message says how to make one.</exception>
    public static VoiceProfile Load(string directory)
    {
        var file = Path.Combine(directory, FileName);
        if (!Exists(directory))
        {
            throw new VoiceAdaptationException(
                $"{directory}: no voice profile here ({FileName} and {TransformName}); make one with `voicecoach enroll --profile {directory}`, or use --voice-profile none");
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(file), Json)
                ?? throw new VoiceAdaptationException($"{file}: empty; enroll again with `voicecoach enroll --profile {directory}`");
            return new VoiceProfile(Path.GetFullPath(directory), stored.Sentences, stored.Aligned, stored.SpeechSeconds, stored.Created);
        }
        catch (JsonException e)
        {
            throw new VoiceAdaptationException($"{file}: not a voice profile ({e.Message}); enroll again with `voicecoach enroll --profile {directory}`", e);
        }
    }

    /// <summary>Writes <see cref="FileName"/> (to a temporary name, then renamed).</summary>
    internal void Save()
    {
        var file = Path.Combine(Directory, FileName);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Stored(Sentences, Aligned, SpeechSeconds, Created), Json));
        File.Move(temporary, file, overwrite: true);
    }

    private sealed record Stored(
        [property: JsonPropertyName("sentences")] int Sentences,
        [property: JsonPropertyName("aligned")] int Aligned,
        [property: JsonPropertyName("speech_seconds")] double SpeechSeconds,
        [property: JsonPropertyName("created")] DateTimeOffset Created);
}
