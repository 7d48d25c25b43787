using Vigil.Data;

namespace Vigil.Migrations.Postgres;

/// <summary>The model for PostgreSQL; no server is contacted.</summary>
public sealed class DesignTimeFactory() : VigilDesignTimeFactory("Host=localhost;Database=vigil_design");
