namespace VoiceCoach.Core.Transcription;

/// <summary>
/// A recogniser that transcribes while the audio is still arriving, so the transcript is ready moments after
/// the speaker stops. One <see cref="ITranscriptionStream"/> per answer.
/// </summary>
public interface IStreamingTranscriber
{
    /// <summary>Short engine name shown in reports (as <see cref="ITranscriber.EngineName"/>).</summary>
    string EngineName { get; }

    /// <summary>Starts transcribing a new stream of 16 kHz mono audio.</summary>
    /// <param name="source">Where the audio comes from (a file or device name), for messages.</param>
    /// <returns>The stream; the caller disposes it (disposing before <see cref="ITranscriptionStream.CompleteAsync"/> abandons it).</returns>
    ITranscriptionStream Start(string source);
}

/// <summary>
/// One stream being transcribed. <see cref="Push"/> is called by one producer (the capture loop) and never
/// blocks on recognition: work happens on a background worker. Word times count from the first pushed sample.
/// </summary>
public interface ITranscriptionStream : IAsyncDisposable
{
    /// <summary>Appends 16 kHz mono samples; the samples are copied.</summary>
    void Push(ReadOnlySpan<float> samples);

    /// <summary>Ends the audio and returns the transcript once the recogniser has caught up.</summary>
    /// <exception cref="TranscriptionException">The engine failed.</exception>
    Task<Transcript> CompleteAsync(CancellationToken cancellationToken);
}
