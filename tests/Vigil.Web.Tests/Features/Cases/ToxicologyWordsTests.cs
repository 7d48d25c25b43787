using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Cases;

/// <summary>walk61 finding 5 (ADR 3314): the investigator recorded the laboratory's toxicology result ("Heroin and
/// alcohol…") in the custody panel, and "The death" still read "Toxicology: No results recorded." — while the linkage
/// engine compared the death as one with no substances. The section now says what it lists and how to fill it.</summary>
public abstract class ToxicologyWordsTests(VigilAppFactory app)
{
    [Fact]
    public async Task ADeathWithNoSubstances_SaysSo_AndThatALaboratoryResultDoesNotAddThem()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var web = await app.SignedInClientAsync(ivy);
        (await Forms.PostAsync(web, $"/cases/{c.Id}/enquiry?handler=Examination",
            new() { ["__form"] = "examination", ["Kind"] = "toxicology", ["Text"] = "Heroin and alcohol." }, $"/cases/{c.Id}")).Dispose();

        var page = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}"));
        Assert.Contains("Heroin and alcohol.", page.QuerySelector("#custody")!.TextContent, StringComparison.Ordinal);
        var death = page.QuerySelector("#facts")!.TextContent;
        Assert.DoesNotContain("No results recorded", death, StringComparison.Ordinal);
        Assert.Contains("No substances recorded.", death, StringComparison.Ordinal);
        Assert.Contains("does not add them", death, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ToxicologyWordsTests_Sqlite(SqliteApp app) : ToxicologyWordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ToxicologyWordsTests_Postgres(PostgresApp app) : ToxicologyWordsTests(app);
