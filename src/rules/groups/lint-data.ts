/** The rules judged by the lint-data work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';
import { nanInData } from '../nan-in-data.js';
import { nonNumericColumn } from '../non-numeric-column.js';
import { unscaledInputs } from '../unscaled-inputs.js';
import { constantFeature } from '../constant-feature.js';
import { preprocessingMismatch } from '../preprocessing-mismatch.js';
import { trainTestOverlap } from '../train-test-overlap.js';
import { conflictingLabels } from '../conflicting-labels.js';

export const LINT_DATA_RULES: AnyRule[] = [nanInData, nonNumericColumn, unscaledInputs, constantFeature, preprocessingMismatch, trainTestOverlap, conflictingLabels];
