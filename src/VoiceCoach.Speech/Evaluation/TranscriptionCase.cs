namespace VoiceCoach.Speech.Evaluation;

/// <summary>One line of a transcripts TSV: an audio file and what was said in it.</summary>
/// <param name="Path">The audio file as written in the TSV (relative to the TSV's folder, or absolute).</param>
/// <param name="Reference">The reference transcript.</param>
/// <param name="VoiceProfile">
/// The speaker's voice profile folder from an optional third column (relative to the TSV's folder, or absolute): the
/// clip is decoded with that speaker's adaptation, as it would be for them. Null: the engine as configured.
/// </param>
public sealed record TranscriptionCase(string Path, string Reference, string? VoiceProfile = null)
{
    /// <summary>The first folder of <see cref="Path"/> ("jfk" for "jfk/jfk.wav"), or "." for a file beside the TSV.</summary>
    public string Folder
    {
        get
        {
            var slash = Path.IndexOfAny(['/', '\\']);
            return slash > 0 ? Path[..slash] : ".";
        }
    }
}
