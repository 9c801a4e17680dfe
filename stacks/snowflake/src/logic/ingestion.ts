import { qualify, splitSchema } from './names';
import type { FileFormatSpec, PipeSpec } from './spec';

/** Columns of a pipe's landing table: the raw record, the file it came from, and when it was loaded. */
export const LANDING_COLUMNS = [
  { name: 'RECORD', type: 'VARIANT', nullable: false },
  { name: 'FILENAME', type: 'VARCHAR', nullable: false },
  { name: 'LOADED_AT', type: 'TIMESTAMP_LTZ', nullable: false, defaultExpression: 'CURRENT_TIMESTAMP()' },
] as const;

/** The stage's FILE_FORMAT clause, pointing at a named format in the stage's schema. */
export function stageFileFormat(stageSchema: string, fileFormat: string): string {
  const { database, schema } = splitSchema(stageSchema);
  return `FORMAT_NAME = ${qualify(database, schema, fileFormat)}`;
}

/** The pipe's COPY INTO: every staged file's records into the landing table, with the file name. */
export function pipeCopyStatement(pipe: PipeSpec): string {
  const { database, schema } = splitSchema(pipe.schema);
  const table = qualify(database, schema, pipe.table);
  const stage = qualify(database, schema, pipe.stage);
  return `COPY INTO ${table} (RECORD, FILENAME) FROM (SELECT $1, METADATA$FILENAME FROM @${stage})`;
}

/** Provider arguments of a file format that only set what applies to its type. */
export function fileFormatOptions(format: FileFormatSpec): {
  formatType: string;
  compression: string;
  stripOuterArray?: boolean;
  skipHeader?: number;
} {
  const common = { formatType: format.type, compression: format.compression };
  switch (format.type) {
    case 'JSON':
      return { ...common, stripOuterArray: format.stripOuterArray };
    case 'CSV':
      return { ...common, skipHeader: format.skipHeader };
    case 'PARQUET':
      // Parquet has its own codecs (AUTO | LZO | SNAPPY | NONE); GZIP/ZSTD would be rejected.
      return { ...common, compression: format.compression === 'NONE' ? 'NONE' : 'AUTO' };
  }
}
