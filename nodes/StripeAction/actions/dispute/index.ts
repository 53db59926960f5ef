import { defineResource } from '../operation';
import * as accept from './accept.operation';
import * as addEvidence from './addEvidence.operation';
import * as get from './get.operation';
import * as openEvidenceForm from './openEvidenceForm.operation';
import * as submit from './submit.operation';

export const dispute = defineResource({ name: 'Dispute', value: 'dispute' }, 'openEvidenceForm', [
	accept,
	addEvidence,
	get,
	openEvidenceForm,
	submit,
]);
