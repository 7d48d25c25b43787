using Vigil.Data.People;

namespace Vigil.Web.Features.Cases;

public sealed record PersonLink(
    Guid CaseId,
    string CaseReference,
    string Role,
    string? NameAsWritten);

public sealed record PersonResponse(
    Guid Id,
    string Name,
    DateOnly? Dob,
    IReadOnlyList<PersonLink> Cases);

/// <summary>/api/v1/people: shared people and the deaths they appear in — only the deaths the caller may see.</summary>
public static class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("People").RequireAuthorization(Policies.ReadCases);
        people.MapGet("/", SearchAsync).WithName("SearchPeople");
        people.MapGet("/{id:guid}", GetAsync).WithName("GetPerson");
        return api;
    }

    private static async Task<Results<Ok<List<PersonResponse>>, ValidationProblem>> SearchAsync(string? q, CaseAccess access, VigilDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["Give at least two characters of the name."] });
        var key = PersonKeys.Name(q);
        var visible = await access.VisibleAsync(ct);
        var ids = await db.People.Where(p => p.MatchKey.StartsWith(key))
            .Where(p => db.CasePeople.Any(cp => cp.PersonId == p.Id && visible.Any(c => c.Id == cp.CaseId)))
            .OrderBy(p => p.MatchKey).Select(p => p.Id).Take(50).ToListAsync(ct);
        var result = new List<PersonResponse>();
        foreach (var id in ids) result.Add((await LoadAsync(id, visible, db, ct))!);
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<PersonResponse>, NotFound>> GetAsync(Guid id, CaseAccess access, VigilDbContext db, HttpContext http, CancellationToken ct)
    {
        var person = await LoadAsync(id, await access.VisibleAsync(ct), db, ct);
        if (person is null || person.Cases.Count == 0) return TypedResults.NotFound();
        // A person is read with the deaths they appear in: one entry naming them all.
        Audit.ReadAudit.Record(http, db, Audit.ReadAudit.View, nameof(Person), id.ToString(), null,
            System.Text.Json.JsonSerializer.Serialize(new { via = "api", cases = person.Cases.Select(c => c.CaseId) }));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(person);
    }

    private static async Task<PersonResponse?> LoadAsync(Guid id, IQueryable<Data.Cases.DeathCase> visible, VigilDbContext db, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return null;
        var links = await db.CasePeople.Where(cp => cp.PersonId == id)
            .Join(visible, cp => cp.CaseId, c => c.Id, (cp, c) => new PersonLink(c.Id, c.Reference, cp.Role, cp.NameAsWritten))
            .ToListAsync(ct);
        return new PersonResponse(person.Id, person.Name, person.DateOfBirth, links);
    }
}
