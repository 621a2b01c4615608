import { assertNever } from '@parley/domain';
import type { ApplyContext } from '@parley/projections';
import type { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

/**
 * At most this many parameters per statement: SQL Server takes 2,100 at most, and 1,000 rows per
 * VALUES list (every row here has at least two columns).
 */
const MAX_PARAMS = 2_000;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A run of writes to one table that one statement (or a few, by MAX_PARAMS) can do together:
 * - insert: rows with the same columns, one multi-row INSERT;
 * - replace: delete the row with the same key, then insert, for each row; together, one DELETE
 *   of every key and one INSERT of the last row given for each key;
 * - remove: rows matching equalities on the same columns, one DELETE with IN or OR;
 * - single: anything else (updates), as it came.
 */
type Run =
  | { kind: 'insert'; shape: string; columns: string[]; rows: Row[] }
  | { kind: 'replace'; shape: string; columns: string[]; key: string; rows: Map<unknown, Row> }
  | { kind: 'remove'; shape: string; columns: string[]; rows: Row[] }
  | { kind: 'single'; shape: string; sql: string; params: unknown[] };

// Column names come from code and from event fields whose schemas admit known keys only; checked anyway, as they go into SQL text.
function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a column name: ${name}`);
  return name;
}

const columnsOf = (row: Row): string[] => Object.keys(row).map(identifier);

/**
 * Writes for one batch of a projection, queued per table and sent as few statements as keep their
 * meaning. Within a table, writes run in the order given, consecutive writes of the same kind and
 * columns merged into one run; tables are independent (projection tables have no foreign keys
 * between them), so their queues may run in any order. Reads send everything queued first.
 * A directory sync writes hundreds of thousands of rows: one statement per row took twice as long.
 */
export class BatchedWriter {
  private readonly queues = new Map<string, Run[]>();

  constructor(
    private readonly tx: EntityManager,
    private readonly ctx: ApplyContext,
  ) {}

  insert(table: string, row: Row): void {
    const columns = columnsOf(row);
    const shape = `insert:${columns.join(',')}`;
    const run = this.last(table, shape);
    if (run?.kind === 'insert') run.rows.push(row);
    else this.queue(table).push({ kind: 'insert', shape, columns, rows: [row] });
  }

  /** Deletes the row whose `key` column equals this row's, then inserts this row. */
  replace(table: string, key: string, row: Row): void {
    const columns = columnsOf(row);
    const shape = `replace:${key}:${columns.join(',')}`;
    const run = this.last(table, shape);
    // A later row for the same key wins, as a second delete-and-insert would make it.
    if (run?.kind === 'replace') run.rows.set(row[key], row);
    else this.queue(table).push({ kind: 'replace', shape, columns, key, rows: new Map([[row[key], row]]) });
  }

  /** Deletes the rows whose columns equal `where`'s values. */
  remove(table: string, where: Row): void {
    const columns = columnsOf(where);
    const shape = `remove:${columns.join(',')}`;
    const run = this.last(table, shape);
    if (run?.kind === 'remove') run.rows.push(where);
    else this.queue(table).push({ kind: 'remove', shape, columns, rows: [where] });
  }

  update(table: string, values: Row, where: Row): void {
    const set = columnsOf(values);
    const params = [...set.map((c) => values[c]), ...columnsOf(where).map((c) => where[c])];
    const sql = `UPDATE ${this.ctx.table(table)} SET ${set.map((c, i) => `${c} = ${this.param(i)}`).join(', ')} WHERE ${this.equalities(columnsOf(where), set.length)}`;
    this.queue(table).push({ kind: 'single', shape: 'single', sql, params });
  }

  /** `column = column + delta` where `where` holds. */
  increment(table: string, column: string, delta: number, where: Row): void {
    const columns = columnsOf(where);
    const sql = `UPDATE ${this.ctx.table(table)} SET ${identifier(column)} = ${column} + ${Math.trunc(delta)} WHERE ${this.equalities(columns, 0)}`;
    this.queue(table).push({ kind: 'single', shape: 'single', sql, params: columns.map((c) => where[c]) });
  }

  /** The first row of `table` whose columns equal `where`'s values, after everything queued is written. */
  async readOne<T extends Row>(table: string, where: Row): Promise<T | undefined> {
    await this.flush();
    const columns = columnsOf(where);
    const rows = (await this.tx.query(`SELECT * FROM ${this.ctx.table(table)} WHERE ${this.equalities(columns, 0)}`, columns.map((c) => where[c]))) as T[];
    return rows[0];
  }

  /** Sends everything queued. */
  async flush(): Promise<void> {
    const queues = [...this.queues];
    this.queues.clear();
    for (const [table, runs] of queues) for (const run of runs) await this.execute(this.ctx.table(table), run);
  }

  private queue(table: string): Run[] {
    let runs = this.queues.get(table);
    if (!runs) this.queues.set(table, (runs = []));
    return runs;
  }

  private last(table: string, shape: string): Run | undefined {
    const run = this.queues.get(table)?.at(-1);
    return run?.shape === shape && run.kind !== 'single' ? run : undefined;
  }

  private async execute(table: string, run: Run): Promise<void> {
    switch (run.kind) {
      case 'single':
        await this.tx.query(run.sql, run.params);
        return;
      case 'insert':
        return this.insertRows(table, run.columns, run.rows);
      case 'replace': {
        const rows = [...run.rows.values()];
        await this.removeRows(table, [run.key], rows);
        return this.insertRows(table, run.columns, rows);
      }
      case 'remove':
        return this.removeRows(table, run.columns, run.rows);
      default:
        assertNever(run);
    }
  }

  private async insertRows(table: string, columns: string[], rows: Row[]): Promise<void> {
    const perStatement = Math.floor(MAX_PARAMS / columns.length);
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const tuples = chunk.map((_, r) => `(${columns.map((_, c) => this.param(r * columns.length + c)).join(', ')})`);
      await this.tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, chunk.flatMap((row) => columns.map((c) => row[c])));
    }
  }

  private async removeRows(table: string, columns: string[], rows: Row[]): Promise<void> {
    const perStatement = Math.floor(MAX_PARAMS / columns.length);
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const where =
        columns.length === 1
          ? `${columns[0]} IN (${chunk.map((_, r) => this.param(r)).join(', ')})`
          : chunk.map((_, r) => `(${this.equalities(columns, r * columns.length)})`).join(' OR ');
      await this.tx.query(`DELETE FROM ${table} WHERE ${where}`, chunk.flatMap((row) => columns.map((c) => row[c])));
    }
  }

  private equalities(columns: string[], firstParam: number): string {
    return columns.map((c, i) => `${c} = ${this.param(firstParam + i)}`).join(' AND ');
  }

  /** The dialect's placeholder of the n-th (0-based) positional parameter: `?`, `$1`, `@0`. */
  private param(n: number): string {
    return this.tx.connection.driver.createParameter(`p${n}`, n);
  }
}
