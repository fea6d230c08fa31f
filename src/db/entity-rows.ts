import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Reads rows of an entity's table as instances of its class, without TypeORM's query builder and hydration.
 * Why: on the read path of a page of 50 customers with their consents, building the SQL and hydrating every
 * entity (TypeORM's column transforms, per-value type preparation) took 11% of the server's CPU in a profile,
 * and its garbage another large share. Here the column list is worked out once from the same metadata, and a
 * row becomes an instance with one property per column: the class's getters (`address`, `trusted`) keep
 * working, and TypeORM stays in charge of writes.
 */
export class EntityRows<T extends ObjectLiteral> {
  /**
   * The reader of an entity for a data source, worked out once: loaders are built for every request, and
   * working the column list out again each time showed in the profile.
   */
  static of<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T> & { prototype: T }): EntityRows<T> {
    let readers = READERS.get(dataSource);
    if (readers === undefined) {
      readers = new Map();
      READERS.set(dataSource, readers);
    }
    let reader = readers.get(entity);
    if (reader === undefined) {
      reader = new EntityRows(dataSource, entity);
      readers.set(entity, reader);
    }
    return reader as EntityRows<T>;
  }

  /** [column name, property name] for every column of the entity. */
  private readonly columns: ReadonlyArray<readonly [string, string]>;
  private readonly prototype: object;
  private readonly dateColumns: ReadonlySet<string>;
  /** Columns that JSON carries as text but the entity holds as a Date. */
  private readonly timestampColumns: ReadonlySet<string>;

  private constructor(dataSource: DataSource, entity: EntityTarget<T> & { prototype: T }) {
    const metadata = dataSource.getMetadata(entity);
    this.columns = metadata.columns.map((column) => [column.databaseName, column.propertyName] as const);
    // pg turns a `date` into a Date at local midnight; TypeORM hands out the 'YYYY-MM-DD' text, and so do we.
    this.dateColumns = new Set(metadata.columns.filter((column) => column.type === 'date').map((column) => column.databaseName));
    this.timestampColumns = new Set(
      metadata.columns.filter((column) => column.type === 'timestamptz' || column.type === 'timestamp').map((column) => column.databaseName),
    );
    this.prototype = entity.prototype;
  }

  /** The select list for the table under `alias`, each column under its own name; only `properties`' if given. */
  selectList(alias: string, properties?: ReadonlySet<string>): string {
    return this.columnsOf(properties)
      .map(([column]) => (this.dateColumns.has(column) ? `${alias}.${column}::text AS ${column}` : `${alias}.${column}`))
      .join(', ');
  }

  /** A `json_build_object` of the row under `alias`, keyed by column name; only `properties`' if given. */
  jsonObject(alias: string, properties?: ReadonlySet<string>): string {
    return `json_build_object(${this.columnsOf(properties)
      .map(([column]) => `'${column}', ${alias}.${column}`)
      .join(', ')})`;
  }

  /** Whether the entity has a column held in `property`. */
  hasProperty(property: string): boolean {
    return this.columns.some(([, name]) => name === property);
  }

  /**
   * The properties a selection of GraphQL fields reads: each field that is a column's property, the properties
   * `derived` lists for a field computed from columns (a getter, a field resolver), and `always`. Undefined,
   * meaning every column, when a field is neither: reading too much is the safe side.
   */
  propertiesFor(
    fields: ReadonlySet<string>,
    always: readonly string[],
    derived: Readonly<Record<string, readonly string[]>>,
  ): Set<string> | undefined {
    const properties = new Set(always);
    for (const field of fields) {
      if (field === '__typename') continue;
      const fromField = derived[field] ?? (this.hasProperty(field) ? [field] : undefined);
      if (fromField === undefined) return undefined;
      for (const property of fromField) properties.add(property);
    }
    return properties;
  }

  private columnsOf(properties: ReadonlySet<string> | undefined): ReadonlyArray<readonly [string, string]> {
    return properties === undefined ? this.columns : this.columns.filter(([, property]) => properties.has(property));
  }

  /** An instance holding the row's columns; a column the statement did not select is left out, not set to null. */
  fromRow(row: Record<string, unknown>): T {
    const entity = Object.create(this.prototype) as Record<string, unknown>;
    for (const [column, property] of this.columns) {
      if (column in row) entity[property] = row[column];
    }
    return entity as T;
  }

  fromRows(rows: ReadonlyArray<Record<string, unknown>>): T[] {
    return rows.map((row) => this.fromRow(row));
  }

  /** Rows that PostgreSQL aggregated into JSON (`jsonObject`), where timestamps arrive as ISO text. */
  fromJsonRows(rows: ReadonlyArray<Record<string, unknown>>): T[] {
    return rows.map((row) => {
      const entity = this.fromRow(row) as Record<string, unknown>;
      for (const [column, property] of this.columns) {
        const value = row[column];
        if (this.timestampColumns.has(column) && typeof value === 'string') entity[property] = new Date(value);
      }
      return entity as T;
    });
  }
}

// Metadata only (column names per entity), never rows: nothing of a request is kept here.
const READERS = new WeakMap<DataSource, Map<unknown, EntityRows<ObjectLiteral>>>();
