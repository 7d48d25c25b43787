using Vigil.Data;

namespace Vigil.Migrations.Sqlite;

/// <summary>The model for SQLite.</summary>
public sealed class DesignTimeFactory() : VigilDesignTimeFactory("design-time.db");
