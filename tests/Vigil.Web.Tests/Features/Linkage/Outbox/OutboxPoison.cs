namespace Vigil.Web.Tests.Features.Linkage.Outbox;

/// <summary>A fault in the store for the linkage tests: a trigger, named for its test so tests on one database do not
/// drop each other's, that fails marking compared any queued death found from <c>from</c> up to (not including)
/// <c>until</c> (yyyy-MM-dd), as a death the engine can never get through would.</summary>
internal static class OutboxPoison
{
    public static string Sql(string provider, bool install, string name, string from, string until) => (provider, install) switch
    {
        ("sqlite", true) => $"""CREATE TRIGGER {name} BEFORE UPDATE ON linkage_outbox WHEN NEW."DoneAt" IS NOT NULL AND OLD."FoundAt" >= '{from}' AND OLD."FoundAt" < '{until}' BEGIN SELECT RAISE(ABORT, 'poisoned death'); END;""",
        ("sqlite", false) => $"DROP TRIGGER {name};",
        (_, true) => $"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'poisoned death'; END $$;
            CREATE TRIGGER {name} BEFORE UPDATE ON linkage_outbox FOR EACH ROW WHEN (NEW."DoneAt" IS NOT NULL AND OLD."FoundAt" >= '{from}' AND OLD."FoundAt" < '{until}') EXECUTE FUNCTION {name}();
            """,
        _ => $"DROP TRIGGER {name} ON linkage_outbox; DROP FUNCTION {name}();",
    };
}
