// What the organiser downloads from a kiosk: every stored response as JSON (the format the
// aggregation reads: {"records":[…]}) or as CSV for a spreadsheet. Pure functions; no scoring.

export const EXPORT_FORMAT = 'catalyse-export/1';

/** "YYYY-MM-DD" of `date` (local time): only in file names and the export's own date. */
export function dayOf(date = new Date()) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The export document. `unreadable` counts sealed entries that could not be opened (kept on the device). */
export function buildExport(records, { device = '', questionnaire = null, unreadable = 0, now = new Date() } = {}) {
  const doc = { format: EXPORT_FORMAT, exported: dayOf(now) };
  if (device) doc.device = device;
  if (questionnaire) doc.questionnaire = { id: questionnaire.id, version: questionnaire.version, hash: questionnaire.hash };
  doc.count = records.length;
  if (unreadable) doc.unreadable = unreadable;
  doc.records = records;
  return doc;
}

/** Safe file-name part: letters, digits, '-' and '_' only. */
export function fileSafe(text) {
  return String(text ?? '').normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

/** Answer columns in questionnaire order (a matrix gives one column per row: "question/row"). */
export function answerColumns(questionnaire) {
  const columns = [];
  for (const section of questionnaire?.sections ?? []) {
    for (const q of section?.questions ?? []) {
      if (q?.type === 'matrix' && Array.isArray(q.rows)) for (const r of q.rows) columns.push(`${q.id}/${r.id}`);
      else if (q?.id) columns.push(q.id);
    }
  }
  return columns;
}

function flatten(answers) {
  const out = new Map();
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) return out;
  for (const [key, value] of Object.entries(answers)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [row, v] of Object.entries(value)) out.set(`${key}/${row}`, v);
    } else {
      out.set(key, value);
    }
  }
  return out;
}

/** One CSV cell: quoted when needed; a leading = + - @ (spreadsheet formula) is neutralised. */
export function csvCell(value) {
  let text;
  if (value === null || value === undefined) text = '';
  else if (Array.isArray(value)) text = value.map(String).join('|');
  else text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark for spreadsheets): one line per response,
 * fixed columns then one column per answer (multiple choices joined with "|"). `separator`: ","
 * by default; ";" for spreadsheets set up in French (Excel in a French locale splits on ";" only,
 * and shows a comma-separated file in one column). Cells holding either are quoted.
 */
export function toCSV(records, questionnaire = null, { separator = ',' } = {}) {
  if (separator !== ',' && separator !== ';') throw new Error(`CSV separator: "," or ";", not ${JSON.stringify(separator)}`);
  const fixed = ['id', 'questionnaire', 'version', 'hash', 'lang', 'completed'];
  const columns = answerColumns(questionnaire);
  const known = new Set(columns);
  const flat = records.map((r) => flatten(r?.answers));
  const extra = new Set();
  for (const f of flat) for (const k of f.keys()) if (!known.has(k)) extra.add(k);
  const all = [...columns, ...[...extra].sort()];
  const lines = [[...fixed, ...all].map(csvCell).join(separator)];
  records.forEach((r, i) => {
    const cells = [r?.id, r?.questionnaire?.id, r?.questionnaire?.version, r?.questionnaire?.hash, r?.lang, r?.completed,
      ...all.map((c) => flat[i].get(c))];
    lines.push(cells.map(csvCell).join(separator));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
