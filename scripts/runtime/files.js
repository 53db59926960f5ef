// @ts-check
// The small JSON files the runtime keeps (install markers, npm manifests) and the content hashes the markers record.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');

/**
 * The parsed content of `file`, or undefined when it is missing or not JSON (a marker that cannot be read counts
 * as absent, so the work it records is simply done again).
 * @param {string} file
 * @returns {any}
 */
function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * @param {string} file
 * @param {unknown} value
 */
function writeJson(file, value) {
	fs.writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
}

/** @param {string | Buffer} data */
function sha256(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

module.exports = { readJson, writeJson, sha256 };
