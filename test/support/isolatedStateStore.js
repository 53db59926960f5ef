// Every test gets its own embedded state store file, so that no test sees what another test (or an earlier run)
// remembered: nodes under test open the store named by STRIPE_CHAT_CHANNEL_STATE_FILE.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = mkdtempSync(join(tmpdir(), 'scc-test-state-'));
let count = 0;

beforeEach(() => {
	count += 1;
	process.env.STRIPE_CHAT_CHANNEL_STATE_FILE = join(root, `state-${count}.sqlite`);
});
