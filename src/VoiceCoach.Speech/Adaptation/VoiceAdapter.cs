using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceCoach.Audio.Wav;
using VoiceCoach.Speech.LanguageModel;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Speech.Adaptation;

/// <summary>
/// Adapts PocketSphinx's acoustic model to one speaker (and their room) from sentences they read aloud: SphinxTrain's
/// Baum-Welch pass aligns each recording with its sentence and collects statistics, and <c>mllr_solve</c> turns them
/// into a maximum-likelihood linear regression of the model's Gaussian means. One transform (one regression class)
/// needs only a few minutes of speech, and PocketSphinx applies it at load time (<c>-mllr</c>) at no cost per frame.
/// The recordings and sentences are kept in the profile (<c>enrollment/</c>) so the profile can be made again.
/// </summary>
public static class VoiceAdapter
{
    /// <summary>At least this share of the sentences must align with their recordings, or the enrollment is refused.</summary>
    public const double MinAlignedShare = 0.5;

    /// <summary>
    /// MAP's prior weight (tau, in frames): how much data a Gaussian needs before it moves halfway from the transformed
    /// model to the speaker's data. map_adapt's default update ("bayesmean", a per-Gaussian variance ratio) moved means
    /// so far on one minute of a real speaker (LJ Speech, 8 sentences) that held-out sentences got worse (24.6 % word
    /// errors unadapted, 36.0 % adapted); a fixed tau of 10, map_adapt's own default value, gave 14.9 % (50 and 100:
    /// 16.7 %, 300: 20.2 %; the transform alone 20.2 %).
    /// </summary>
    public const int MapPriorWeight = 10;

    /// <summary>Alignment and transform passes at most (see <see cref="SolveAsync"/>).</summary>
    public const int MaxPasses = 3;

    /// <summary>Makes (or replaces) the voice profile in <paramref name="profileDirectory"/>.</summary>
    /// <param name="recordings">The sentences and what the speaker said; at least 5.</param>
    /// <param name="options">The acoustic model and dictionary the profile is for (the domain model's words included).</param>
    /// <param name="profileDirectory">Where the profile goes.</param>
    /// <param name="created">Stamped into the profile.</param>
    /// <param name="logger">Progress at Information level; null for none.</param>
    /// <param name="cancellationToken">Stops the tools.</param>
    /// <exception cref="VoiceAdaptationException">A tool is missing or failed, a word cannot be pronounced, or too few recordings matched their sentences.</exception>
    public static async Task<VoiceProfile> AdaptAsync(
        IReadOnlyList<EnrollmentRecording> recordings, SphinxOptions options, string profileDirectory, DateTimeOffset created, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        const int minimum = 5;
        if (recordings.Count < minimum)
        {
            throw new VoiceAdaptationException($"{recordings.Count} enrollment recording(s): at least {minimum} sentences are needed (30 or more adapt best)");
        }

        var tools = SphinxTrainTools.Find();
        Directory.CreateDirectory(profileDirectory);
        var work = Directory.CreateTempSubdirectory("voicecoach-enroll-").FullName;
        try
        {
            var layout = new WorkLayout(work);
            var words = recordings.Select((r, i) => EnrollmentText.Words(r.Sentence, i + 1)).ToList();
            WriteDictionary(options, words.SelectMany(w => w), layout.Dictionary);
            var seconds = WriteRecordings(recordings, words, layout);
            KeepEnrollment(recordings, profileDirectory);
            await PrepareModelAsync(tools, options.AcousticModelPath, layout, cancellationToken);
            logger.LogInformation("Enrollment: {Count} sentences, {Seconds:0.0} s; aligning them with the acoustic model", recordings.Count, seconds);
            await tools.FeaturesAsync(Path.Combine(options.AcousticModelPath, "feat.params"), layout.Control, layout.Wav, layout.Features, cancellationToken);
            var (transform, aligned) = await SolveAsync(tools, options.AcousticModelPath, layout, recordings.Count, logger, cancellationToken);
            await MapAsync(tools, options.AcousticModelPath, layout, transform, profileDirectory, cancellationToken);
            File.Move(transform, Path.Combine(profileDirectory, VoiceProfile.TransformName), overwrite: true);
            var alignedSeconds = seconds * aligned / recordings.Count;
            var profile = new VoiceProfile(Path.GetFullPath(profileDirectory), recordings.Count, aligned, Math.Round(alignedSeconds, 1), created);
            profile.Save();
            logger.LogInformation("Voice profile written to {Directory}: {Aligned} of {Count} sentences aligned", profileDirectory, aligned, recordings.Count);
            return profile;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Alignment and transform, repeated: a voice far from the model's training voices (a synthetic one, a strong accent,
    /// a noisy room) aligns only some sentences against the unadapted model, but most of them once the first transform
    /// is applied (<c>bw -mllrmat</c>); each transform is solved against the original means, from the statistics of the
    /// sentences its predecessor aligned. Stops after <see cref="MaxPasses"/> or when no more sentences align.
    /// </summary>
    private static async Task<(string Transform, int Aligned)> SolveAsync(
        SphinxTrainTools tools, string acousticModel, WorkLayout layout, int sentences, ILogger logger, CancellationToken ct)
    {
        string? previous = null;
        var best = -1;
        for (var pass = 1; pass <= MaxPasses; pass++)
        {
            var accumulated = Directory.CreateDirectory(Path.Combine(layout.Accumulated, pass.ToString(CultureInfo.InvariantCulture))).FullName;
            var log = Path.Combine(accumulated, "bw.log");
            await tools.BaumWelchAsync(BaumWelchArguments(acousticModel, layout, accumulated, previous), log, ct);
            var aligned = sentences - CountFailedAlignments(log);
            logger.LogInformation("Enrollment pass {Pass}: {Aligned} of {Count} sentences aligned", pass, aligned, sentences);
            if (aligned <= best)
            {
                break;
            }

            if (aligned < sentences * MinAlignedShare && previous is not null)
            {
                break;
            }

            var transform = Path.Combine(layout.Work, $"mllr_matrix.{pass}");
            await tools.SolveMllrAsync(Path.Combine(acousticModel, "means"), Path.Combine(acousticModel, "variances"), accumulated, transform, ct);
            (previous, best) = (transform, aligned);
            if (aligned == sentences)
            {
                break;
            }
        }

        if (previous is null || best < sentences * MinAlignedShare)
        {
            throw new VoiceAdaptationException(
                $"only {Math.Max(best, 0)} of {sentences} enrollment recordings matched their sentences; read each sentence as shown, " +
                "one recording per sentence in the order shown, and enroll again");
        }

        return (previous, best);
    }

    /// <summary>
    /// Maximum a posteriori re-estimation on top of the transform: the transformed model is the prior, and every Gaussian
    /// the enrollment saw moves toward the speaker's data by how much of it there was (map_adapt's Bayesian weighting),
    /// with mixture weights and transitions re-estimated the same way. The result is a whole acoustic model in the
    /// profile (<c>model/</c>, 6 MB), which PocketSphinx loads instead of the shipped one. It is written beside the old
    /// one and swapped in only when complete.
    /// </summary>
    private static async Task MapAsync(SphinxTrainTools tools, string acousticModel, WorkLayout layout, string transform, string profileDirectory, CancellationToken ct)
    {
        var prior = Path.Combine(layout.Work, "means.mllr");
        await tools.TransformMeansAsync(Path.Combine(acousticModel, "means"), transform, prior, ct);
        var accumulated = Directory.CreateDirectory(Path.Combine(layout.Accumulated, "map")).FullName;
        var log = Path.Combine(accumulated, "bw.log");
        await tools.BaumWelchAsync(BaumWelchArguments(acousticModel, layout, accumulated, null, prior), log, ct);
        var staging = Path.Combine(profileDirectory, VoiceProfile.ModelName + ".new");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        var mixtureWeights = Path.Combine(layout.Work, "mixture_weights.map");
        await tools.MapAdaptAsync(
            [
                "-moddeffn", layout.ModelDefinition,
                "-ts2cbfn", ModelType(FeatureParameters.Read(Path.Combine(acousticModel, "feat.params"))),
                "-meanfn", prior,
                "-varfn", Path.Combine(acousticModel, "variances"),
                "-mixwfn", layout.MixtureWeights,
                "-tmatfn", Path.Combine(acousticModel, "transition_matrices"),
                "-accumdir", accumulated,
                "-mapmeanfn", Path.Combine(staging, "means"),
                "-mapvarfn", Path.Combine(staging, "variances"),
                "-mapmixwfn", mixtureWeights,
                "-maptmatfn", Path.Combine(staging, "transition_matrices"),
                "-bayesmean", "no",
                "-fixedtau", "yes",
                "-tau", MapPriorWeight.ToString(CultureInfo.InvariantCulture),
            ],
            ct);
        await tools.SendumpAsync(layout.ModelDefinition, mixtureWeights, Path.Combine(staging, "sendump"), ct);
        foreach (var file in new[] { "mdef", "noisedict" })
        {
            File.Copy(Path.Combine(acousticModel, file), Path.Combine(staging, file));
        }

        FeatureParameters.WriteWithCepstralMean(Path.Combine(acousticModel, "feat.params"), Path.Combine(staging, "feat.params"), CepstralMean.FromBaumWelchLog(log));

        var model = Path.Combine(profileDirectory, VoiceProfile.ModelName);
        if (Directory.Exists(model))
        {
            Directory.Delete(model, recursive: true);
        }

        Directory.Move(staging, model);
    }

    private static string ModelType(IReadOnlyDictionary<string, string> features) =>
        features.GetValueOrDefault("-model", "ptm") switch
        {
            "cont" => ".cont.",
            "semi" => ".semi.",
            _ => ".ptm.",
        };

    /// <summary>
    /// The decoder's dictionary with the words it adds (hand-written, the domain model's) and pronunciations for any other
    /// word of the sentences, from the same rules the domain model uses (<see cref="Pronouncer"/>), so a speaker's own
    /// sentences (<c>--from</c> with a sentences.txt) are not refused for one rare word.
    /// </summary>
    private static void WriteDictionary(SphinxOptions options, IEnumerable<string> words, string target)
    {
        var dictionary = DomainLanguageModel.ReadDictionary(options.DictionaryPath);
        var added = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (word, phones) in options.AddedWords.Concat(options.DomainModel?.Pronunciations ?? new Dictionary<string, string>()))
        {
            if (!dictionary.ContainsKey(word))
            {
                added.TryAdd(word, phones);
            }
        }

        var missing = words.Where(w => !dictionary.ContainsKey(w) && !added.ContainsKey(w)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            foreach (var (word, phones) in new Pronouncer(w => dictionary.GetValueOrDefault(w), options.AddedWords).PronounceMissing(missing))
            {
                added.TryAdd(word, phones);
            }

            if (missing.FirstOrDefault(w => !added.ContainsKey(w)) is { } unknown)
            {
                throw new VoiceAdaptationException(
                    $"enrollment: no pronunciation for \"{unknown}\" (not in {options.DictionaryPath}, and festival's letter-to-sound rules gave none); reword the sentence");
            }
        }

        File.Copy(options.DictionaryPath, target);
        using var writer = File.AppendText(target);
        foreach (var (word, phones) in added)
        {
            writer.Write(word + " " + phones + "\n");
        }
    }

    private static double WriteRecordings(IReadOnlyList<EnrollmentRecording> recordings, IReadOnlyList<IReadOnlyList<string>> words, WorkLayout layout)
    {
        using var control = File.CreateText(layout.Control);
        using var transcription = File.CreateText(layout.Transcription);
        var seconds = 0.0;
        for (var i = 0; i < recordings.Count; i++)
        {
            var id = (i + 1).ToString("000", CultureInfo.InvariantCulture);
            WavWriter.WriteFile(Path.Combine(layout.Wav, id + ".wav"), recordings[i].Clip);
            control.Write(id + "\n");
            transcription.Write($"<s> {string.Join(' ', words[i])} </s> ({id})\n");
            seconds += recordings[i].Clip.Duration.TotalSeconds;
        }

        return seconds;
    }

    /// <summary>Nothing recorded is lost: the sentences and recordings stay in the profile, to adapt again later.</summary>
    private static void KeepEnrollment(IReadOnlyList<EnrollmentRecording> recordings, string profileDirectory)
    {
        var folder = Path.Combine(profileDirectory, "enrollment");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < recordings.Count; i++)
        {
            WavWriter.WriteFile(Path.Combine(folder, (i + 1).ToString("000", CultureInfo.InvariantCulture) + ".wav"), recordings[i].Clip);
        }

        File.WriteAllLines(Path.Combine(folder, "sentences.txt"), recordings.Select(r => r.Sentence));
    }

    private static async Task PrepareModelAsync(SphinxTrainTools tools, string acousticModel, WorkLayout layout, CancellationToken ct)
    {
        var mixtureWeights = Path.Combine(acousticModel, "mixture_weights");
        if (File.Exists(mixtureWeights))
        {
            File.Copy(mixtureWeights, layout.MixtureWeights);
        }
        else
        {
            MixtureWeights.ReadSendump(Path.Combine(acousticModel, "sendump")).WriteSphinx3(layout.MixtureWeights);
        }

        await tools.TextModelDefinitionAsync(Path.Combine(acousticModel, "mdef"), layout.ModelDefinition, ct);
    }

    private static List<string> BaumWelchArguments(string acousticModel, WorkLayout layout, string accumulated, string? transform, string? means = null)
    {
        var features = FeatureParameters.Read(Path.Combine(acousticModel, "feat.params"));
        List<string> args =
        [
            "-moddeffn", layout.ModelDefinition,
            "-ts2cbfn", ModelType(features),
            "-meanfn", means ?? Path.Combine(acousticModel, "means"),
            "-varfn", Path.Combine(acousticModel, "variances"),
            "-mixwfn", layout.MixtureWeights,
            "-tmatfn", Path.Combine(acousticModel, "transition_matrices"),
            "-dictfn", layout.Dictionary,
            "-fdictfn", Path.Combine(acousticModel, "noisedict"),
            "-ctlfn", layout.Control,
            "-lsnfn", layout.Transcription,
            "-cepdir", layout.Features,
            "-accumdir", accumulated,
        ];
        if (transform is not null)
        {
            args.AddRange(["-mllrmat", transform]);
        }

        foreach (var name in new[] { "-feat", "-svspec", "-cmn", "-agc", "-varnorm", "-lda", "-ldadim" })
        {
            if (features.TryGetValue(name, out var value))
            {
                args.AddRange([name, value]);
            }
        }

        return args;
    }

    /// <summary>bw says per sentence when its recording could not be aligned with its words.</summary>
    private static int CountFailedAlignments(string log) =>
        File.ReadLines(log).Count(l => l.Contains("final state", StringComparison.OrdinalIgnoreCase) || l.Contains("Failed to align", StringComparison.OrdinalIgnoreCase));

    private sealed class WorkLayout
    {
        public WorkLayout(string work)
        {
            Wav = Directory.CreateDirectory(Path.Combine(work, "wav")).FullName;
            Features = Directory.CreateDirectory(Path.Combine(work, "mfc")).FullName;
            Accumulated = Directory.CreateDirectory(Path.Combine(work, "accumulated")).FullName;
            Work = work;
            Control = Path.Combine(work, "enrollment.fileids");
            Transcription = Path.Combine(work, "enrollment.transcription");
            Dictionary = Path.Combine(work, "enrollment.dict");
            MixtureWeights = Path.Combine(work, "mixture_weights");
            ModelDefinition = Path.Combine(work, "mdef.txt");
        }

        public string Work { get; }

        public string Wav { get; }

        public string Features { get; }

        public string Accumulated { get; }

        public string Control { get; }

        public string Transcription { get; }

        public string Dictionary { get; }

        public string MixtureWeights { get; }

        public string ModelDefinition { get; }
    }
}
