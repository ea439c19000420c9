using System.Collections.Concurrent;
using System.Globalization;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Core.Audio;

namespace VoiceCoach.Web.Practice;

/// <summary>
/// Says the questions through the page: with a synthesizer, the question is rendered on the server and the page plays
/// the WAV (<see cref="Clip"/>); without one, the page speaks it with the browser's speech synthesis. Either way
/// <see cref="SpeakAsync"/> completes when the page says it has finished (so the microphone never records the
/// question), or when the speech should long be over.
/// </summary>
internal sealed class BrowserSpeaker(ISpeechSynthesizer? synthesizer, Func<object, Task> send, TimeProvider time, string clipBase) : ISpeaker
{
    private readonly ConcurrentDictionary<string, byte[]> _clips = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _playing = new();
    private int _next;

    public string Name => synthesizer is null ? "the browser's speech synthesis" : $"{synthesizer.Name} → the browser";

    /// <summary>A rendered question's WAV, by id; null when unknown.</summary>
    public byte[]? Clip(string id) => _clips.TryGetValue(id, out var wav) ? wav : null;

    /// <summary>The page finished saying <paramref name="id"/>.</summary>
    public void Spoken(string id)
    {
        if (_playing.TryRemove(id, out var done))
        {
            done.TrySetResult();
        }
    }

    public async Task SpeakAsync(string text, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _playing[id] = done;
        TimeSpan expected;
        if (synthesizer is not null)
        {
            var clip = await synthesizer.SynthesizeAsync(text, cancellationToken);
            using var wav = new MemoryStream();
            WavWriter.Write(wav, clip.Samples, AudioClip.SampleRate);
            _clips[id] = wav.ToArray();
            expected = clip.Duration;
            await send(new { type = "speak", id, text, audio = $"{clipBase}/{id}", seconds = Math.Round(clip.Duration.TotalSeconds, 2) });
        }
        else
        {
            // About 2.5 words a second when the browser speaks.
            expected = TimeSpan.FromSeconds(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length / 2.5);
            await send(new { type = "speak", id, text });
        }

        try
        {
            await done.Task.WaitAsync(expected + TimeSpan.FromSeconds(3), time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The page did not say (a muted or background tab): the speech is over by now anyway.
        }
        finally
        {
            _playing.TryRemove(id, out _);
        }
    }
}
