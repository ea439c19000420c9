using System.Globalization;
using VoiceCoach.Audio.Wav;

namespace VoiceCoach.Practice;

/// <summary>
/// Before a resumed session asks anything: what an interruption (a crash, kill -9, a lost or damaged file) left in
/// the folder is made good, and the candidate is told. A take cut by a crash is kept and its question asked again; an
/// answer whose recording is missing or truncated is asked again (its damaged take kept); an answer transcribed before
/// its recording went missing is graded from the stored transcript, and the report says so.
/// </summary>
internal static class ResumeCheck
{
    /// <summary>A recording shorter than practice.json says by more than this was truncated (a header rounding is not).</summary>
    private const double TruncatedBy = 0.25;

    public static void Run(PracticeBook book, AnswerPipeline pipeline, Action<PracticeEvent> emit)
    {
        foreach (var item in book.State.Items.Where(i => i.Status == PracticeStatus.Recording))
        {
            var kept = book.KeepTake(item);
            item.Status = PracticeStatus.Pending;
            book.Save();
            emit(new PracticeNotice(NoticeKind.Warning, kept is null
                ? $"{book.Label(item)} was interrupted before any audio; asking it again."
                : $"{book.Label(item)} was interrupted: the partial take is kept as {kept}; asking it again."));
        }

        foreach (var item in book.State.Items.Where(i => i.Status == PracticeStatus.Recorded))
        {
            CheckRecorded(book, item, emit);
        }

        foreach (var item in book.State.Items.Where(i => i.Status == PracticeStatus.Transcribed && i.Audio is not null && !File.Exists(book.PathOf(i.Audio))))
        {
            var text = $"{book.Label(item)}: its recording {item.Audio} is missing; graded from the transcript saved when it was recorded (no audio to play).";
            item.Audio = null;
            book.Save();
            emit(new PracticeNotice(NoticeKind.Warning, text));
            pipeline.AddNotice(text);
        }
    }

    private static void CheckRecorded(PracticeBook book, PracticeItem item, Action<PracticeEvent> emit)
    {
        var label = book.Label(item);
        if (item.Audio is null || !File.Exists(book.PathOf(item.Audio)))
        {
            emit(new PracticeNotice(NoticeKind.Warning, $"{label}: its recording {item.Audio ?? "(none)"} is missing, so it cannot be graded; asking the question again."));
            AskAgain(book, item);
            return;
        }

        var path = book.PathOf(item.Audio);
        WavRepairResult found;
        try
        {
            found = WavRepair.Inspect(path);
        }
        catch (VoiceCoach.Audio.AudioFormatException e)
        {
            var unreadable = book.KeepTake(item);
            emit(new PracticeNotice(NoticeKind.Warning, $"{label}: its recording {e.Message.TrimEnd('.')}; kept as {unreadable ?? "nothing"}, asking the question again."));
            AskAgain(book, item);
            return;
        }

        if (item.DurationS is { } recorded && found.Duration.TotalSeconds < recorded - TruncatedBy)
        {
            var audio = item.Audio;
            var kept = book.KeepTake(item);
            emit(new PracticeNotice(NoticeKind.Warning, string.Create(CultureInfo.InvariantCulture,
                $"{label}: its recording {audio} is truncated ({found.Duration.TotalSeconds:0.0} s of the {recorded:0.0} s recorded); kept as {kept ?? "nothing"}, asking the question again.")));
            AskAgain(book, item);
            return;
        }

        if (found.NeedsRepair)
        {
            WavRepair.Repair(path);
            emit(new PracticeNotice(NoticeKind.Info, $"{label}: {item.Audio}: {found.Description}; repaired."));
        }
    }

    private static void AskAgain(PracticeBook book, PracticeItem item)
    {
        item.Audio = null;
        item.DurationS = null;
        item.SpeechEndS = null;
        item.EndedBy = null;
        item.Status = PracticeStatus.Pending;
        book.Save();
    }
}
