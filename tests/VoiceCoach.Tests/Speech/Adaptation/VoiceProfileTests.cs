using VoiceCoach.Speech.Adaptation;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.Tests.Speech.Adaptation;

public sealed class VoiceProfileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vc-profile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_SavedProfile_SameFigures()
    {
        // Arrange
        var saved = new VoiceProfile(_folder, 52, 49, 181.5, new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
        File.WriteAllText(saved.TransformPath, "1\n");
        saved.Save();

        // Act
        var loaded = VoiceProfile.Load(_folder);

        // Assert
        Assert.Equal(saved, loaded);
        Assert.Null(loaded.AdaptedModel);
    }

    [Fact]
    public void Load_EmptyFolder_ThrowsSayingHowToEnroll()
    {
        // Act
        var error = Assert.Throws<VoiceAdaptationException>(() => VoiceProfile.Load(_folder));

        // Assert
        Assert.Contains(_folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("voicecoach enroll --profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenJson_ThrowsNamingTheFile()
    {
        // Arrange
        File.WriteAllText(Path.Combine(_folder, VoiceProfile.FileName), "{ not json");
        File.WriteAllText(Path.Combine(_folder, VoiceProfile.TransformName), "1\n");

        // Act
        var error = Assert.Throws<VoiceAdaptationException>(() => VoiceProfile.Load(_folder));

        // Assert
        Assert.Contains(VoiceProfile.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_ProfileWithAdaptedModel_LoadsThatModelInsteadOfTheShippedOne()
    {
        // Arrange
        var model = Directory.CreateDirectory(Path.Combine(_folder, VoiceProfile.ModelName)).FullName;
        File.WriteAllText(Path.Combine(model, "means"), "x");
        var options = new SphinxOptions { VoiceProfile = new VoiceProfile(_folder, 52, 52, 180, DateTimeOffset.UnixEpoch) };

        // Act
        var args = SphinxTranscriber.Arguments(options);

        // Assert
        Assert.Equal(model, args[args.IndexOf("-hmm") + 1]);
        Assert.DoesNotContain("-mllr", args);
        Assert.Equal(1, args.Count(a => a == "-hmm"));
    }

    [Fact]
    public void Arguments_ProfileWithTransformOnly_AppliesTheTransformToTheShippedModel()
    {
        // Arrange
        var profile = new VoiceProfile(_folder, 52, 52, 180, DateTimeOffset.UnixEpoch);
        var options = new SphinxOptions { VoiceProfile = profile };

        // Act
        var args = SphinxTranscriber.Arguments(options);

        // Assert
        Assert.Equal(profile.TransformPath, args[args.IndexOf("-mllr") + 1]);
        Assert.Equal(Path.Combine(SphinxOptions.DebianModelDirectory, "en-us"), args[args.IndexOf("-hmm") + 1]);
    }

    [Fact]
    public void Describe_WithProfile_HeaderNamesTheProfileAndItsSentences()
    {
        // Arrange
        var options = new SphinxOptions { VoiceProfile = new VoiceProfile(Path.Combine(_folder, "default"), 52, 50, 180, DateTimeOffset.UnixEpoch) };

        // Act & Assert
        Assert.Equal("pocketsphinx 5prealpha (en-us + voice profile 'default', 50 sentences)", SphinxTranscriber.Describe(options));
    }
}
