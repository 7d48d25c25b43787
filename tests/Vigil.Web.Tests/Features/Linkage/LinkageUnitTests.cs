using Microsoft.Extensions.Configuration;
using Vigil.Data.Cases;
using Vigil.Data.People;
using Vigil.Web.Features.Linkage;
using Vigil.Web.Features.Linkage.Compare;

namespace Vigil.Web.Tests.Features.Linkage;

public sealed class LinkageUnitTests
{
    [Fact]
    public void Settings_ComeFromConfiguration_NotCode()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vigil:Linkage:AlertThreshold"] = "0.25", ["Vigil:Linkage:Enabled"] = "false",
        }).Build();
        var settings = Infrastructure.Composition.Options<LinkageSettings>(config);
        Assert.Equal(0.25, settings.AlertThreshold);
        Assert.False(settings.Enabled);
        Assert.Equal(0.25, settings.Options().AlertThreshold);
        Assert.Equal(new Vigil.Linkage.LinkageOptions().AlertThreshold, Infrastructure.Composition.Options<LinkageSettings>(new ConfigurationBuilder().Build()).AlertThreshold);
    }

    [Fact]
    public void SharedPeople_AreTheSameResolvedPerson_OrTheSamePhoneHoweverTyped()
    {
        var walker = Guid.NewGuid();
        var a = new DeathCase { People = [P(walker, "finder", "Marjorie Quill", null), P(Guid.NewGuid(), "last-seen-with", "Vic", "07700 900481")] };
        var b = new DeathCase { People = [P(walker, "finder", "QUILL, Marjorie", null), P(Guid.NewGuid(), "caller", "V. Hale", "+447700900481"), P(Guid.NewGuid(), "carer", "Joy", "07700 111222")] };
        var shared = SharedPerson.Between(a, b);
        Assert.Equal(2, shared.Count);
        Assert.Contains(shared, s => s.How == "same person on record" && s.EarlierName == "QUILL, Marjorie");
        Assert.Contains(shared, s => s.How == "same phone number" && s.EarlierRole == "caller");
        Assert.Empty(SharedPerson.Between(a, new DeathCase { People = [P(Guid.NewGuid(), "carer", "Joy", "07700 111222")] }));
    }

    [Theory]
    [InlineData(51.5362, 0.0765, 51.5362, 0.0765, 0.0, 0.001)]
    [InlineData(51.5362, 0.0765, 51.5452, 0.0765, 1.0, 0.01)] // 0.009° of latitude is about 1 km
    [InlineData(51.5074, -0.1278, 53.4808, -2.2426, 262.0, 3.0)] // London to Manchester
    public void Distance_IsGreatCircleKilometres(double lat1, double lon1, double lat2, double lon2, double km, double tolerance) =>
        Assert.InRange(Geo.DistanceKm(lat1, lon1, lat2, lon2), km - tolerance, km + tolerance);

    private static CasePerson P(Guid person, string role, string name, string? phone) =>
        new() { PersonId = person, Role = role, NameAsWritten = name, PhoneAsWritten = phone };
}
