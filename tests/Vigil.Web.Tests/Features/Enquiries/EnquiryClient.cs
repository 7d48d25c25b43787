using Vigil.Web.Features.Cases;
using Vigil.Data.Identity;
using Vigil.Data.Cases;
using Vigil.Data.Enquiries;
using Vigil.Web.Hosting;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vigil.Web.Features.Enquiries.Exhibits;
using Vigil.Records;
using Vigil.Web.Features.Enquiries.Actions;
using Vigil.Web.Features.Enquiries.Decisions;
using Vigil.Web.Tests.Infrastructure;

namespace Vigil.Web.Tests.Features.Enquiries;

/// <summary>The enquiries API as the tests use it: one place for the routes and payloads.</summary>
internal static class EnquiryClient
{
    /// <summary>The Port pattern: a note, a syringe and a man the deceased was last seen with.</summary>
    public static DeathRecord PortLike(string? finder = null, string lastSeenWith = "Rowan Vale") => Samples.Record() with
    {
        SceneFeatures = ["note-found"], Position = "lying-supine", Toxicology = [], CauseOfDeath = null,
        People = [new RecordPerson { Role = "last-seen-with", Name = lastSeenWith }, new RecordPerson { Role = "finder", Name = finder ?? "Barbara " + Guid.NewGuid().ToString("N")[..6] }],
        Exhibits = [new RecordExhibit { Type = "note", Description = "suicide note" }, new RecordExhibit { Type = "syringe", Description = "used syringe" }],
    };

    public static async Task<List<ActionDto>> ActionsAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<List<ActionDto>>($"/api/v1/cases/{caseId}/actions", ApiJson.Client))!;

    public static Task<HttpResponseMessage> ClassifyAsync(HttpClient client, Guid caseId, string to, string? overrideReason = null) =>
        PostSeenAsync(client, $"/api/v1/cases/{caseId}/classification", new ClassifyRequest(to, "Overdose on the evidence so far", "Syringe at scene", overrideReason));

    /// <summary>Moves an action as a client does (ADR 3111): reads it for its ETag, then posts the move with If-Match.
    /// When the caller cannot read the action the move goes without it (and is refused before the header is asked for).</summary>
    public static async Task<HttpResponseMessage> MoveAsync(HttpClient client, Guid caseId, int number, string to, string? allocateTo = null, string? text = null)
    {
        var path = $"/api/v1/cases/{caseId}/actions/{number}";
        using var read = await client.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "/transitions") { Content = JsonContent.Create(new MoveActionRequest(to, allocateTo, text), options: ApiJson.Client) };
        if (read.IsSuccessStatusCode) request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        return await client.SendAsync(request);
    }

    /// <summary>A decision posted as a client does (ADR 3111): the case read for its ETag, the decision sent with it as
    /// If-Match. When the caller cannot read the case it goes without (refused before the header is asked for).</summary>
    public static async Task<HttpResponseMessage> PostSeenAsync<T>(HttpClient client, string path, T body)
    {
        var caseId = System.Text.RegularExpressions.Regex.Match(path, "/api/v1/cases/([0-9a-f-]{36})").Groups[1].Value;
        using var read = await client.GetAsync($"/api/v1/cases/{caseId}");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ApiJson.Client) };
        if (read.IsSuccessStatusCode) request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        return await client.SendAsync(request);
    }

    /// <summary>A classification asked for by one officer and, when it needs an override, signed by another supervisor:
    /// nobody both asks for and signs an override (ADR 0505). Answers the signature's response, else the request's.</summary>
    public static async Task<HttpResponseMessage> ClassifySignedAsync(HttpClient asker, HttpClient signer, Guid caseId, ClassifyRequest request)
    {
        var asked = await PostSeenAsync(asker, $"/api/v1/cases/{caseId}/classification", request);
        if (asked.StatusCode != System.Net.HttpStatusCode.Accepted) return asked;
        var pending = (await DecisionsAsync(asker, caseId)).Where(d => d.Kind == "override-requested").MaxBy(d => d.Sequence)!;
        return await PostSeenAsync(signer, $"/api/v1/cases/{caseId}/decisions/{pending.Id}/sign", new SignRequest("Second supervisor: agreed"));
    }

    /// <summary>A Port-like case of a new team: its investigator Ivy (the officer in charge) and two supervisors of the team.</summary>
    public static async Task<(Guid Case, TestUser Ivy, TestUser Sam, TestUser Sue)> TeamCaseAsync(VigilAppFactory app)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        return ((await app.CreateCaseAsync(ivy, PortLike())).Id, ivy, sam, sue);
    }

    /// <summary>A <see cref="TeamCaseAsync"/> case called not suspicious under Sam's override signed by Sue (ADR 0505), the
    /// post-mortem recorded before it (not late), the toxicology still to come.</summary>
    public static async Task<(Guid Case, TestUser Ivy, TestUser Sam, TestUser Sue)> CalledNotSuspiciousAsync(VigilAppFactory app)
    {
        var (c, ivy, sam, sue) = await TeamCaseAsync(app);
        using var investigator = app.ApiClient(ivy);
        (await investigator.PostAsJsonAsync($"/api/v1/cases/{c}/examinations", new ExaminationRequest(ExaminationKinds.PostMortem, "No injuries; toxicology awaited.", null), ApiJson.Client))
            .EnsureSuccessStatusCode();
        using var supervisor = app.ApiClient(sam);
        using var other = app.ApiClient(sue);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await ClassifySignedAsync(supervisor, other, c,
            new ClassifyRequest(CaseClassification.NotSuspicious, "Overdose.", "Syringe at scene", "The toxicologist is weeks behind; nothing else points to a third party."))).StatusCode);
        Assert.DoesNotContain(await ActionsAsync(investigator, c), a => a.Source == "examination-result");
        return (c, ivy, sam, sue);
    }

    public static async Task<List<DecisionDto>> DecisionsAsync(HttpClient client, Guid caseId) =>
        (await client.GetFromJsonAsync<List<DecisionDto>>($"/api/v1/cases/{caseId}/decisions", ApiJson.Client))!;

    public static async Task<string> ProblemTitleAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("title").GetString()!;
    }

    /// <summary>Takes every mandatory action through allocation, result and a supervisor's review to closed. An exhibit's
    /// action takes its result from the exhibit's submission, recorded in its chain of custody (ADR 3324).</summary>
    public static async Task CloseAllMandatoryAsync(VigilAppFactory app, HttpClient investigator, HttpClient supervisor, Guid caseId, string investigatorName)
    {
        foreach (var a in (await ActionsAsync(investigator, caseId)).Where(a => a.Mandatory))
        {
            if (a.Status == "raised") (await MoveAsync(investigator, caseId, a.Number, "allocate", investigatorName)).EnsureSuccessStatusCode();
            if (a.Status is "raised" or "allocated" && await ExhibitOfAsync(app, caseId, a.Number) is { } exhibit)
            {
                // The laboratory's result too: an exhibit awaiting one holds the gate (ADR 3336).
                var exhibitId = await ExhibitIdAsync(app, caseId, exhibit);
                (await SubmitExhibitAsync(investigator, caseId, exhibitId)).EnsureSuccessStatusCode();
                (await RecordLaboratoryResultAsync(app, investigator, caseId, exhibitId)).EnsureSuccessStatusCode();
            }
            else if (a.Status is "raised" or "allocated") (await MoveAsync(investigator, caseId, a.Number, "submit-result", text: "done")).EnsureSuccessStatusCode();
            (await MoveAsync(supervisor, caseId, a.Number, "review", text: "accepted")).EnsureSuccessStatusCode();
            (await MoveAsync(investigator, caseId, a.Number, "close")).EnsureSuccessStatusCode();
        }
    }

    /// <summary>The reference of the exhibit an action was raised for ("{rule}|exhibit:{reference}"), or null; read from
    /// the store, so the tests also run on code whose API does not say it.</summary>
    public static async Task<string?> ExhibitOfAsync(VigilAppFactory app, Guid caseId, int number)
    {
        var key = await app.WithDbAsync(db => db.CaseActions.Where(a => a.CaseId == caseId && a.Number == number).Select(a => a.TriggerKey).SingleAsync());
        var at = key?.IndexOf("|exhibit:", StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : key![(at + "|exhibit:".Length)..];
    }

    /// <summary>An exhibit's id: the API names exhibits by reference only (the action's <c>exhibit</c>).</summary>
    public static Task<Guid> ExhibitIdAsync(VigilAppFactory app, Guid caseId, string reference) =>
        app.WithDbAsync(db => db.Exhibits.Where(e => e.CaseId == caseId && e.Reference == reference).Select(e => e.Id).SingleAsync());

    /// <summary>The laboratory's result for the exhibit's one submission awaiting it, recorded in custody through the API.</summary>
    public static async Task<HttpResponseMessage> RecordLaboratoryResultAsync(VigilAppFactory app, HttpClient client, Guid caseId, Guid exhibitId, string result = "Heroin residue; the deceased's DNA only.")
    {
        var submissionId = await app.WithDbAsync(db => db.ForensicSubmissions.Where(s => s.ExhibitId == exhibitId && s.Result == null).Select(s => s.Id).SingleAsync());
        return await client.PostAsJsonAsync($"/api/v1/cases/{caseId}/exhibits/{exhibitId}/submissions/{submissionId}/result", new ResultRequest(result), ApiJson.Client);
    }

    public static Task<HttpResponseMessage> SubmitExhibitAsync(HttpClient client, Guid caseId, Guid exhibitId, string laboratory = "LGC Forensics", string examination = "DNA and drug residue") =>
        client.PostAsJsonAsync($"/api/v1/cases/{caseId}/exhibits/{exhibitId}/submissions", new SubmissionRequest(laboratory, examination, null), ApiJson.Client);

    public sealed record LaboratoryCase(CaseResponse Case, string Exhibit, Guid ExhibitId, TestUser Ivy, TestUser Sam, TestUser Sue);

    /// <summary>A Port-like case whose every mandatory action is closed by a supervisor's "Review and close" (ADR 3325),
    /// the syringe's on its submission to the laboratory alone, with the post-mortem and toxicology recorded: only the
    /// laboratory's result is outstanding (ADRs 3336, 3337, 3344–3346).</summary>
    public static async Task<LaboratoryCase> WorkedButForTheLaboratoryAsync(VigilAppFactory app, DeathRecord? record = null)
    {
        var ivy = await app.CreateUserAsync(Roles.Investigator);
        var sam = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var sue = await app.CreateUserAsync(Roles.Supervisor, ivy.Team);
        var c = await app.CreateCaseAsync(ivy, record ?? PortLike());
        using var investigator = app.ApiClient(ivy);
        using var supervisor = app.ApiClient(sam);
        string? syringe = null;
        var exhibitId = Guid.Empty;
        foreach (var a in (await ActionsAsync(investigator, c.Id)).Where(a => a.Mandatory))
        {
            (await MoveAsync(investigator, c.Id, a.Number, "allocate", ivy.UserName)).EnsureSuccessStatusCode();
            if (await ExhibitOfAsync(app, c.Id, a.Number) is { } exhibit)
            {
                (syringe, exhibitId) = (exhibit, await ExhibitIdAsync(app, c.Id, exhibit));
                (await SubmitExhibitAsync(investigator, c.Id, exhibitId)).EnsureSuccessStatusCode();
            }
            else (await MoveAsync(investigator, c.Id, a.Number, "submit-result", text: "Done; nothing found.")).EnsureSuccessStatusCode();
            (await MoveAsync(supervisor, c.Id, a.Number, "review-and-close", text: "Read.")).EnsureSuccessStatusCode();
        }
        foreach (var kind in new[] { "post-mortem", "toxicology" })
            (await investigator.PostAsJsonAsync($"/api/v1/cases/{c.Id}/examinations", new ExaminationRequest(kind, "Opiate toxicity", null), ApiJson.Client)).EnsureSuccessStatusCode();
        return new LaboratoryCase(c, syringe!, exhibitId, ivy, sam, sue);
    }
}
