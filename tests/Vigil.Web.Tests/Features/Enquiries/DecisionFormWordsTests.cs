using Vigil.Data.Identity;
using Vigil.Web.Tests.Infrastructure;
using static Vigil.Web.Tests.Features.Enquiries.EnquiryClient;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>walk61 findings 7 and 14: the investigator's decision form said "another supervisor must sign it" (she is
/// not one), and recording a post-mortem result said "post-mortem result recorded." in lower case.</summary>
public abstract class DecisionFormWordsTests(VigilAppFactory app)
{
    [Fact]
    public async Task TheOverrideLabel_SaysWhoSigns_ToWhoeverReadsIt_AndAResultRecordedStartsASentence()
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, PortLike());
        using var web = await app.SignedInClientAsync(ivy);
        using var supervisor = await app.SignedInClientAsync(sam);
        string Label(string page) => Forms.Parse(page).QuerySelector("label[for=decision-override]")!.TextContent;
        Assert.Equal("Override reason (only if the gate refuses; a supervisor must sign it)", Label(await web.GetStringAsync($"/cases/{c.Id}")));
        Assert.Equal("Override reason (only if the gate refuses; another supervisor must sign it)", Label(await supervisor.GetStringAsync($"/cases/{c.Id}")));

        (await Forms.PostAsync(web, $"/cases/{c.Id}/enquiry?handler=Examination",
            new() { ["__form"] = "examination", ["Kind"] = "post-mortem", ["Text"] = "No injuries." }, $"/cases/{c.Id}")).Dispose();
        var flash = Forms.Parse(await web.GetStringAsync($"/cases/{c.Id}")).QuerySelector("#custody [data-flash]")!.TextContent.Trim();
        Assert.Equal("Post-mortem result recorded.", flash);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DecisionFormWordsTests_Sqlite(SqliteApp app) : DecisionFormWordsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DecisionFormWordsTests_Postgres(PostgresApp app) : DecisionFormWordsTests(app);
