/**
 * A minimal RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF row ends, line breaks inside
 * quotes. Strict about what the exporter must produce: a row must end with CRLF.
 */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				field += '"';
				index++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\r' && text[index + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			index++;
		} else field += char;
	}
	if (field !== '' || row.length > 0) throw new Error('the CSV does not end with CRLF');
	return rows;
}
